//! README promises that had no test: the state limits of one call, the
//! queue of each group, the largest component, async calls in flight,
//! group commit, later calls reading writes still in flight with replies
//! in commit order, a resend while the original is in flight, the admin
//! API's 503 "too busy", `--admin-token-file`, and an async call's HTTP
//! limits (16 requests, 16 MiB a body, and a fetch whose answer or body
//! stalls, with `Limits::fetch_stall` shortened).

use std::time::Duration;

use hyper::{Method, StatusCode};
use livehost::live::LiveError;
use livehost::store::Store;
use livehost::{Config, Livehost};
use livehost_tests::server::{Frame, PageView, TOKEN, TestServer};
use livehost_tests::storage::{Disk, LossyBackend};
use livehost_tests::{TestHost, create_session, ops_guest, rt};
use serde_json::{Value, json};
use std::sync::Arc;

/// The ops guest's outcomes for `ops`, sent by `code`.
async fn ops(host: &Livehost, code: &str, ops: Value) -> Vec<Value> {
    let d = host
        .live_message(code, None, &json!({ "ops": ops }).to_string())
        .await
        .unwrap_or_else(|e| panic!("{ops}: {e}"));
    assert_eq!(d.len(), 1, "one reply, to the sender");
    serde_json::from_str::<Value>(&d[0].payload)
        .unwrap()
        .as_array()
        .cloned()
        .expect("the outcomes")
}

#[test]
fn state_keys_values_and_a_calls_writes_are_capped_with_errors_naming_the_limit() {
    let (component, _) = ops_guest();
    rt().block_on(async {
        // A call here writes 17 MiB: a deadline that a busy machine cannot
        // reach, so that what is tested is the caps, not the clock.
        let h = TestHost::with(|config| {
            config.limits.call_deadline = std::time::Duration::from_secs(5);
        });
        let sha = h
            .host
            .add_experiment(&std::fs::read(component).unwrap())
            .await
            .unwrap()
            .sha;
        let s = h.host.create_session(&sha, 2).await.unwrap();
        let code = &s.participants[0].code;
        let mib = 1usize << 20;
        let got = ops(
            &h.host,
            code,
            json!([
                ["set", "group", "k".repeat(256), "1"],
                ["set", "group", "k".repeat(257), "1"],
                ["fill", "group", "v", mib],
                ["fill", "group", "w", mib + 1],
            ]),
        )
        .await;
        assert_eq!(got[0], json!({"ok": null}), "a key of 256 bytes");
        assert!(
            got[1]["err"]
                .as_str()
                .is_some_and(|e| e.contains("the state key is 257 bytes long; the limit is 256")),
            "{}",
            got[1]
        );
        assert_eq!(got[2], json!({"ok": null}), "a value of 1 MiB");
        assert!(
            got[3]["err"]
                .as_str()
                .is_some_and(|e| e
                    .contains("the value for key \"w\" is 1048577 bytes; the limit is 1048576")),
            "{}",
            got[3]
        );
        // 16 MiB in one call: the 17th MiB is refused.
        let fills: Vec<Value> = (0..17)
            .map(|i| json!(["fill", ["player", 1], format!("f{i}"), mib]))
            .collect();
        let got = ops(&h.host, code, Value::from(fills)).await;
        assert!(
            got[..16].iter().all(|o| o == &json!({"ok": null})),
            "{got:?}"
        );
        assert!(
            got[16]["err"].as_str().is_some_and(|e| e.contains(
                "this call has written more than 16777216 bytes; write less per message"
            )),
            "{}",
            got[16]
        );
        // Per call: the next call may write again.
        let got = ops(&h.host, code, json!([["fill", ["player", 1], "g", mib]])).await;
        assert_eq!(got, vec![json!({"ok": null})]);
    });
}

#[test]
fn a_full_group_queue_tells_senders_to_wait_and_the_admin_api_that_it_is_too_busy() {
    assert_eq!(
        Config::new("x.redb").group_queue,
        1024,
        "the README's default"
    );
    let queue = 1024;
    rt().block_on(async {
        // A looping call holds the group while messages queue (for 5 s;
        // queueing takes milliseconds).
        let server = TestServer::start_with(|config, _| {
            config.limits.call_deadline = Duration::from_secs(5);
        })
        .await;
        let session = server.session("faulty", 2).await;
        let (a, b) = (
            session.participants[0].code.clone(),
            session.participants[1].code.clone(),
        );
        let host = server.host.clone();
        let looping = host
            .send_live(&a, None, r#"{"do":"loop"}"#, None)
            .await
            .unwrap();
        // The group has taken the loop's message off its queue once it
        // has an instance: from then on the queue only fills.
        until("the group runs the loop", || host.live_instances() >= 1).await;
        // A full queue answers at once; the others wait for the loop.
        let mut outcomes = Vec::new();
        for _ in 0..queue + 100 {
            let q = host
                .send_live(&b, None, r#"{"do":"count"}"#, None)
                .await
                .unwrap();
            outcomes.push(tokio::spawn(q.outcome()));
        }
        let refused = LiveError::Busy.to_string();
        assert!(
            refused.contains("wait a moment and send again"),
            "{refused}"
        );
        // The admin API cannot move a participant of the busy group.
        let answer = livehost::http::client::request(
            Method::POST,
            &server.url(&format!(
                "/api/sessions/{}/participants/{b}/advance",
                session.code
            )),
            Some(TOKEN),
            None,
            Vec::new(),
        )
        .await
        .expect("an answer");
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert!(
            String::from_utf8_lossy(&answer.body).contains("wait a moment"),
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        // Every queued message is applied, in order, once the loop ends;
        // the rest were told to wait.
        let e = looping.outcome().await.unwrap_err();
        assert!(e.to_string().contains("ran longer than"), "{e}");
        let (mut applied, mut busy) = (0, 0);
        for o in outcomes {
            match o.await.unwrap() {
                Ok(d) => {
                    applied += 1;
                    assert_eq!(&*d[0].payload, applied.to_string(), "in order");
                }
                Err(LiveError::Busy) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!((applied, busy), (queue, 100), "applied, told to wait");
        server.stop().await;
    });
}

#[test]
fn a_component_over_the_size_limit_is_refused() {
    assert_eq!(
        livehost::runtime::Limits::default().max_component_bytes,
        64 << 20,
        "the README's default"
    );
    let auction = livehost_tests::guest("auction");
    rt().block_on(async {
        let size = auction.len();
        let server = TestServer::start_with(|config, _| {
            config.limits.max_component_bytes = size - 1;
        })
        .await;
        let e = server
            .api(
                Method::POST,
                "/api/experiments",
                Some(("application/wasm", auction.clone())),
            )
            .await
            .expect_err("one byte over the limit");
        let text = e.to_string();
        assert!(
            text.contains(&size.to_string()) && text.contains(&(size - 1).to_string()),
            "the refusal names the size and the limit: {text}"
        );
        assert!(server.host.store().experiments().unwrap().is_empty());
        server.stop().await;
        let server = TestServer::start_with(|config, _| {
            config.limits.max_component_bytes = size;
        })
        .await;
        server.upload("auction").await;
        server.stop().await;
    });
}

#[test]
fn async_calls_past_the_limit_are_told_the_group_is_busy() {
    assert_eq!(
        livehost::runtime::Limits::default().max_async_calls,
        2000,
        "the README's default"
    );
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.limits.max_async_calls = 2;
        })
        .await;
        let session = server.session("streaming", 2).await;
        let a = &session.participants[0].code;
        let mut va = server.page_view(a, Some("live"), "a").await;
        // Two long calls take both slots; a third is refused at once.
        let long = json!({"do": "long", "n": 1, "ms": 60_000});
        let first = va.send(&long).await;
        let second = va.send(&long).await;
        let third = va.send(&json!({"do": "stream", "n": 1, "ms": 0})).await;
        match va.frame().await {
            Frame::Error { id: Some(id), text } if id == third => {
                assert!(text.contains("wait a moment and send again"), "{text}")
            }
            other => panic!("the third async call got {other:?}"),
        }
        let _ = (first, second);
        server.stop().await;
    });
}

#[test]
fn one_participant_or_one_group_cannot_take_every_async_slot() {
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.limits.max_async_calls_per_participant = 2;
            config.limits.max_async_calls_per_group = 3;
        })
        .await;
        let session = server.session("streaming", 2).await;
        let (a, b) = (&session.participants[0].code, &session.participants[1].code);
        let mut va = server.page_view(a, Some("live"), "a").await;
        let mut vb = server.page_view(b, Some("live"), "b").await;
        // Two long calls of a's: a's third is refused, naming the limit.
        let long = json!({"do": "long", "n": 1, "ms": 60_000});
        va.send(&long).await;
        va.send(&long).await;
        let third = va.send(&json!({"do": "stream", "n": 1, "ms": 0})).await;
        match va.frame().await {
            Frame::Error { id: Some(id), text } if id == third => assert!(
                text.contains("2 of your messages are still being answered"),
                "{text}"
            ),
            other => panic!("a's third async call got {other:?}"),
        }
        // b still has room, until the group's three are in flight.
        vb.send(&long).await;
        let fourth = vb.send(&json!({"do": "stream", "n": 1, "ms": 0})).await;
        match vb.frame().await {
            Frame::Error { id: Some(id), text } if id == fourth => {
                assert!(text.contains("wait a moment and send again"), "{text}")
            }
            other => panic!("the group's fourth async call got {other:?}"),
        }
        server.stop().await;
    });
}

#[test]
fn a_participant_has_at_most_so_many_pages_open() {
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.sockets.max_views_per_participant = 2;
        })
        .await;
        let session = server.session("auction", 2).await;
        let code = &session.participants[0].code;
        let mut first = server.page_view(code, Some("Auction"), "one").await;
        let _second = server.page_view(code, Some("Auction"), "two").await;
        let mut third = server.page_view(code, Some("Auction"), "three").await;
        match third.frame().await {
            Frame::Error { id: None, text } => {
                assert!(
                    text.contains("you have 2 pages of this experiment open already"),
                    "{text}"
                )
            }
            other => panic!("the third page got {other:?}"),
        }
        match third.frame().await {
            Frame::Closed { code, .. } => assert_eq!(code, 4429),
            other => panic!("the third page got {other:?}"),
        }
        // The first still works; once it is closed, a new one gets in.
        let id = first.send(&json!(5)).await;
        first.until_ack(id).await.unwrap();
        drop(first);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let mut again = server.page_view(code, Some("Auction"), "four").await;
        let id = again.send(&json!(6)).await;
        again.until_ack(id).await.unwrap();
        server.stop().await;
    });
}

/// A host on a lossy backend whose syncs the test can hold.
fn gated_host(dir: &tempfile::TempDir) -> (Livehost, Arc<Disk>) {
    let (backend, disk) = LossyBackend::new();
    let store = Store::open_on_backend(backend, 16 << 20).unwrap();
    let host =
        Livehost::open_on_store(livehost_tests::config(&dir.path().join("g.redb")), store).unwrap();
    (host, disk)
}

/// Waits (bounded) until `ready` holds, polling every 10 ms.
async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..3000 {
        if ready() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what}: not so after 30 s");
}

/// The group value `n` of group 1 as calls read it (writes in flight
/// included).
fn n_read(host: &Livehost, session: &str) -> Option<String> {
    host.store()
        .state(&livehost::store::StateKey {
            session: session.into(),
            scope: livehost::store::Scope::Group {
                group_id: 1,
                round: 1,
            },
            key: "n".into(),
        })
        .unwrap()
}

#[test]
fn later_calls_read_writes_in_flight_and_replies_leave_in_commit_order() {
    livehost_tests::guest("faulty");
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = gated_host(&dir);
        let server = TestServer::start_on_host(host.clone(), |_| {}).await;
        let s = server.session("faulty", 2).await;
        let (a, b) = (
            s.participants[0].code.clone(),
            s.participants[1].code.clone(),
        );
        // A page of a's sees every reply to the group, in the order they
        // leave.
        let mut watcher = server.page_view(&a, Some("act"), "w").await;
        // The first count's commit stands at its sync.
        disk.hold_syncs();
        let mut outcomes = Vec::new();
        for code in [a, b] {
            let q = host
                .send_live(&code, None, r#"{"do":"count"}"#, None)
                .await
                .unwrap();
            outcomes.push(tokio::spawn(q.outcome()));
        }
        // The second call ran on the first's write, still in flight...
        until("the second call read the first's write", || {
            n_read(&host, &s.code).as_deref() == Some("2")
        })
        .await;
        until("the first commit waits at its sync", || {
            disk.syncs_waiting() >= 1
        })
        .await;
        // ... and neither reply left before its commit was synced.
        assert!(
            outcomes.iter().all(|o| !o.is_finished()),
            "a reply left before its sync"
        );
        disk.release_syncs();
        assert_eq!(watcher.recv().await, json!(1));
        assert_eq!(watcher.recv().await, json!(2));
        for (o, n) in outcomes.into_iter().zip(["1", "2"]) {
            let d = o.await.unwrap().expect("a count");
            assert_eq!(&*d[0].payload, n);
        }
        server.stop().await;
    });
}

#[test]
fn calls_that_wait_for_one_commit_are_committed_together() {
    livehost_tests::guest("faulty");
    const GROUPS: usize = 10;
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = gated_host(&dir);
        let s = create_session(&host, "faulty", GROUPS as u32 * 2).await;
        let before = host.store().commit_stats();
        disk.hold_syncs();
        let mut outcomes = Vec::new();
        for g in 0..GROUPS {
            let q = host
                .send_live(&s.participants[g * 2].code, None, r#"{"do":"count"}"#, None)
                .await
                .unwrap();
            outcomes.push(tokio::spawn(q.outcome()));
        }
        // Every call has run and submitted its write while the first
        // commit waits at its sync.
        let key = |g: usize| livehost::store::StateKey {
            session: s.code.as_str().into(),
            scope: livehost::store::Scope::Group {
                group_id: g as u32 + 1,
                round: 1,
            },
            key: "n".into(),
        };
        until("every group's call submitted", || {
            (0..GROUPS).all(|g| host.store().state(&key(g)).unwrap().as_deref() == Some("1"))
        })
        .await;
        disk.release_syncs();
        for o in outcomes {
            o.await.unwrap().expect("a count");
        }
        let after = host.store().commit_stats();
        assert_eq!(after.jobs - before.jobs, GROUPS as u64);
        // The commit that waited, then one for all the others.
        assert!(
            after.commits - before.commits <= 2,
            "{} commits for {GROUPS} calls",
            after.commits - before.commits
        );
        host.shutdown().await;
    });
}

#[test]
fn a_resend_while_the_original_is_in_flight_is_applied_once() {
    livehost_tests::guest("faulty");
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = gated_host(&dir);
        let server = TestServer::start_on_host(host, |_| {}).await;
        let session = server.session("faulty", 2).await;
        let a = session.participants[0].code.clone();
        disk.hold_syncs();
        let mut first = server.page_view(&a, Some("act"), "view1").await;
        first
            .send_raw(&json!({"id": 1, "data": {"do": "count"}}).to_string())
            .await;
        until("the original is in flight", || {
            n_read(&server.host, &session.code).as_deref() == Some("1")
        })
        .await;
        // live.js reconnected and sends message 1 of view1 again.
        let mut again = server.page_view(&a, Some("act"), "view1").await;
        again
            .send_raw(&json!({"id": 1, "data": {"do": "count"}}).to_string())
            .await;
        disk.release_syncs();
        assert_eq!(first.until_ack(1).await, Ok(vec![json!(1)]));
        // The view gets the original's reply to the group (n = 1), and
        // the resend is acked as applied already; n = 2 would be a second
        // application.
        let mut seen = Vec::new();
        loop {
            match again.frame().await {
                Frame::Recv(v) => {
                    assert_eq!(v, json!(1), "the resend was applied again");
                    seen.push(v);
                }
                Frame::Ack { id: 1, again: true } => break,
                other => panic!("the resend got {other:?} (after {seen:?})"),
            }
            assert!(seen.len() <= 1, "{seen:?}");
        }
        let log = server
            .host
            .store()
            .messages(&session.code, None, 100)
            .unwrap();
        assert_eq!(log.len(), 1, "one entry: {log:?}");
        assert_eq!(n_read(&server.host, &session.code).as_deref(), Some("1"));
        server.stop().await;
    });
}

#[test]
fn the_admin_token_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "token-from-a-file-0123456789abcdef\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_livehost");
    let data = dir.path().join("data.redb");
    let server = livehost_tests::process::start(
        bin,
        &[
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--admin-token-file",
            file.to_str().unwrap(),
        ],
    );
    let url = format!("http://{}/api/sessions", server.addr);
    let answers = rt().block_on(async {
        let right = livehost::http::client::api(
            Method::GET,
            &url,
            "token-from-a-file-0123456789abcdef",
            None,
        )
        .await;
        let wrong = livehost::http::client::api(Method::GET, &url, TOKEN, None).await;
        (right, wrong)
    });
    assert!(server.terminate().success());
    assert_eq!(
        answers.0.expect("the file's token is the admin token"),
        json!([])
    );
    let e = answers.1.expect_err("another token is refused");
    assert!(e.to_string().contains("401"), "{e}");
}

/// Uploads the fetcher guest, makes a session of one participant allowed
/// to fetch from `web`, and opens their page.
async fn fetcher_page(
    server: &TestServer,
    fetcher: Vec<u8>,
    web: std::net::SocketAddr,
) -> PageView {
    server
        .api(
            Method::POST,
            "/api/experiments",
            Some(("application/wasm", fetcher)),
        )
        .await
        .unwrap();
    let body = json!({"experiment": "fetcher", "participants": 1, "allow": [{"host": web.to_string(), "scheme": "http", "private_addresses": true}]});
    let session = server
        .api(
            Method::POST,
            "/api/sessions",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
        .unwrap();
    let code = session["participants"][0]["code"].as_str().unwrap();
    server.page_view(code, Some("Fetch"), "f").await
}

/// A web server on a loopback port: for each connection (at most 10,000,
/// ended with the test's runtime), reads the request's head and hands it,
/// with the connection, to `answer`.
async fn loopback_server<F, A>(answer: F) -> std::net::SocketAddr
where
    F: Fn(tokio::net::TcpStream, String) -> A + Send + Sync + 'static,
    A: std::future::Future<Output = ()> + Send + 'static,
{
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        for _ in 0..10_000 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                answer(stream, head).await;
            });
        }
    });
    addr
}

/// A web server on a loopback port that answers `GET /bytes/N` with N
/// bytes (in 64 KiB writes), then closes the connection.
async fn bytes_server() -> std::net::SocketAddr {
    use tokio::io::AsyncWriteExt;
    loopback_server(|mut stream, head| async move {
        let n: usize = head
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.strip_prefix("/bytes/"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let header = format!("HTTP/1.1 200 OK\r\ncontent-length: {n}\r\nconnection: close\r\n\r\n");
        if stream.write_all(header.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 << 10];
        let mut left = n;
        while left > 0 {
            let k = left.min(chunk.len());
            if stream.write_all(&chunk[..k]).await.is_err() {
                return;
            }
            left -= k;
        }
    })
    .await
}

#[test]
fn an_async_call_fetches_at_most_16_times_and_16_mib_a_body() {
    let fetcher = std::fs::read(livehost_tests::fetcher_guest()).unwrap();
    rt().block_on(async {
        let web = bytes_server().await;
        let server = TestServer::start().await;
        let mut view = fetcher_page(&server, fetcher, web).await;
        let mut fetch = async |times: u32, bytes: usize| {
            let url = format!("http://{web}/bytes/{bytes}");
            let id = view.send(&json!({"url": url, "times": times})).await;
            view.until_ack(id).await
        };
        assert_eq!(
            fetch(16, 10).await,
            Ok(vec![json!({"fetched": 16, "bytes": 160})]),
            "16 requests in one call"
        );
        let e = fetch(17, 10).await.expect_err("the 17th request");
        assert!(
            e.contains("fetch 17: ") && e.contains("a call may make at most 16 requests"),
            "{e}"
        );
        let mib16 = 16 << 20;
        assert_eq!(
            fetch(1, mib16).await,
            Ok(vec![json!({"fetched": 1, "bytes": mib16})]),
            "a body of 16 MiB"
        );
        let e = fetch(1, mib16 + 1).await.expect_err("a body past 16 MiB");
        assert!(
            e.contains("read 1: ") && e.contains("the response body is larger than 16777216 bytes"),
            "{e}"
        );
        server.stop().await;
    });
}

/// A web server on a loopback port that reads a request and then stalls:
/// `GET /head` never answers; `GET /body` sends its headers and half of the
/// body it announces, then nothing more. Each connection stays open until
/// the client lets go.
async fn stalling_server() -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    loopback_server(|mut stream, head| async move {
        if head.contains("GET /body ") {
            let answer = "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf.";
            if stream.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
        // Stalls until the client closes the connection.
        let _ = stream.read(&mut [0u8; 64]).await;
    })
    .await
}

#[test]
fn a_fetch_whose_answer_or_body_stalls_fails_after_fetch_stall() {
    let fetcher = std::fs::read(livehost_tests::fetcher_guest()).unwrap();
    rt().block_on(async {
        let web = stalling_server().await;
        let stall = Duration::from_millis(300);
        let server = TestServer::start_with(|config, _| config.limits.fetch_stall = stall).await;
        let mut view = fetcher_page(&server, fetcher, web).await;
        let id = view
            .send(&json!({"url": format!("http://{web}/head"), "times": 1}))
            .await;
        let e = view.until_ack(id).await.expect_err("no answer");
        assert!(
            e.contains("fetch 1: ") && e.contains(&format!("did not answer within {stall:?}")),
            "{e}"
        );
        let id = view
            .send(&json!({"url": format!("http://{web}/body"), "times": 1}))
            .await;
        let e = view.until_ack(id).await.expect_err("half a body");
        assert!(
            e.contains("read 1: ")
                && e.contains(&format!(
                    "the response body stalled: nothing more came for {stall:?}"
                )),
            "{e}"
        );
        server.stop().await;
    });
}

#[test]
fn the_sessions_config_is_read_only_for_the_experiment() {
    let (component, _) = ops_guest();
    rt().block_on(async {
        let h = TestHost::new();
        let sha = h
            .host
            .add_experiment(&std::fs::read(component).unwrap())
            .await
            .unwrap()
            .sha;
        let options = livehost::live::SessionOptions {
            config: Some(json!({"treatment": "blue"})),
            ..Default::default()
        };
        let s = h.host.create_session_with(&sha, 4, options).await.unwrap();
        let (a, b) = (&s.participants[0].code, &s.participants[2].code);
        // A call reads the config, and its writes of it are refused; the
        // other group reads it too (each group caches it: it never changes).
        let got = ops(
            &h.host,
            a,
            json!([
                ["get", "session", "config"],
                ["set", "session", "config", "{\"treatment\": \"red\"}"],
                ["delete", "session", "config"],
            ]),
        )
        .await;
        assert_eq!(got[0], json!({"ok": "{\"treatment\":\"blue\"}"}));
        for refused in &got[1..] {
            let e = refused["err"].as_str().unwrap_or_default();
            assert!(
                e.contains(
                    "the session's config is set when the session is created and cannot be changed"
                ),
                "{got:?}"
            );
        }
        let got = ops(&h.host, b, json!([["get", "session", "config"]])).await;
        assert_eq!(got[0], json!({"ok": "{\"treatment\":\"blue\"}"}));
    });
}
