//! The experimenter's actions on a running session, through the admin API
//! and the CLI against the real server: moving a stuck participant past
//! their page (their open pages reload; the message log records it).

use hyper::{Method, StatusCode};
use livehost::http::client::ClientError;
use livehost::store::MessageKind;
use livehost_tests::rt;
use livehost_tests::server::{Frame, TestServer, run_cli};

#[test]
fn a_stuck_participant_is_moved_on_and_the_log_says_so() {
    rt().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::start(&dir.path().join("data.redb")).await;
        let session = server.session("auction", 2).await;
        let other = server.session("auction", 2).await;
        let a = &session.participants[0];
        let b = &session.participants[1];
        let mut view = server.page_view(&a.code, Some("Auction"), "v1").await;
        let advance = |s: &str, p: &str| format!("/api/sessions/{s}/participants/{p}/advance");

        let moved = server
            .api(Method::POST, &advance(&session.code, &a.code), None)
            .await
            .expect("moved on");
        assert_eq!(moved["page"], "Results");
        assert_eq!(moved["round"], 1);
        assert_eq!(moved["finished"], false);
        assert!(
            matches!(view.frame().await, Frame::Moved),
            "the participant's open page reloads"
        );
        let (_, last) = server
            .host
            .store()
            .messages(&session.code, None, usize::MAX)
            .unwrap()
            .pop()
            .expect("a message-log entry");
        assert_eq!(last.kind, MessageKind::Admin);
        assert_eq!(last.page, "Auction");
        assert_eq!(last.participant_id, a.participant_id);
        assert_eq!(last.data, r#"{"action":"advance"}"#);
        let position = server.host.position(&b.code).await.unwrap();
        assert_eq!(position.page.as_deref(), Some("Auction"), "the others stay");

        let done = server
            .api(Method::POST, &advance(&session.code, &a.code), None)
            .await
            .unwrap();
        assert_eq!(done["finished"], true);
        let refusals = [
            (
                advance(&session.code, &a.code),
                StatusCode::CONFLICT,
                "has finished",
            ),
            (
                advance(&session.code, "nosuchcode"),
                StatusCode::NOT_FOUND,
                "no participant with code",
            ),
            (
                advance(&other.code, &b.code),
                StatusCode::NOT_FOUND,
                "no participant with code",
            ),
        ];
        for (path, status, says) in refusals {
            match server.api(Method::POST, &path, None).await {
                Err(ClientError::Refused { status: s, text }) => {
                    assert_eq!(s, status, "{path}: {text}");
                    assert!(text.contains(says), "{path}: {text}");
                }
                other => panic!("{path}: {other:?}"),
            }
        }

        // The CLI does the same.
        let url = server.url("");
        let args = ["session", "advance", &session.code, &b.code, "--url", &url];
        let output = run_cli(env!("CARGO_BIN_EXE_livehost"), &args).await;
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{output:?}");
        assert!(said.contains("now on Results, round 1"), "{said}");
        server.stop().await;
    });
}
