//! The Rust side of the cross-language Noise test: plays `tests/interop/conversation.json` over loopback
//! TCP (see `tests/interop/README.md`; `scripts/test-interop.sh` runs it against the C++ peer).
//!
//! Usage: `interop_peer server|client CONVERSATION [--port N] [--reject | --expect-closed]`

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use serde_json::Value;
use tradeseal::noise::{
    encode_frame, FrameDecoder, NoiseBuilder, NoiseProtocol, StaticKeypair, FRAME_HEADER_BYTES,
    NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::signal::Signal;
use tradeseal::{hex, Decimal, Error, Keyring, MacKey, NoiseSession, OrderType, SessionState, Symbol};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A failure of the conversation, printed before exiting with status 1.
type Outcome<T> = Result<T, String>;

fn lib(e: Error) -> String {
    e.name().to_owned()
}

struct Channel {
    stream: TcpStream,
    session: NoiseSession,
    decoder: FrameDecoder,
    pending: Vec<u8>,
    clock: Instant,
}

impl Channel {
    fn now(&self) -> u64 {
        u64::try_from(self.clock.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn send(&mut self, payload: &[u8]) -> Outcome<()> {
        let mut message = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
        let n = self
            .session
            .write_message(self.now(), payload, &mut message)
            .map_err(lib)?;
        let mut frame = vec![0u8; FRAME_HEADER_BYTES + n];
        encode_frame(&message[..n], &mut frame).map_err(lib)?;
        self.stream.write_all(&frame).map_err(|e| e.to_string())
    }

    /// The next payload, or `None` when the peer closed the connection.
    fn receive(&mut self) -> Result<Option<Vec<u8>>, Error> {
        loop {
            if let Some(frame) = self.decoder.take_frame() {
                let mut out = vec![0u8; frame.len()];
                let now = u64::try_from(self.clock.elapsed().as_millis()).unwrap_or(u64::MAX);
                let n = self.session.read_message(now, frame, &mut out)?;
                out.truncate(n);
                return Ok(Some(out));
            }
            if self.pending.is_empty() {
                let mut chunk = [0u8; 4096];
                match self.stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return Ok(None),
                    Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                }
            }
            let used = self.decoder.feed(&self.pending);
            self.pending.drain(..used);
        }
    }
}

fn text<'a>(v: &'a Value, name: &str) -> Outcome<&'a str> {
    v[name].as_str().ok_or(format!("{name} is not a string"))
}

fn int(v: &Value, name: &str) -> Outcome<u64> {
    v[name].as_u64().ok_or(format!("{name} is not an integer"))
}

fn bytes(v: &Value, name: &str) -> Outcome<Vec<u8>> {
    hex::decode(text(v, name)?).map_err(lib)
}

fn decimal(v: &Value, prefix: &str) -> Outcome<Decimal> {
    let units = i64::try_from(int(v, &format!("{prefix}_units"))?).map_err(|e| e.to_string())?;
    let decimals = u8::try_from(int(v, &format!("{prefix}_decimals"))?).map_err(|e| e.to_string())?;
    Decimal::new(units, decimals).map_err(lib)
}

fn signal_of(v: &Value) -> Outcome<Signal<'_>> {
    Ok(Signal {
        subscription_id: text(v, "subscription_id")?.parse().map_err(lib)?,
        sequence: int(v, "sequence")?,
        generated_at_ms: int(v, "generated_at_ms")?,
        symbol: Symbol::new(text(v, "symbol")?).map_err(lib)?,
        order_type: OrderType::try_from(u8::try_from(int(v, "order_type")?).map_err(|e| e.to_string())?)
            .map_err(lib)?,
        volume: decimal(v, "volume")?,
        price: decimal(v, "price")?,
    })
}

fn payload_of(step: &Value, keys: &Keyring<MacKey>) -> Outcome<Vec<u8>> {
    if let Some(t) = step["text"].as_str() {
        return Ok(t.as_bytes().to_vec());
    }
    if let Some(n) = step["fill"].as_u64() {
        return Ok((0..n).map(|i| (i % 251) as u8).collect());
    }
    signal_of(&step["signal"])?.sign(keys).map_err(lib)
}

fn check_step(step: &Value, payload: &[u8], keys: &Keyring<MacKey>, key_id: u32) -> Outcome<()> {
    if step.get("signal").is_none() {
        return if payload == payload_of(step, keys)? {
            Ok(())
        } else {
            Err(format!("payload differs ({} bytes)", payload.len()))
        };
    }
    let got = Signal::verify(keys, payload).map_err(lib)?;
    let want = signal_of(&step["signal"])?;
    if *got != want || got.key_id() != Some(key_id) {
        return Err(format!("signal differs: {:?}", *got));
    }
    Ok(())
}

struct Args {
    server: bool,
    conversation: String,
    port: u16,
    reject: bool,
    expect_closed: bool,
}

fn parse_args() -> Outcome<Args> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: interop_peer server|client CONVERSATION [--port N] [--reject | --expect-closed]";
    let (role, conversation) = match argv.as_slice() {
        [role, conversation, ..] if role == "server" || role == "client" => (role, conversation),
        _ => return Err(usage.into()),
    };
    let mut args = Args {
        server: role == "server",
        conversation: conversation.clone(),
        port: 0,
        reject: false,
        expect_closed: false,
    };
    let mut rest = argv[2..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => args.port = rest.next().and_then(|p| p.parse().ok()).ok_or(usage)?,
            "--reject" => args.reject = true,
            "--expect-closed" => args.expect_closed = true,
            _ => return Err(usage.into()),
        }
    }
    Ok(args)
}

fn run() -> Outcome<()> {
    let args = parse_args()?;
    let conv: Value =
        serde_json::from_str(&std::fs::read_to_string(&args.conversation).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let (me, peer) = if args.server {
        ("server", "client")
    } else {
        ("client", "server")
    };
    let pinned = bytes(
        &conv,
        &if args.reject {
            "stranger_public".into()
        } else {
            format!("{peer}_public")
        },
    )?;
    let mut builder = NoiseBuilder::new(NoiseProtocol::from_name(text(&conv, "protocol")?).map_err(lib)?);
    let local = StaticKeypair::from_private(&bytes(&conv, &format!("{me}_private"))?).map_err(lib)?;
    builder
        .prologue(&bytes(&conv, "prologue")?)
        .and_then(|b| b.local_keypair(&local))
        .and_then(|b| b.allow_peer(&pinned))
        .map_err(lib)?;
    let key_id = u32::try_from(int(&conv, "mac_key_id")?).map_err(|e| e.to_string())?;
    let keys = Keyring::with_primary(
        key_id,
        MacKey::from_bytes(&bytes(&conv, "mac_key")?).map_err(lib)?,
    );

    let clock = Instant::now();
    let (stream, session) = if args.server {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        println!(
            "port {}",
            listener.local_addr().map_err(|e| e.to_string())?.port()
        );
        let (stream, _) = listener.accept().map_err(|e| e.to_string())?;
        (stream, builder.build_responder(0).map_err(lib)?)
    } else {
        let stream = TcpStream::connect(("127.0.0.1", args.port)).map_err(|e| e.to_string())?;
        (stream, builder.build_initiator(0).map_err(lib)?)
    };
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    let mut channel = Channel {
        stream,
        session,
        decoder: FrameDecoder::new(),
        pending: Vec::new(),
        clock,
    };

    while channel.session.state() == SessionState::Handshaking {
        if channel.session.is_my_turn() {
            channel.send(b"")?;
            continue;
        }
        match channel.receive() {
            Ok(Some(_)) => {}
            Ok(None) if args.expect_closed => {
                println!("closed as expected");
                return Ok(());
            }
            Ok(None) => return Err("connection closed during the handshake".into()),
            Err(Error::PeerNotAllowed) if args.reject => {
                println!("rejected TSEAL_PEER_NOT_ALLOWED");
                return Ok(());
            }
            Err(e) => return Err(lib(e)),
        }
    }
    if args.reject {
        return Err("the handshake with a stranger's key succeeded".into());
    }
    if channel.session.remote_static().map_err(lib)?.map(|k| &k[..]) != Some(&pinned[..]) {
        return Err("the peer's static key is not the pinned one".into());
    }
    println!(
        "handshake_hash {}",
        hex::encode(channel.session.handshake_hash().map_err(lib)?)
    );
    if args.expect_closed {
        return match channel.receive() {
            Ok(None) => {
                println!("closed as expected");
                Ok(())
            }
            _ => Err("the peer sent data although it should have refused the handshake".into()),
        };
    }
    let steps = conv["steps"].as_array().ok_or("steps is not an array")?;
    for (index, step) in steps.iter().enumerate() {
        if text(step, "from")? == me {
            channel.send(&payload_of(step, &keys)?)?;
        } else {
            let payload = channel
                .receive()
                .map_err(lib)?
                .ok_or(format!("step {index}: connection closed"))?;
            check_step(step, &payload, &keys, key_id).map_err(|e| format!("step {index}: {e}"))?;
        }
    }
    channel
        .stream
        .shutdown(Shutdown::Write)
        .map_err(|e| e.to_string())?;
    if channel.receive().map_err(lib)?.is_some() {
        return Err("data after the last step".into());
    }
    println!("ok {} steps", steps.len());
    Ok(())
}

fn main() {
    if let Err(message) = run() {
        eprintln!("interop_peer: {message}");
        std::process::exit(1);
    }
}
