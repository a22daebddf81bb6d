//! A host killed with SIGKILL while it serves a stream of live messages:
//! after reopening its data file, every reply it had released matches
//! committed state ("a crash can lose a message in flight, never show one
//! whose state is gone").
//!
//! The child is this same test binary, running `crash_child` (ignored in
//! normal runs, and a no-op without LIVEHOST_CRASH_DIR).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const GROUPS: u32 = 4;

#[test]
#[ignore = "the child half of sigkill_never_loses_a_released_reply"]
fn crash_child() {
    let Some(dir) = std::env::var_os("LIVEHOST_CRASH_DIR") else {
        return;
    };
    livehost_tests::rt().block_on(async move {
        let data = std::path::Path::new(&dir).join("data.redb");
        let host = livehost::Livehost::open(livehost_tests::config(&data)).unwrap();
        let s = livehost_tests::create_session(&host, "faulty", GROUPS * 2).await;
        println!("session {}", s.code);
        let mut tasks = Vec::new();
        for g in 0..GROUPS as usize {
            let host = host.clone();
            let code = s.participants[g * 2].code.clone();
            let group = g + 1;
            tasks.push(tokio::spawn(async move {
                // Bounded: the parent kills us long before this ends.
                for _ in 0..200_000 {
                    let d = host
                        .live_message(&code, None, r#"{"do":"count"}"#)
                        .await
                        .unwrap_or_else(|e| panic!("group {group}: {e}"));
                    // Released: the reply is durable now. Say so.
                    println!("reply {group} {}", d[0].payload);
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
    });
}

#[test]
fn sigkill_never_loses_a_released_reply() {
    // Build the guest before starting the child's clock.
    livehost_tests::guest("faulty");
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash::crash_child",
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LIVEHOST_CRASH_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(
            std::fs::File::create(dir.path().join("stderr")).expect("the child's stderr file"),
        ))
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut session = None;
    let mut released: HashMap<u32, u64> = HashMap::new();
    let mut count = 0;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        // libtest may print "test crash_child ... " before the child's first line.
        let line = line.rsplit(" ... ").next().unwrap_or(&line).to_string();
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["session", code] => session = Some(code.to_string()),
            ["reply", group, n] => {
                let (g, n): (u32, u64) = (group.parse().unwrap(), n.parse().unwrap());
                let e = released.entry(g).or_default();
                *e = (*e).max(n);
                count += 1;
                if count == 2000 {
                    // Kill it in the middle of the stream.
                    child.kill().unwrap();
                    break;
                }
            }
            _ => {}
        }
    }
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert_eq!(
        count,
        2000,
        "the child stopped early ({status}); its stderr:\n{}",
        std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default()
    );
    let session = session.expect("the child said its session");

    // Reopen the file as a restarted host would.
    let store = livehost::store::Store::open(&dir.path().join("data.redb")).unwrap();
    let state = store.session_state(&session).unwrap();
    for g in 1..=GROUPS {
        let committed: u64 = state
            .iter()
            .find(|(scope, key, _)| {
                key == "n" && matches!(scope, livehost::store::Scope::Group { group_id, .. } if *group_id == g)
            })
            .map(|(_, _, v)| v.parse().unwrap())
            .unwrap_or(0);
        let shown = released.get(&g).copied().unwrap_or(0);
        assert!(
            committed >= shown,
            "group {g}: a reply showed n = {shown}, but only {committed} is committed"
        );
    }
    // Every released reply's message is in the message log, numbered in order.
    let log = store.messages(&session, None, usize::MAX).unwrap();
    for g in 1..=GROUPS {
        let logged = log
            .iter()
            .filter(|(_, m)| m.group_id == g && m.error.is_none())
            .count() as u64;
        assert!(
            logged >= released.get(&g).copied().unwrap_or(0),
            "group {g}: messages missing from the log"
        );
    }
    store.close();
}
