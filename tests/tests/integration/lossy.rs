//! Crash tests in redb's manner: the host's data file on a
//! [`LossyBackend`], which keeps the synced image apart from writes not
//! yet synced. A SIGKILL keeps the OS page cache, so only this shows
//! whether a commit is synced before its replies leave: at every reply
//! released, the synced image (what a power cut would leave) reopened
//! must hold that reply's state and message-log entry. And a disk that
//! starts failing: the call's sender gets the error, no reply leaves, and
//! the store takes no further calls.

use hyper::{Method, StatusCode};
use livehost::live::LiveError;
use livehost::store::{Scope, Store, StoreError};
use livehost::{Config, Livehost};
use livehost_tests::server::{Frame, TestServer, http};
use livehost_tests::storage::{Disk, LossyBackend};
use livehost_tests::{create_session, rt};
use serde_json::json;
use std::sync::Arc;

const GROUPS: usize = 4;
const PER_GROUP: u64 = 40;

/// A host on a fresh lossy backend (the config's data file only names it).
fn lossy_host(dir: &tempfile::TempDir) -> (Livehost, Arc<Disk>) {
    let (backend, disk) = LossyBackend::new();
    let store = Store::open_on_backend(backend, 16 << 20).expect("a store on the lossy backend");
    let config: Config = livehost_tests::config(&dir.path().join("lossy.redb"));
    let host = Livehost::open_on_store(config, store).expect("a host on the store");
    (host, disk)
}

/// What the synced image `image` holds for `group` of `session`: its
/// committed `n`, and the payloads of its message log's replies.
fn surviving(image: Vec<u8>, session: &str, group: u32) -> (u64, Vec<String>) {
    let (backend, _) = LossyBackend::from_image(image);
    let store =
        Store::open_on_backend(backend, 4 << 20).expect("the synced image opens as a data file");
    let n = store
        .session_state(session)
        .expect("state")
        .into_iter()
        .find(|(scope, key, _)| {
            key == "n" && matches!(scope, Scope::Group { group_id, .. } if *group_id == group)
        })
        .map(|(_, _, v)| v.parse().expect("n is a number"))
        .unwrap_or(0);
    let replies = store
        .messages(session, None, usize::MAX)
        .expect("the message log")
        .into_iter()
        .filter(|(_, m)| m.group_id == group && m.error.is_none())
        .flat_map(|(_, m)| m.replies.into_iter().map(|r| r.payload))
        .collect();
    store.close();
    (n, replies)
}

#[test]
fn every_released_reply_survives_in_the_synced_image() {
    livehost_tests::guest("faulty");
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = lossy_host(&dir);
        let session = create_session(&host, "faulty", GROUPS as u32 * 2).await;
        let code = session.code.clone();
        // Each group counts; at each reply released, the image that would
        // survive a crash right then goes to the checker.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(u32, u64, Vec<u8>)>(2);
        let mut senders = Vec::new();
        for g in 0..GROUPS {
            let (host, disk, tx) = (host.clone(), disk.clone(), tx.clone());
            let sender = session.participants[g * 2].code.clone();
            senders.push(tokio::spawn(async move {
                for expected in 1..=PER_GROUP {
                    let replies = host
                        .live_message(&sender, None, r#"{"do":"count"}"#)
                        .await
                        .unwrap_or_else(|e| panic!("group {}: {e}", g + 1));
                    let image = disk.synced_image();
                    assert_eq!(replies.len(), 2, "one reply to each of the two members");
                    assert_eq!(&*replies[0].payload, expected.to_string());
                    tx.send((g as u32 + 1, expected, image))
                        .await
                        .expect("the checker runs");
                }
            }));
        }
        drop(tx);
        let mut checked = 0;
        while let Some((group, n, image)) = rx.recv().await {
            let code = code.clone();
            let (committed, replies) =
                tokio::task::spawn_blocking(move || surviving(image, &code, group))
                    .await
                    .expect("the check");
            assert!(
                committed >= n,
                "group {group}: reply n = {n} was released, but the synced image holds n = {committed}"
            );
            assert!(
                replies.contains(&n.to_string()),
                "group {group}: reply n = {n} was released, but its message-log entry is not in the synced image"
            );
            checked += 1;
        }
        for s in senders {
            s.await.expect("a sender");
        }
        assert_eq!(checked, GROUPS as u64 * PER_GROUP);
        assert!(disk.syncs() > 0);
        host.shutdown().await;
    });
}

#[test]
fn a_failed_commit_fails_its_call_releases_nothing_and_stops_the_store() {
    livehost_tests::guest("faulty");
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = lossy_host(&dir);
        let server = TestServer::start_on_host(host, |_| {}).await;
        let session = server.session("faulty", 2).await;
        let (a, b) = (
            session.participants[0].code.clone(),
            session.participants[1].code.clone(),
        );
        let mut va = server.page_view(&a, Some("act"), "a").await;
        let mut vb = server.page_view(&b, Some("act"), "b").await;
        let id = va.send(&json!({"do": "count"})).await;
        assert_eq!(va.until_ack(id).await, Ok(vec![json!(1)]));
        assert_eq!(vb.recv().await, json!(1));

        // The disk fails: the call's commit fails; its sender is told,
        // and its reply (n = 2) reaches nobody.
        disk.set_failing(true);
        let id = va.send(&json!({"do": "count"})).await;
        match va.frame().await {
            Frame::Error { id: Some(e), text } if e == id => assert!(
                text.contains("could not be read or written"),
                "the sender is told the data file failed: {text}"
            ),
            other => panic!("the call whose commit failed got {other:?}"),
        }
        // The disk works again, but the store takes nothing more: b's
        // message is refused, and before its answer b got nothing (a
        // reply of the failed call would have come first).
        disk.set_failing(false);
        let id = vb.send(&json!({"do": "count"})).await;
        match vb.frame().await {
            Frame::Error { id: Some(e), text } if e == id => assert!(
                text.contains("an earlier write to the data file failed"),
                "later calls are refused: {text}"
            ),
            other => panic!("a call after the failed commit got {other:?}"),
        }
        let refused = server
            .host
            .live_message(&a, None, r#"{"do":"count"}"#)
            .await
            .expect_err("the store is poisoned");
        assert!(
            matches!(refused, LiveError::Store(StoreError::Poisoned)),
            "{refused:?}"
        );
        // What survives holds the first count only.
        let (n, replies) = surviving(disk.synced_image(), &session.code, 1);
        assert_eq!((n, replies), (1, vec!["1".to_string()]));
        server.stop().await;
    });
}

#[test]
fn healthz_says_failing_once_a_commit_failed() {
    livehost_tests::guest("faulty");
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (host, disk) = lossy_host(&dir);
        let server = TestServer::start_on_host(host, |_| {}).await;
        let session = server.session("faulty", 2).await;
        let a = session.participants[0].code.clone();
        let (status, body) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(status, StatusCode::OK, "/healthz: {body}");
        disk.set_failing(true);
        server
            .host
            .live_message(&a, None, r#"{"do":"count"}"#)
            .await
            .expect_err("the commit fails");
        disk.set_failing(false);
        // README: /healthz answers ok "while the data file takes writes".
        let (status, body) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "/healthz: {body}");
        server.stop().await;
    });
}
