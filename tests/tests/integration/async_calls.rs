//! Async live methods (the `async-experiment` world) over the real server:
//! messages reach the pages as they are emitted, a call's awaits let the
//! group's other messages through, segments are atomic (no lost update),
//! and a segment that fails or a call past its deadline keeps the segments
//! already committed.

use std::time::{Duration, Instant};

use livehost_tests::rt;
use livehost_tests::server::{Frame, PageView, TestServer};
use serde_json::json;

async fn two(server: &TestServer) -> (String, String) {
    let session = server.session("streaming", 2).await;
    (
        session.participants[0].code.clone(),
        session.participants[1].code.clone(),
    )
}

/// A session of the streaming guest; the first participant's code and
/// both participants' page views of the live page.
async fn two_views(server: &TestServer) -> (String, PageView, PageView) {
    let (a, b) = two(server).await;
    let va = server.page_view(&a, Some("live"), "a").await;
    let vb = server.page_view(&b, Some("live"), "b").await;
    (a, va, vb)
}

#[test]
fn emitted_messages_arrive_as_the_call_goes() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let (a, mut sender, mut other) = two_views(&server).await;
        let session = server
            .host
            .store()
            .participant(&a)
            .unwrap()
            .unwrap()
            .session;
        let segments = || -> Vec<u32> {
            let log = server.host.store().messages(&session, None, 100).unwrap();
            log.iter().map(|(_, m)| m.segment).collect()
        };
        let started = Instant::now();
        let id = sender
            .send(&json!({"do": "stream", "n": 3, "ms": 400}))
            .await;
        assert_eq!(other.recv().await, json!({"i": 1}));
        // Message 1 arrived while the call goes on: its later segments
        // (each after a 400 ms sleep) are not committed yet.
        let so_far = segments();
        assert!(
            so_far.len() < 4,
            "message 1 came after the call ended: {so_far:?}"
        );
        assert_eq!(other.recv().await, json!({"i": 2}));
        assert_eq!(other.recv().await, json!({"i": 3}));
        assert_eq!(other.recv().await, json!({"done": 3}));
        let own = sender.until_ack(id).await.unwrap();
        assert_eq!(
            own,
            vec![
                json!({"i": 1}),
                json!({"i": 2}),
                json!({"i": 3}),
                json!({"done": 3})
            ]
        );
        let all = started.elapsed();
        assert!(
            all >= Duration::from_millis(1200),
            "three sleeps of 400 ms took {all:?}"
        );
        // Every segment is in the message log, in order.
        assert_eq!(segments(), vec![1, 2, 3, 4]);
        server.stop().await;
    });
}

#[test]
fn a_waiting_call_lets_the_group_through_and_no_update_is_lost() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let (_, mut va, mut vb) = two_views(&server).await;
        let ida = va.send(&json!({"do": "count", "n": 10, "ms": 30})).await;
        let idb = vb.send(&json!({"do": "count", "n": 10, "ms": 30})).await;
        // A quick message while both calls are in flight is answered
        // before they end, not after them: its reply and ack come before
        // b's call has sent its last count and its ack.
        let echo = vb.send(&json!({"do": "echo", "value": "hi"})).await;
        let mut counts_before_echo = None;
        let mut echo_acked = false;
        let mut counts = Vec::new();
        // Bounded: 20 counts, the echo, its ack, then b's ack.
        for _ in 0..200 {
            match vb.frame().await {
                Frame::Recv(v) if v == json!("hi") => counts_before_echo = Some(counts.len()),
                Frame::Recv(v) => counts.push(v),
                Frame::Ack { id, .. } if id == echo => echo_acked = true,
                Frame::Ack { id, .. } if id == idb => break,
                other => panic!("{other:?}"),
            }
        }
        let before = counts_before_echo.expect("the echo was answered before b's call ended");
        assert!(echo_acked, "the echo was acked before b's call ended");
        assert!(
            before < counts.len(),
            "the echo came after all {} counts b saw",
            counts.len()
        );
        va.until_ack(ida).await.unwrap();
        // 20 increments in all, interleaved: none lost.
        let check = va.send(&json!({"do": "count", "n": 1, "ms": 0})).await;
        let answer = va.until_ack(check).await.unwrap();
        assert!(answer.contains(&json!({"n": 21})), "{answer:?}");
        server.stop().await;
    });
}

#[test]
fn a_failing_segment_keeps_the_committed_ones_and_tells_the_sender() {
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.limits.async_call_deadline = Duration::from_secs(2);
        })
        .await;
        let (a, mut va, mut vb) = two_views(&server).await;
        for (what, error) in [
            ("loop", "ran longer than"),
            ("trap", "trapped on purpose"),
            ("err", "refused by guest"),
        ] {
            let id = va.send(&json!({"do": what})).await;
            assert_eq!(
                vb.recv().await,
                json!({"i": 1}),
                "{what}: segment 1 is delivered"
            );
            let e = va.until_ack(id).await.unwrap_err();
            assert!(e.contains(error), "{what}: {e}");
            // The failing segment's write (n = 999) was dropped.
            let id = va.send(&json!({"do": "count", "n": 1, "ms": 0})).await;
            let got = va.until_ack(id).await.unwrap();
            assert!(!got.contains(&json!({"n": 1000})), "{what}: {got:?}");
            vb.recv().await;
        }
        // The whole-call deadline.
        let started = Instant::now();
        let id = va.send(&json!({"do": "long", "n": 20, "ms": 300})).await;
        let e = va.until_ack(id).await.unwrap_err();
        assert!(e.contains("ran longer than 2s"), "{e}");
        assert!(started.elapsed() >= Duration::from_secs(2));
        // Cut short: fewer than its 20 segments (6 s of sleeps) ran.
        let session = server
            .host
            .store()
            .participant(&a)
            .unwrap()
            .unwrap()
            .session;
        let long_segments = server
            .host
            .store()
            .messages(&session, None, usize::MAX)
            .unwrap()
            .into_iter()
            .filter(|(_, m)| m.data.contains("long"))
            .count();
        assert!(
            (1..20).contains(&long_segments),
            "the long call ran {long_segments} segments"
        );
        let id = va.send(&json!({"do": "bad-emit"})).await;
        let e = va.until_ack(id).await.unwrap_err();
        assert!(e.contains("id_in_group 99"), "{e}");
        server.stop().await;
    });
}

#[test]
fn four_players_counting_at_once_end_exact() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("shared-counter", 4).await;
        let mut views = Vec::new();
        for (i, p) in session.participants.iter().enumerate() {
            views.push(
                server
                    .page_view(&p.code, Some("Counter"), &format!("v{i}"))
                    .await,
            );
        }
        let mut ids = Vec::new();
        for view in views.iter_mut() {
            ids.push(view.send(&json!({"times": 25})).await);
        }
        let mut totals = Vec::new();
        for (view, id) in views.iter_mut().zip(ids) {
            let got = view.until_ack(id).await.unwrap();
            let done = got
                .iter()
                .find(|v| v.get("done").is_some())
                .cloned()
                .unwrap();
            totals.push(done["counter"].as_u64().unwrap());
        }
        // Every increment of the 100 was applied once: the last call to
        // finish saw 100, and the calls interleaved: one after another,
        // the first to finish would have seen 25.
        assert_eq!(totals.iter().max(), Some(&100), "{totals:?}");
        assert!(
            totals.iter().all(|&t| t > 25),
            "a call ran alone from start to end: {totals:?}"
        );
        let id = views[0].send(&json!({})).await;
        let got = views[0].until_ack(id).await.unwrap();
        assert!(got.contains(&json!({"counter": 100})), "{got:?}");
        server.stop().await;
    });
}

#[test]
fn a_call_goes_on_when_its_sender_leaves() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let (a, mut sender, mut other) = two_views(&server).await;
        sender
            .send(&json!({"do": "stream", "n": 4, "ms": 100}))
            .await;
        assert_eq!(other.recv().await, json!({"i": 1}));
        drop(sender);
        for i in 2..=4 {
            assert_eq!(other.recv().await, json!({"i": i}));
        }
        assert_eq!(other.recv().await, json!({"done": 4}));
        let session = server
            .host
            .store()
            .participant(&a)
            .unwrap()
            .unwrap()
            .session;
        let log = server.host.store().messages(&session, None, 100).unwrap();
        assert_eq!(log.len(), 5, "every segment is in the message log");
        server.stop().await;
    });
}

/// A session of llm-chat whose config points at `url`, with `allow` as its
/// outbound allowlist.
async fn llm_session(server: &TestServer, url: &str, allow: serde_json::Value) -> (String, String) {
    server.upload("llm-chat").await;
    let body = json!({
        "experiment": "llm-chat",
        "participants": 2,
        "config": {"url": url, "model": "test-model"},
        "allow": allow,
    });
    let session = server
        .api(
            hyper::Method::POST,
            "/api/sessions",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
        .unwrap();
    (
        session["participants"][0]["code"]
            .as_str()
            .unwrap()
            .to_string(),
        session["participants"][1]["code"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

#[test]
fn an_llm_answer_streams_to_the_group_with_the_key_kept_on_the_host() {
    rt().block_on(async {
        let llm = livehost_tests::fake_llm::start("test-key", Duration::from_millis(300)).await;
        let server = TestServer::start().await;
        let allow = json!([{"host": llm.addr.to_string(), "scheme": "http", "private_addresses": true, "headers": {"Authorization": "Bearer test-key"}}]);
        let (a, b) = llm_session(&server, &llm.url(), allow).await;
        let mut va = server.page_view(&a, Some("Chat"), "a").await;
        let mut vb = server.page_view(&b, Some("Chat"), "b").await;
        let id = va.send(&json!({"text": "hi"})).await;
        assert_eq!(vb.recv().await, json!({"role": "user", "by": 1, "text": "hi"}));
        let started = Instant::now();
        assert_eq!(vb.recv().await, json!({"role": "assistant", "delta": "You "}));
        // The group is served while the answer streams.
        let history = vb.send(&json!({})).await;
        let got = vb.until_ack(history).await.unwrap();
        assert!(!got.iter().any(|v| v.get("done").is_some()), "answered before the stream ended: {got:?}");
        let mut rest = Vec::new();
        while rest.last().and_then(|v: &serde_json::Value| v.get("done")).is_none() {
            rest.push(vb.recv().await);
        }
        let all = started.elapsed();
        assert_eq!(
            rest.last().unwrap(),
            &json!({"role": "assistant", "text": "You asked: hi", "done": true})
        );
        assert!(all >= Duration::from_millis(600), "the answer streamed in {all:?}");
        let own = va.until_ack(id).await.unwrap();
        assert!(!format!("{own:?}{got:?}{rest:?}").contains("test-key"));
        // The session view lists the allowed host, never its headers.
        let session = server.host.store().participant(&a).unwrap().unwrap().session;
        let shown = server.api(hyper::Method::GET, &format!("/api/sessions/{session}"), None).await.unwrap();
        assert_eq!(shown["allow"], json!([format!("http://{}", llm.addr)]));
        assert!(!shown.to_string().contains("test-key"));
        server.stop().await;
    });
}

#[test]
fn requests_off_the_allowlist_are_refused() {
    rt().block_on(async {
        let llm = livehost_tests::fake_llm::start("test-key", Duration::from_millis(1)).await;
        let server = TestServer::start().await;
        let (a, _) = llm_session(&server, &llm.url(), json!([])).await;
        let mut va = server.page_view(&a, Some("Chat"), "a").await;
        let id = va.send(&json!({"text": "hi"})).await;
        let e = va.until_ack(id).await.unwrap_err();
        assert!(e.contains("is not on this session's allowlist"), "{e}");
        // Allowed, but without the key: the endpoint refuses.
        let allow = json!([{"host": llm.addr.to_string(), "scheme": "http", "private_addresses": true}]);
        let (a, _) = llm_session(&server, &llm.url(), allow).await;
        let mut va = server.page_view(&a, Some("Chat"), "a2").await;
        let id = va.send(&json!({"text": "hi"})).await;
        let e = va.until_ack(id).await.unwrap_err();
        assert!(e.contains("HTTP 401"), "{e}");
        // A bad allowlist entry is refused when the session is created.
        let body = json!({"experiment": "llm-chat", "participants": 2, "allow": [{"host": "https://x/y"}]});
        let e = server
            .api(hyper::Method::POST, "/api/sessions", Some(("application/json", body.to_string().into_bytes())))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("not a host for the allowlist"), "{e}");
        server.stop().await;
    });
}

/// What `POST /api/sessions` answers for a session of llm-chat with `allow`.
async fn allow_refused(server: &TestServer, allow: serde_json::Value) -> String {
    let body = json!({"experiment": "llm-chat", "participants": 2, "allow": allow});
    server
        .api(
            hyper::Method::POST,
            "/api/sessions",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
        .expect_err("the allowlist entry is refused")
        .to_string()
}

/// The error of the first chat message of a session of llm-chat calling
/// `url` with `allow`.
async fn chat_error(
    server: &TestServer,
    url: &str,
    allow: serde_json::Value,
    view: &str,
) -> String {
    let (a, _) = llm_session(server, url, allow).await;
    let mut va = server.page_view(&a, Some("Chat"), view).await;
    let id = va.send(&json!({"text": "hi"})).await;
    va.until_ack(id).await.expect_err("the request is refused")
}

#[test]
fn an_allowlist_entry_keeps_its_scheme_and_its_addresses_public() {
    rt().block_on(async {
        let llm = livehost_tests::fake_llm::start("test-key", Duration::from_millis(1)).await;
        let server = TestServer::start().await;
        server.upload("llm-chat").await;
        let port = llm.addr.port();

        // An entry is https unless it says otherwise: an http:// URL to it
        // is refused, so a key cannot go over plain HTTP by a typo.
        let e = chat_error(
            &server,
            &llm.url(),
            json!([{"host": llm.addr.to_string(), "private_addresses": true}]),
            "a",
        )
        .await;
        assert!(e.contains("over https only"), "{e}");
        // Headers over plain HTTP are refused when the session is created,
        // except to this machine's loopback; so is a scheme that is neither.
        let e = allow_refused(
            &server,
            json!([{"host": "llm.example.com", "scheme": "http", "headers": {"Authorization": "Bearer k"}}]),
        )
        .await;
        assert!(e.contains("would go over plain HTTP"), "{e}");
        let e = allow_refused(&server, json!([{"host": "llm.example.com", "scheme": "ftp"}])).await;
        assert!(e.contains("is not a scheme"), "{e}");

        // Private addresses only where the entry allows them: an address
        // given as such is refused when the session is created...
        for host in [llm.addr.to_string(), "169.254.169.254".into(), "[::1]:80".into(), "10.1.2.3".into()] {
            let e = allow_refused(&server, json!([{"host": host, "scheme": "http"}])).await;
            assert!(e.contains("is not a public address"), "{host}: {e}");
        }
        // ...and a name that resolves to one is refused when it is called:
        // the host resolves it and connects only to what it checked.
        let by_name = format!("localhost:{port}");
        let url = format!("http://{by_name}/v1/chat/completions");
        let e = chat_error(&server, &url, json!([{"host": by_name, "scheme": "http"}]), "b").await;
        assert!(e.contains("not a public address"), "{e}");
        assert!(e.contains("private_addresses"), "the error says what to do: {e}");
        // Allowed, the same request reaches the server (which wants a key).
        let allow = json!([{"host": by_name, "scheme": "http", "private_addresses": true}]);
        let e = chat_error(&server, &url, allow, "c").await;
        assert!(e.contains("HTTP 401"), "{e}");

        // An entry stored before scheme and addresses were checked (or made
        // through the Rust API) is https and public-only when called.
        let record = server.host.store().experiments().unwrap();
        let sha = record
            .iter()
            .find(|e| e.info.name == "llm-chat")
            .map(|e| e.sha.clone())
            .expect("llm-chat is uploaded");
        for (scheme, want) in [
            (livehost::store::Scheme::Https, "over https only"),
            (livehost::store::Scheme::Http, "is not a public address"),
        ] {
            let options = livehost::live::SessionOptions {
                config: Some(json!({"url": llm.url(), "model": "m"})),
                allowlist: livehost::store::Allowlist {
                    allow: vec![livehost::store::AllowedHost {
                        host: llm.addr.to_string(),
                        scheme,
                        headers: Vec::new(),
                        private_addresses: false,
                    }],
                },
                ..Default::default()
            };
            let session = server.host.create_session_with(&sha, 2, options).await.unwrap();
            let mut view = server.page_view(&session.participants[0].code, Some("Chat"), "d").await;
            let id = view.send(&json!({"text": "hi"})).await;
            let e = view.until_ack(id).await.expect_err("refused");
            assert!(e.contains(want), "{scheme:?}: {e}");
        }
        server.stop().await;
    });
}
