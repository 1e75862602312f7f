//! Two processes over loopback TCP: this test is the initiator, the `noise_responder` example (spawned as
//! a child process) the responder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use tradeseal::noise::{
    encode_frame, FrameDecoder, NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair, FRAME_HEADER_BYTES,
    NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::{hex, NoiseSession};

fn send(stream: &mut TcpStream, session: &mut NoiseSession, payload: &[u8]) {
    let mut message = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let n = session.write_message(1, payload, &mut message).unwrap();
    let mut frame = vec![0u8; FRAME_HEADER_BYTES + n];
    encode_frame(&message[..n], &mut frame).unwrap();
    stream.write_all(&frame).unwrap();
}

fn receive(stream: &mut TcpStream, decoder: &mut FrameDecoder, session: &mut NoiseSession) -> Vec<u8> {
    let mut chunk = [0u8; 7]; // small reads exercise partial frames
    let mut pending = Vec::new();
    loop {
        if let Some(frame) = decoder.take_frame() {
            let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
            let n = session.read_message(1, frame, &mut out).unwrap();
            assert!(pending.is_empty(), "one frame at a time in this test");
            return out[..n].to_vec();
        }
        if pending.is_empty() {
            let n = stream.read(&mut chunk).unwrap();
            assert_ne!(n, 0, "responder closed early");
            pending.extend_from_slice(&chunk[..n]);
        }
        let used = decoder.feed(&pending);
        pending.drain(..used);
    }
}

#[test]
fn initiator_and_responder_in_two_processes() {
    let responder_key = StaticKeypair::generate().unwrap();
    let initiator_key = StaticKeypair::generate().unwrap();
    // Examples are built next to the test binaries: target/<profile>/examples/.
    let test_exe = std::env::current_exe().unwrap();
    let examples = test_exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples");
    let mut child = Command::new(examples.join("noise_responder"))
        .arg(hex::encode(responder_key.private_bytes()))
        .arg(hex::encode(initiator_key.public()))
        .stdout(Stdio::piped())
        .spawn()
        .expect("the noise_responder example is built by cargo test");
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", port.trim().parse::<u16>().unwrap())).unwrap();

    let mut builder = NoiseBuilder::new(NoiseProtocol::default());
    builder
        .local_keypair(&initiator_key)
        .unwrap()
        .allow_peer(responder_key.public())
        .unwrap();
    builder.prologue(b"tradeseal noise tcp example").unwrap();
    let mut session = builder.build_initiator(0).unwrap();
    let mut decoder = FrameDecoder::new();
    send(&mut stream, &mut session, b"");
    receive(&mut stream, &mut decoder, &mut session);
    send(&mut stream, &mut session, b"");
    assert_eq!(session.state(), SessionState::Transport);
    assert_eq!(session.remote_static().unwrap(), Some(responder_key.public()));

    for i in 0..250 {
        let order = format!("buy {i} eurusd");
        send(&mut stream, &mut session, order.as_bytes());
        assert_eq!(
            receive(&mut stream, &mut decoder, &mut session),
            order.to_uppercase().into_bytes()
        );
    }
    drop(stream);
    assert!(child.wait().unwrap().success());
}
