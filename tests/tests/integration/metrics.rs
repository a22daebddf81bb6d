//! Prometheus's metrics at `/metrics` on the real server: behind the admin
//! token; live messages, replies, refusals by kind, the latency and guest
//! call histograms, commits, instances, page views and the data file's
//! size as a session plays; the console's session page shows the session's
//! own figures; a closed session's series are gone.

use hyper::{Method, StatusCode};
use livehost_tests::rt;
use livehost_tests::server::{Frame, TOKEN, TestServer, request_with};
use serde_json::json;

/// The value of the series `name` (with its labels) in `text`.
fn value(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

async fn scrape(server: &TestServer) -> String {
    let bearer = format!("Bearer {TOKEN}");
    let (status, headers, text) = request_with(
        Method::GET,
        &server.url("/metrics"),
        &[("authorization", &bearer)],
        Vec::new(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let kind = headers.get("content-type").unwrap().to_str().unwrap();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    text
}

#[test]
fn metrics_count_a_sessions_live_messages_and_the_console_shows_them() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("auction", 2).await;
        let code = &session.code;
        let (p1, p2) = (&session.participants[0].code, &session.participants[1].code);

        // Without the token: refused, saying how Prometheus sends it.
        let (status, _, text) =
            request_with(Method::GET, &server.url("/metrics"), &[], Vec::new()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.contains("credentials_file"), "{text}");

        let mut a = server.page_view(p1, Some("Auction"), "a").await;
        let mut b = server.page_view(p2, Some("Auction"), "b").await;
        let id = b.send(&json!({})).await;
        b.until_ack(id).await.unwrap();
        for bid in [5, 6, 7] {
            let id = a.send(&json!(bid)).await;
            a.until_ack(id).await.unwrap();
            b.recv().await;
        }
        // Two refused before they reach the group.
        a.send_raw("not json").await;
        assert!(matches!(a.frame().await, Frame::Error { .. }));
        a.send_raw(&json!({"id": 9, "data": "x".repeat(70 * 1024)}).to_string())
            .await;
        assert!(matches!(a.frame().await, Frame::Error { .. }));

        let text = scrape(&server).await;
        let of = |name: &str| format!("livehost_{name}{{session=\"{code}\"}}");
        assert_eq!(
            value(&text, &of("live_messages_total")),
            Some(6.0),
            "{text}"
        );
        // Each bid to both pages; the history to its asker (none yet: an
        // empty reply list is no frame).
        assert_eq!(value(&text, &of("live_replies_total")), Some(6.0), "{text}");
        for kind in ["malformed", "too_large"] {
            let series =
                format!("livehost_live_errors_total{{session=\"{code}\",kind=\"{kind}\"}}");
            assert_eq!(value(&text, &series), Some(1.0), "{series} in {text}");
        }
        assert_eq!(
            value(&text, &of("live_message_latency_seconds_count")),
            Some(4.0),
            "{text}"
        );
        assert_eq!(
            value(&text, &of("guest_call_seconds_count")),
            Some(4.0),
            "{text}"
        );
        assert!(value(&text, "livehost_commit_seconds_count").unwrap() >= 4.0);
        assert!(value(&text, "livehost_commit_batch_calls_count").unwrap() >= 1.0);
        assert_eq!(value(&text, "livehost_page_views_open"), Some(2.0));
        assert!(value(&text, "livehost_instances_live").unwrap() >= 1.0);
        assert!(value(&text, "livehost_instances_made_total").unwrap() >= 1.0);
        assert_eq!(value(&text, "livehost_async_calls_in_flight"), Some(0.0));
        assert_eq!(value(&text, "livehost_group_queue_messages"), Some(0.0));
        assert!(value(&text, "livehost_data_file_size_bytes").unwrap() > 0.0);
        assert!(text.ends_with("# EOF\n"));

        // The console's session page has the same figures.
        let (status, headers, _) = request_with(
            Method::POST,
            &server.url("/admin/login"),
            &[("content-type", "application/x-www-form-urlencoded")],
            format!("token={TOKEN}").into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let cookie = headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_string();
        let (status, _, page) = request_with(
            Method::GET,
            &server.url(&format!("/admin/sessions/{code}")),
            &[("cookie", &cookie)],
            Vec::new(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        for shown in [
            r#"<td id="figure-messages">6</td>"#,
            r#"<td id="figure-replies">6</td>"#,
            r#"<td id="figure-views">2</td>"#,
            "malformed: 1",
            "too_large: 1",
        ] {
            assert!(page.contains(shown), "{shown} in the console's page");
        }
        assert!(page.contains(" ms</td>"), "the mean times are shown");

        // Closed: its series are dropped.
        server
            .api(Method::POST, &format!("/api/sessions/{code}/close"), None)
            .await
            .unwrap();
        let text = scrape(&server).await;
        assert!(!text.contains(code.as_str()), "{text}");
        server.stop().await;
    });
}
