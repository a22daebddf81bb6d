//! The `livehost` binary as a lab runs it: `serve` stopped with SIGTERM
//! (calls in flight finished, pages' sockets closed with 1001, exit 0) and
//! restarted on the same file; the `upload` and `session` commands against
//! it; a host killed in the middle of an async call, and one killed while
//! four groups send as fast as their websockets go (nothing acknowledged
//! or shown is lost); a SIGTERM right after start. (`demo` is in
//! demo.rs: it builds a Python component, which would starve these tests'
//! timing of CPU if it ran beside them.)

use std::path::Path;

use hyper::Method;
use livehost_tests::process::{Process, livehost, start};
use livehost_tests::server::{Frame, PageView, TOKEN, http};
use serde_json::json;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_livehost");

fn serve(data: &Path) -> Process {
    serve_with(data, &[])
}

/// `livehost serve` on `data` with the test token and `extra` arguments.
fn serve_with(data: &Path, extra: &[&str]) -> Process {
    let mut args = vec![
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--admin-token",
        TOKEN,
    ];
    args.extend_from_slice(extra);
    start(BIN, &args)
}

fn cli(args: &[&str], url: &str) -> String {
    let out = livehost(BIN, args)
        .args(["--url", url, "--admin-token", TOKEN])
        .output()
        .expect("run livehost");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "livehost {args:?} failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn sigterm_finishes_calls_closes_pages_and_a_restart_resumes() {
    let auction = livehost_tests::guest_path("auction");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = serve(&data);
    let url = format!("http://{}", server.addr);
    let upload = livehost(BIN, &["upload", auction.to_str().unwrap()])
        .args(["--url", &url, "--admin-token", TOKEN])
        .output()
        .expect("run livehost upload");
    let out = String::from_utf8_lossy(&upload.stdout);
    assert!(out.starts_with("uploaded auction ("), "{out}");
    // The upload's progress, on stderr.
    let progress = String::from_utf8_lossy(&upload.stderr);
    assert!(progress.contains("uploading: 100% of"), "{progress}");
    let out = cli(&["session", "create", "auction", "-n", "2"], &url);
    let links: Vec<&str> = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .collect();
    assert_eq!(links.len(), 2, "{out}");
    let code = |link: &str| link.rsplit('/').next().unwrap().to_string();
    let (a, b) = (code(links[0]), code(links[1]));
    livehost_tests::rt().block_on(async {
        let mut view_a = PageView::open(server.addr, &a, Some("Auction"), "a").await;
        let mut view_b = PageView::open(server.addr, &b, Some("Auction"), "b").await;
        // B's page asks for the history first, as a page does on load: its
        // view is then among the group's before A's bid is broadcast.
        let history = view_b.send(&json!({})).await;
        view_b.until_ack(history).await.unwrap();
        let id = view_a.send(&json!(21)).await;
        view_a.until_ack(id).await.unwrap();
        view_b.recv().await;
        // A message sent just before the signal is still answered.
        let id = view_a.send(&json!(22)).await;
        let status = tokio::task::spawn_blocking(move || server.terminate())
            .await
            .unwrap();
        assert!(
            status.success(),
            "livehost exits cleanly on SIGTERM: {status}"
        );
        // Before its socket is closed with 1001, the page gets the answer
        // to the message in flight (its reply, then its ack) if the host
        // had taken it; never an error, never a close without a code.
        let (mut answered, mut closed) = (false, false);
        // Bounded: a reply, an ack, the close.
        for _ in 0..3 {
            match view_a.frame().await {
                Frame::Recv(v) => assert_eq!(v, json!({"id_in_group": 1, "bid": 22})),
                Frame::Ack {
                    id: a,
                    again: false,
                } if a == id => answered = true,
                Frame::Closed { code, .. } => {
                    assert_eq!(code, 1001, "pages are told the host is going away");
                    closed = true;
                    break;
                }
                other => panic!("the message in flight at SIGTERM got {other:?}"),
            }
        }
        assert!(closed, "the page's socket was closed with 1001");

        let server = serve(&data);
        let bids = vec![
            json!({"id_in_group": 1, "bid": 21}),
            json!({"id_in_group": 1, "bid": 22}),
        ];
        let mut view = PageView::open(server.addr, &b, Some("Auction"), "after").await;
        let history_id = view.send(&json!({})).await;
        let history = view.until_ack(history_id).await.unwrap();
        if answered {
            // Acked before the stop: committed before the stop.
            assert_eq!(history, bids, "bid 22 was acked");
        } else {
            // Not taken before the stop: live.js sends it again, and it
            // is applied now, once.
            assert_eq!(history, bids[..1], "bid 22 was not acked");
            let mut again = PageView::open(server.addr, &a, Some("Auction"), "a").await;
            again
                .send_raw(&json!({"id": id, "data": 22}).to_string())
                .await;
            assert_eq!(again.until_ack(id).await.unwrap(), bids[1..]);
        }
        let (status, page) =
            http(Method::GET, &format!("http://{}/p/{a}", server.addr), None).await;
        assert!(
            status.is_success() && page.contains("You are bidder 1"),
            "{page}"
        );
        let out = cli(
            &["session", "show", &session_of(&out)],
            &format!("http://{}", server.addr),
        );
        assert!(out.contains("round 1, Auction"), "{out}");
        assert!(
            tokio::task::spawn_blocking(move || server.terminate())
                .await
                .unwrap()
                .success()
        );
    });
}

/// The session code from `session create`'s first line.
fn session_of(out: &str) -> String {
    out.split_whitespace().nth(1).unwrap().to_string()
}

#[test]
fn a_host_killed_mid_call_keeps_the_committed_segments_and_showed_nothing_else() {
    let streaming = livehost_tests::guest_path("streaming");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = serve(&data);
    let url = format!("http://{}", server.addr);
    cli(&["upload", streaming.to_str().unwrap()], &url);
    let out = cli(&["session", "create", "streaming", "-n", "2"], &url);
    let session = session_of(&out);
    let links: Vec<&str> = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .collect();
    let code = |link: &str| link.rsplit('/').next().unwrap().to_string();
    let (a, b) = (code(links[0]), code(links[1]));
    let received = livehost_tests::rt().block_on(async {
        let mut sender = PageView::open(server.addr, &a, Some("live"), "a").await;
        let mut other = PageView::open(server.addr, &b, Some("live"), "b").await;
        sender
            .send(&json!({"do": "stream", "n": 50, "ms": 100}))
            .await;
        for i in 1..=3 {
            assert_eq!(other.recv().await, json!({"i": i}));
        }
        3
    });
    server.kill();
    // Reopen the file as the restarted host would.
    let store = livehost::store::Store::open(&data).unwrap();
    let state = store.session_state(&session).unwrap();
    let emitted: u64 = state
        .iter()
        .find(|(_, key, _)| key == "emitted")
        .map(|(_, _, v)| v.parse().unwrap())
        .unwrap();
    assert!(
        emitted >= received,
        "a page saw message {received}, but only {emitted} segments are committed"
    );
    assert!(emitted < 50, "the call was cut short");
    let log = store.messages(&session, None, 1000).unwrap();
    let segments: Vec<u32> = log.iter().map(|(_, m)| m.segment).collect();
    assert_eq!(
        segments,
        (1..=emitted as u32).collect::<Vec<_>>(),
        "every committed segment is logged"
    );
    store.close();
}

#[test]
fn a_host_killed_under_load_kept_every_message_it_acknowledged_and_showed() {
    // Four groups count as fast as their websockets go; SIGKILL mid-stream.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = serve_with(&data, &["--rate", "100000", "--burst", "100000"]);
    let url = format!("http://{}", server.addr);
    cli(
        &[
            "upload",
            livehost_tests::guest_path("faulty").to_str().unwrap(),
        ],
        &url,
    );
    let out = cli(&["session", "create", "faulty", "-n", "8"], &url);
    let session = session_of(&out);
    let links: Vec<String> = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .map(|link| link.rsplit('/').next().unwrap().to_string())
        .collect();
    // Per group: (counts shown to its first player, message numbers acked).
    let seen = livehost_tests::rt().block_on(async {
        let mut groups = Vec::new();
        // Each group says when it has 20 acks; the host is killed then.
        let (running, mut ran) = tokio::sync::mpsc::channel::<()>(4);
        for g in 0..4 {
            let (addr, code, running) = (server.addr, links[g * 2].clone(), running.clone());
            groups.push(tokio::spawn(async move {
                let mut view = PageView::open(addr, &code, Some("act"), "v").await;
                let (mut shown, mut acked) = (Vec::new(), Vec::new());
                // Bounded: the host is killed long before this ends.
                for n in 0..100_000u64 {
                    view.send(&json!({"do": "count", "n": n})).await;
                    loop {
                        match view.frame().await {
                            Frame::Recv(v) => shown.push(v.as_u64().unwrap()),
                            Frame::Ack { .. } => {
                                acked.push(n);
                                if acked.len() == 20 {
                                    running.send(()).await.expect("the test waits");
                                }
                                break;
                            }
                            // SIGKILL: the socket ends without a close.
                            Frame::Dropped { .. } => return (shown, acked),
                            other => panic!("unexpected {other:?}"),
                        }
                    }
                }
                (shown, acked)
            }));
        }
        for _ in 0..4 {
            ran.recv().await.expect("every group runs");
        }
        server.kill();
        let mut seen = Vec::new();
        for g in groups {
            seen.push(g.await.unwrap());
        }
        seen
    });
    // The file as the restarted host finds it.
    let store = livehost::store::Store::open(&data).unwrap();
    let log = store.messages(&session, None, usize::MAX).unwrap();
    for (g, (shown, acked)) in seen.iter().enumerate() {
        let group_id = g as u32 + 1;
        let committed: u64 = store
            .state(&livehost::store::StateKey {
                session: session.as_str().into(),
                scope: livehost::store::Scope::Group { group_id, round: 1 },
                key: "n".into(),
            })
            .unwrap()
            .map_or(0, |v| v.parse().unwrap());
        assert!(acked.len() >= 20, "group {group_id} ran: {acked:?}");
        assert!(
            shown.iter().all(|&c| c <= committed),
            "group {group_id} was shown a count past the committed {committed}"
        );
        let logged: Vec<u64> = log
            .iter()
            .filter(|(_, m)| m.group_id == group_id)
            .map(|(_, m)| {
                serde_json::from_str::<serde_json::Value>(&m.data).unwrap()["n"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            logged.len() as u64,
            committed,
            "group {group_id}: one log entry per committed count"
        );
        for n in acked {
            assert!(
                logged.contains(n),
                "group {group_id}: message {n} was acknowledged but is not in the log"
            );
        }
    }
    // What each group's log holds of the message in flight at the kill.
    let in_flight: Vec<(u64, usize, u64)> = seen
        .iter()
        .enumerate()
        .map(|(g, (_, acked))| {
            let n = acked.len() as u64;
            let logged = log
                .iter()
                .filter(|(_, m)| {
                    m.group_id == g as u32 + 1
                        && serde_json::from_str::<serde_json::Value>(&m.data).unwrap()["n"] == n
                })
                .count();
            let committed = log
                .iter()
                .filter(|(_, m)| m.group_id == g as u32 + 1)
                .count();
            (n, logged, committed as u64)
        })
        .collect();
    store.close();
    drop(store);
    // The host starts again on that file, and each page sends its
    // unanswered message again (live.js does): applied now if the kill
    // lost it, acked as applied already if it was committed; never twice.
    let server = serve(&data);
    livehost_tests::rt().block_on(async {
        for (g, &(n, logged, committed)) in in_flight.iter().enumerate() {
            assert!(
                logged <= 1,
                "group {}: message {n} logged {logged} times",
                g + 1
            );
            let mut view = PageView::open(server.addr, &links[g * 2], Some("act"), "v").await;
            view.send_raw(&json!({"id": n + 1, "data": {"do": "count", "n": n}}).to_string())
                .await;
            if logged == 1 {
                view.ack(n + 1, true).await;
            } else {
                assert_eq!(view.until_ack(n + 1).await, Ok(vec![json!(committed + 1)]));
            }
        }
    });
    assert!(server.terminate().success());
    let store = livehost::store::Store::open(&data).unwrap();
    let log = store.messages(&session, None, usize::MAX).unwrap();
    for (g, &(n, _, _)) in in_flight.iter().enumerate() {
        let times = log
            .iter()
            .filter(|(_, m)| {
                m.group_id == g as u32 + 1
                    && serde_json::from_str::<serde_json::Value>(&m.data).unwrap()["n"] == n
            })
            .count();
        assert_eq!(
            times,
            1,
            "group {}: the resent message {n} is applied once",
            g + 1
        );
    }
    store.close();
}

#[test]
fn a_sigterm_right_after_the_host_says_where_it_listens_stops_it_cleanly() {
    // A service manager or a script may stop the host as soon as it is up:
    // the signal handlers are in place before the address is printed.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    for _ in 0..10 {
        let server = serve(&data);
        let status = server.terminate();
        assert!(status.success(), "stopped at once: {status}");
    }
}
