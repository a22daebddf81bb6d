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
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let (a, mut sender, mut other) = two_views(&server).await;
        let started = Instant::now();
        let id = sender
            .send(&json!({"do": "stream", "n": 3, "ms": 400}))
            .await;
        assert_eq!(other.recv().await, json!({"i": 1}));
        let first = started.elapsed();
        assert_eq!(other.recv().await, json!({"i": 2}));
        assert_eq!(other.recv().await, json!({"i": 3}));
        assert_eq!(other.recv().await, json!({"done": 3}));
        let own = sender.answer(id).await.unwrap();
        let all = started.elapsed();
        assert_eq!(own.len(), 4, "{own:?}");
        assert!(
            first < Duration::from_millis(400) && all >= Duration::from_millis(1200),
            "message 1 came after {first:?}, the call ended after {all:?}"
        );
        // Every segment is in the message log, in order.
        let log = server
            .host
            .store()
            .messages(
                &server
                    .host
                    .store()
                    .participant(&a)
                    .unwrap()
                    .unwrap()
                    .session,
                None,
                100,
            )
            .unwrap();
        let segments: Vec<u32> = log.iter().map(|(_, m)| m.segment).collect();
        assert_eq!(segments, vec![1, 2, 3, 4]);
        server.stop().await;
    });
}

#[test]
fn a_waiting_call_lets_the_group_through_and_no_update_is_lost() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let (_, mut va, mut vb) = two_views(&server).await;
        let ida = va.send(&json!({"do": "count", "n": 10, "ms": 30})).await;
        let idb = vb.send(&json!({"do": "count", "n": 10, "ms": 30})).await;
        // A quick message while both calls are in flight is answered at
        // once, not after them.
        let started = Instant::now();
        let echo = vb.send(&json!({"do": "echo", "value": "hi"})).await;
        let mut got_echo = None;
        let mut last = Vec::new();
        for _ in 0..200 {
            match vb.frame().await {
                Frame::Recv(v) if v == json!("hi") => got_echo = Some(started.elapsed()),
                Frame::Recv(v) => last.push(v),
                Frame::Ack { id, .. } if id == idb => break,
                Frame::Ack { .. } => {}
                other => panic!("{other:?}"),
            }
        }
        let echo_after = got_echo.expect("the echo came");
        assert!(
            echo_after < Duration::from_millis(250),
            "the echo waited {echo_after:?}"
        );
        let _ = echo;
        va.answer(ida).await.unwrap();
        // 20 increments in all, interleaved: none lost.
        let check = va.send(&json!({"do": "count", "n": 1, "ms": 0})).await;
        let answer = va.answer(check).await.unwrap();
        assert!(answer.contains(&json!({"n": 21})), "{answer:?}");
        server.stop().await;
    });
}

#[test]
fn a_failing_segment_keeps_the_committed_ones_and_tells_the_sender() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start_with(&dir.path().join("data.redb"), |config, _| {
            config.limits.async_call_deadline = Duration::from_secs(2);
        })
        .await;
        let (_, mut va, mut vb) = two_views(&server).await;
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
            let e = va.answer(id).await.unwrap_err();
            assert!(e.contains(error), "{what}: {e}");
            // The failing segment's write (n = 999) was dropped.
            let id = va.send(&json!({"do": "count", "n": 1, "ms": 0})).await;
            let got = va.answer(id).await.unwrap();
            assert!(!got.contains(&json!({"n": 1000})), "{what}: {got:?}");
            vb.recv().await;
        }
        // The whole-call deadline.
        let id = va.send(&json!({"do": "long", "n": 20, "ms": 300})).await;
        let started = Instant::now();
        let e = va.answer(id).await.unwrap_err();
        assert!(e.contains("ran longer than 2s"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(4));
        let id = va.send(&json!({"do": "bad-emit"})).await;
        let e = va.answer(id).await.unwrap_err();
        assert!(e.contains("id_in_group 99"), "{e}");
        server.stop().await;
    });
}

#[test]
fn four_players_counting_at_once_end_exact() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
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
            let got = view.answer(id).await.unwrap();
            let done = got
                .iter()
                .find(|v| v.get("done").is_some())
                .cloned()
                .unwrap();
            totals.push(done["counter"].as_u64().unwrap());
        }
        // Every increment of the 100 was applied once: the last call to
        // finish saw 100, and the calls interleaved (not one after another).
        assert_eq!(totals.iter().max(), Some(&100), "{totals:?}");
        let id = views[0].send(&json!({})).await;
        let got = views[0].answer(id).await.unwrap();
        assert!(got.contains(&json!({"counter": 100})), "{got:?}");
        assert!(
            totals.iter().filter(|&&t| t < 100).count() >= 1,
            "{totals:?}"
        );
        server.stop().await;
    });
}

#[test]
fn a_call_goes_on_when_its_sender_leaves() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
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
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let allow = json!([{"host": llm.addr.to_string(), "headers": {"Authorization": "Bearer test-key"}}]);
        let (a, b) = llm_session(&server, &llm.url(), allow).await;
        let mut va = server.page_view(&a, Some("Chat"), "a").await;
        let mut vb = server.page_view(&b, Some("Chat"), "b").await;
        let id = va.send(&json!({"text": "hi"})).await;
        assert_eq!(vb.recv().await, json!({"role": "user", "by": 1, "text": "hi"}));
        let started = Instant::now();
        assert_eq!(vb.recv().await, json!({"role": "assistant", "delta": "You "}));
        let first = started.elapsed();
        // The group is served while the answer streams.
        let history = vb.send(&json!({})).await;
        let mut got = Vec::new();
        loop {
            match vb.frame().await {
                Frame::Ack { id, .. } if id == history => break,
                Frame::Recv(v) => got.push(v),
                other => panic!("{other:?}"),
            }
        }
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
        assert!(first < Duration::from_millis(300) && all >= Duration::from_millis(600), "{first:?} {all:?}");
        let own = va.answer(id).await.unwrap();
        assert!(!format!("{own:?}{got:?}{rest:?}").contains("test-key"));
        // The session view lists the allowed host, never its headers.
        let session = server.host.store().participant(&a).unwrap().unwrap().session;
        let shown = server.api(hyper::Method::GET, &format!("/api/sessions/{session}"), None).await.unwrap();
        assert_eq!(shown["allow"], json!([llm.addr.to_string()]));
        assert!(!shown.to_string().contains("test-key"));
        server.stop().await;
    });
}

#[test]
fn requests_off_the_allowlist_are_refused() {
    rt().block_on(async {
        let llm = livehost_tests::fake_llm::start("test-key", Duration::from_millis(1)).await;
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let (a, _) = llm_session(&server, &llm.url(), json!([])).await;
        let mut va = server.page_view(&a, Some("Chat"), "a").await;
        let id = va.send(&json!({"text": "hi"})).await;
        let e = va.answer(id).await.unwrap_err();
        assert!(e.contains("is not on this session's allowlist"), "{e}");
        // Allowed, but without the key: the endpoint refuses.
        let allow = json!([{"host": llm.addr.to_string()}]);
        let (a, _) = llm_session(&server, &llm.url(), allow).await;
        let mut va = server.page_view(&a, Some("Chat"), "a2").await;
        let id = va.send(&json!({"text": "hi"})).await;
        let e = va.answer(id).await.unwrap_err();
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
