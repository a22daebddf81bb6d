//! The experimenter's actions on a running session, through the admin API
//! and the CLI against the real server: moving a stuck participant past
//! their page (their open pages reload; the message log records it).

use hyper::{Method, StatusCode};
use livehost::http::client::ClientError;
use livehost::store::{MessageKind, MessageRecord};
use livehost_tests::rt;
use livehost_tests::server::{Frame, TestServer, http, press_next, run_cli};

/// The newest entry of a session's message log.
fn last_entry(server: &TestServer, session: &str) -> MessageRecord {
    let mut log = server
        .host
        .store()
        .messages(session, None, usize::MAX)
        .unwrap();
    log.pop().expect("a message-log entry").1
}

/// POSTs to the admin API, expecting a refusal: its status and text.
async fn refusal(server: &TestServer, path: &str) -> (StatusCode, String) {
    match server.api(Method::POST, path, None).await {
        Err(ClientError::Refused { status, text }) => (status, text),
        other => panic!("{path}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_stuck_participant_is_moved_on_and_the_log_says_so() {
    rt().block_on(async {
        let server = TestServer::start().await;
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
        let last = last_entry(&server, &session.code);
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
            let (s, text) = refusal(&server, &path).await;
            assert_eq!(s, status, "{path}: {text}");
            assert!(text.contains(says), "{path}: {text}");
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

#[test]
fn a_closed_session_says_so_takes_nothing_more_and_stays_closed() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("auction", 2).await;
        let other = server.session("auction", 2).await;
        let a = session.participants[0].code.clone();
        let mut view = server.page_view(&a, Some("Auction"), "v1").await;
        let close = format!("/api/sessions/{}/close", session.code);

        let closed = server.api(Method::POST, &close, None).await.unwrap();
        let closed_ms = closed["closed_ms"].as_u64().expect("when it was closed");
        assert!(
            matches!(view.frame().await, Frame::Moved),
            "open pages reload"
        );
        // A page that keeps sending is refused, and its next button moves
        // nobody (it lands on the closed page).
        let id = view.send(&serde_json::json!({})).await;
        let text = view.until_ack(id).await.expect_err("refused");
        assert!(text.contains("closed this session"), "{text}");
        let (status, _) = http(
            Method::POST,
            &server.url(&format!("/p/{a}")),
            Some("_page=Auction&_round=1"),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            server.host.position(&a).await.unwrap().page.as_deref(),
            Some("Auction")
        );
        let again = server.api(Method::POST, &close, None).await.unwrap();
        assert_eq!(
            again["closed_ms"], closed_ms,
            "closing again changes nothing"
        );
        let last = last_entry(&server, &session.code);
        assert_eq!(last.kind, MessageKind::Admin);
        assert_eq!(last.data, r#"{"action":"close"}"#);
        assert_eq!((last.participant_id, last.group_id), (0, 0));
        let (status, text) = refusal(&server, "/api/sessions/nosuch/close").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(text.contains("no session \"nosuch\""), "{text}");
        let advance = format!("/api/sessions/{}/participants/{a}/advance", session.code);
        let (status, text) = refusal(&server, &advance).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(text.contains("is closed"), "{text}");

        // It stays closed across a restart: the page says so, a page view
        // is told and closed for good, messages are refused.
        let server = server.restart().await;
        let (status, page) = http(Method::GET, &server.url(&format!("/p/{a}")), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("This session is closed"), "{page}");
        let mut view = server.page_view(&a, Some("Auction"), "v2").await;
        match view.frame().await {
            Frame::Error { text, .. } => assert!(text.contains("closed this session"), "{text}"),
            f => panic!("expected the closed notice, got {f:?}"),
        }
        assert!(matches!(
            view.frame().await,
            Frame::Closed { code: 4410, .. }
        ));
        let refused = server
            .host
            .live_message(&a, Some("Auction"), "{}")
            .await
            .expect_err("a closed session takes no live messages");
        assert!(
            refused.to_string().contains("closed this session"),
            "{refused}"
        );
        let b = &other.participants[0].code;
        server
            .host
            .live_message(b, Some("Auction"), "{}")
            .await
            .expect("other sessions go on");

        // The CLI lists it as closed and closes the other.
        let url = server.url("");
        let list = run_cli(
            env!("CARGO_BIN_EXE_livehost"),
            &["session", "list", "--url", &url],
        )
        .await;
        let listed = String::from_utf8_lossy(&list.stdout);
        assert!(list.status.success(), "{list:?}");
        let line = |code: &str| {
            listed
                .lines()
                .find(|l| l.starts_with(code))
                .unwrap_or_default()
                .to_string()
        };
        assert!(line(&session.code).ends_with("closed"), "{listed}");
        assert!(line(&other.code).ends_with("open"), "{listed}");
        let closing = run_cli(
            env!("CARGO_BIN_EXE_livehost"),
            &["session", "close", &other.code, "--url", &url],
        )
        .await;
        assert!(closing.status.success(), "{closing:?}");
        let refused = server
            .host
            .live_message(b, Some("Auction"), "{}")
            .await
            .expect_err("the other session is closed too");
        assert!(
            refused.to_string().contains("closed this session"),
            "{refused}"
        );
        server.stop().await;
    });
}

#[test]
fn moving_someone_past_a_wait_page_releases_those_waiting_there() {
    rt().block_on(async {
        let server = TestServer::start().await;
        // The faulty guest: act, end, then the wait page "together"; two
        // rounds of two players.
        let session = server.session("faulty", 2).await;
        let p = session.participants[0].code.clone();
        let q = session.participants[1].code.clone();
        let advance =
            |code: &str| format!("/api/sessions/{}/participants/{code}/advance", session.code);
        for _ in 0..2 {
            press_next(server.addr, &p, &[]).await.unwrap();
        }
        assert_eq!(
            server.host.position(&p).await.unwrap().page.as_deref(),
            Some("together")
        );
        // p is moved past the wait page before q comes.
        let moved = server.api(Method::POST, &advance(&p), None).await.unwrap();
        assert_eq!(
            (moved["page"].as_str(), moved["round"].as_u64()),
            (Some("act"), Some(2))
        );
        // q arrives at the wait page and is not held there for good.
        for _ in 0..2 {
            press_next(server.addr, &q, &[]).await.unwrap();
        }
        let q_now = server.host.position(&q).await.unwrap();
        assert_eq!((q_now.page.as_deref(), q_now.round), (Some("act"), 2));
        server.stop().await;
    });
}
