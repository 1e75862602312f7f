//! Crash safety of a persisted `Guard`: a real child process accepts a stream, is killed with SIGKILL
//! mid-stream, and the reopened guard must refuse everything the child may have accepted.
//!
//! The child is this same test binary, re-run with `TSEAL_CRASH_STATE` set so that
//! `child_accepts_until_killed` does the work instead of returning at once.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::SubscriptionId;

const STATE_ENV: &str = "TSEAL_CRASH_STATE";
const STREAM: SubscriptionId = SubscriptionId::from_bytes([0xc4; 16]);

fn config() -> GuardConfig {
    GuardConfig {
        reserve_ahead: 64,
        ..GuardConfig::default()
    }
}

/// The child: accepts 1, 2, 3, ... and prints each number after it was committed, until killed.
#[test]
fn child_accepts_until_killed() {
    let Some(path) = std::env::var_os(STATE_ENV) else {
        return;
    };
    let guard = Guard::open(path, config()).expect("open");
    // Like a restarted sender, start again at 1: what the guard saw before is refused.
    let mut seq = 0;
    loop {
        seq += 1;
        match guard.check(STREAM, seq, 0) {
            Ok(admission) => {
                guard.commit(admission, 0).expect("commit");
                println!("accepted {seq}");
            }
            Err(_) => println!("refused {seq}"),
        }
    }
}

/// Runs the child until it reported `at_least` acceptances, kills it, and returns the last one it reported.
fn run_child_and_kill(path: &std::path::Path, at_least: u64) -> u64 {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "child_accepts_until_killed",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(STATE_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut accepted = 0;
    for line in lines.by_ref() {
        if let Some(n) = line.expect("line").strip_prefix("accepted ") {
            accepted = n.parse().expect("number");
            if accepted >= at_least {
                break;
            }
        }
    }
    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
    child.wait().expect("wait");
    for line in lines.map_while(Result::ok) {
        if let Some(n) = line.strip_prefix("accepted ") {
            accepted = n.parse().expect("number");
        }
    }
    accepted
}

#[test]
fn nothing_accepted_before_a_kill_9_is_accepted_after_restart() {
    let dir = std::env::temp_dir().join(format!("tseal-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("guard.state");
    let mut reported = 0;
    for round in 1..=3 {
        let last = run_child_and_kill(&path, reported + 500);
        assert!(last > reported, "round {round}: the child made progress");
        // Everything the child reported as accepted must be refused now. (It may also have committed
        // `last + 1` without printing it; then that number's reservation was on disk first, by design.)
        let guard = Guard::open(&path, config()).expect("reopen");
        for seq in 1..=last {
            assert!(
                guard.check(STREAM, seq, 0).is_err(),
                "round {round}: {seq} accepted twice"
            );
        }
        reported = last;
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
