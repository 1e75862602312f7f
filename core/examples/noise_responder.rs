//! A Noise XX responder over TCP: prints the port it listens on, accepts one connection, completes the
//! handshake (pinning the initiator's static key), then echoes every transport message in upper case
//! until the peer closes the connection.
//!
//! Usage: `noise_responder <responder private key hex> <allowed initiator public key hex>`
//! (the two-process test in `core/tests/noise_tcp.rs` runs it).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

use tradeseal::noise::NOISE_MAX_MESSAGE_BYTES;
use tradeseal::noise::{
    encode_frame, FrameDecoder, NoiseBuilder, NoiseProtocol, StaticKeypair, FRAME_HEADER_BYTES,
};
use tradeseal::{hex, Error, NoiseSession};

/// Reads one frame from the stream.
fn read_frame(stream: &mut TcpStream, decoder: &mut FrameDecoder) -> Result<Vec<u8>, Error> {
    let mut byte = [0u8; 1];
    loop {
        if let Some(frame) = decoder.take_frame() {
            return Ok(frame.to_vec());
        }
        // One byte at a time keeps the example free of buffering; the decoder handles any split.
        stream.read_exact(&mut byte).map_err(|_| Error::Io)?;
        decoder.feed(&byte);
    }
}

fn send(stream: &mut TcpStream, session: &mut NoiseSession, now: u64, payload: &[u8]) -> Result<(), Error> {
    let mut message = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let n = session.write_message(now, payload, &mut message)?;
    let mut frame = vec![0u8; FRAME_HEADER_BYTES + n];
    encode_frame(&message[..n], &mut frame)?;
    stream.write_all(&frame).map_err(|_| Error::Io)
}

fn run(private: &str, allowed: &str) -> Result<(), Error> {
    let mut builder = NoiseBuilder::new(NoiseProtocol::default());
    builder.local_keypair(&StaticKeypair::from_private(&hex::decode(private)?)?)?;
    builder.allow_peer(&hex::decode(allowed)?)?;
    builder.prologue(b"tradeseal noise tcp example")?;
    let clock = Instant::now();
    let now = || u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut session = builder.build_responder(now())?;

    let listener = TcpListener::bind("127.0.0.1:0").map_err(|_| Error::Io)?;
    println!("{}", listener.local_addr().map_err(|_| Error::Io)?.port());
    let (mut stream, _) = listener.accept().map_err(|_| Error::Io)?;
    let mut decoder = FrameDecoder::new();
    let mut payload = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    loop {
        if session.is_my_turn() && session.state() == tradeseal::SessionState::Handshaking {
            send(&mut stream, &mut session, now(), b"")?;
            continue;
        }
        let frame = match read_frame(&mut stream, &mut decoder) {
            Ok(frame) => frame,
            Err(Error::Io) => return Ok(()), // the peer closed the connection
            Err(e) => return Err(e),
        };
        let n = session.read_message(now(), &frame, &mut payload)?;
        if session.state() == tradeseal::SessionState::Transport && n > 0 {
            let reply = payload[..n].to_ascii_uppercase();
            send(&mut stream, &mut session, now(), &reply)?;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, private, allowed] = args.as_slice() else {
        eprintln!("usage: noise_responder <private key hex> <allowed initiator public key hex>");
        std::process::exit(2);
    };
    if let Err(e) = run(private, allowed) {
        eprintln!("noise_responder: {}", e.name());
        std::process::exit(1);
    }
}
