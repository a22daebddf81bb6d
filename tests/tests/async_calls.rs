//! Async live methods (the `async-experiment` world) over the real server:
//! messages reach the pages as they are emitted, a call's awaits let the
//! group's other messages through, segments are atomic (no lost update),
//! and a segment that fails or a call past its deadline keeps the segments
//! already committed.

use std::time::{Duration, Instant};

use livehost_tests::rt;
use livehost_tests::server::{Frame, TestServer};
use serde_json::json;

async fn two(server: &TestServer) -> (String, String) {
    let session = server.session("streaming", 2).await;
    (
        session.participants[0].code.clone(),
        session.participants[1].code.clone(),
    )
}

#[test]
fn emitted_messages_arrive_as_the_call_goes() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let (a, b) = two(&server).await;
        let mut sender = server.page_view(&a, Some("live"), "a").await;
        let mut other = server.page_view(&b, Some("live"), "b").await;
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
        let (a, b) = two(&server).await;
        let mut va = server.page_view(&a, Some("live"), "a").await;
        let mut vb = server.page_view(&b, Some("live"), "b").await;
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
        let (a, b) = two(&server).await;
        let mut va = server.page_view(&a, Some("live"), "a").await;
        let mut vb = server.page_view(&b, Some("live"), "b").await;
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
        let (a, b) = two(&server).await;
        let mut sender = server.page_view(&a, Some("live"), "a").await;
        let mut other = server.page_view(&b, Some("live"), "b").await;
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
