//! The real server on a loopback port, driven by real websocket and HTTP
//! clients: every example's scenario (the seeds' behaviours) played over
//! the wire, pages and next buttons, wait pages and rounds, resends after a
//! reconnect, two tabs, the admin API, restart-resume, and the bad inputs
//! and limits of the serve issue.

use std::collections::BTreeMap;
use std::time::Duration;

use hyper::{Method, StatusCode};
use livehost::bots::{Outcome, Report, Scenario, check};
use livehost_tests::server::{Frame, PageView, TestServer, http, press_next};
use livehost_tests::{Steps, rt};
use serde_json::{Value, json};

fn code_of(session: &livehost::http::admin_api::SessionInfo, participant: u32) -> String {
    session
        .participants
        .iter()
        .find(|p| p.participant_id == participant)
        .map(|p| p.code.clone())
        .expect("participant")
}

/// Plays `examples/<guest>/scenario.json` through the server: live
/// messages over each participant's websocket, next as a form post.
async fn play_scenario(server: &TestServer, guest: &str) {
    let path = livehost_tests::workspace_root().join(format!("examples/{guest}/scenario.json"));
    let text = std::fs::read_to_string(&path).expect("scenario file");
    let scenario = Scenario::parse(&text).expect("scenario");
    let sha = server.upload(guest).await;
    let list = server
        .api(Method::GET, "/api/experiments", None)
        .await
        .unwrap();
    let group_size = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["sha"] == sha.as_str())
        .and_then(|e| e["players_per_group"].as_u64())
        .unwrap() as u32;
    let size = scenario.participants.unwrap_or(group_size);
    let session = server.session(guest, size).await;
    let mut views = BTreeMap::new();
    for n in 1..=size {
        let view = server
            .page_view(&code_of(&session, n), None, &format!("main{n}"))
            .await
            .skipping_moves();
        views.insert(n, view);
    }
    let mut report = Report::default();
    for (i, step) in scenario.steps.iter().enumerate() {
        let code = code_of(&session, step.player);
        let outcome = if let Some(data) = &step.send {
            let answer = match &step.page {
                Some(page) => {
                    // A page the player may have left: told to move first.
                    let mut tab = server
                        .page_view(&code, Some(page), &format!("step{i}"))
                        .await
                        .skipping_moves();
                    let id = tab.send(data).await;
                    tab.until_ack(id).await
                }
                None => {
                    let view = views.get_mut(&step.player).unwrap();
                    let id = view.send(data).await;
                    view.until_ack(id).await
                }
            };
            match answer {
                Err(text) => Outcome::Failed(text),
                Ok(own) => {
                    let mut by: BTreeMap<u32, Vec<Value>> = BTreeMap::new();
                    let expected = step.expect.clone().unwrap_or_default();
                    for (who, want) in &expected {
                        let n: u32 = who.parse().unwrap();
                        if want.is_empty() {
                            continue;
                        }
                        let got = if n == step.player && step.page.is_none() {
                            own.clone()
                        } else {
                            let view = views.get_mut(&n).unwrap();
                            let mut got = Vec::new();
                            for _ in 0..want.len() {
                                got.push(view.recv().await);
                            }
                            got
                        };
                        by.insert(n, got);
                    }
                    if step.page.is_none() && !own.is_empty() {
                        by.insert(step.player, own);
                    }
                    Outcome::Replies(by)
                }
            }
        } else {
            let fields: Vec<(String, String)> = step
                .next
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.as_str().map_or(v.to_string(), str::to_string)))
                .collect();
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            match press_next(server.addr, &code, &fields).await {
                Ok(()) => Outcome::Moved(None),
                Err(text) => Outcome::Failed(text),
            }
        };
        check(&mut report, i + 1, step, &outcome);
    }
    assert!(
        report.failures.is_empty(),
        "{guest} over the server:\n{}",
        report.lines.join("\n")
    );
    // Nobody received anything more than the scenario expects.
    for (n, view) in views.iter_mut() {
        let extra = tokio::time::timeout(Duration::from_millis(300), view.frame()).await;
        if let Ok(Frame::Recv(v)) = extra {
            panic!("{guest}: player {n} received {v} that the scenario does not expect");
        }
    }
}

#[test]
fn every_example_scenario_plays_over_the_server() {
    rt().block_on(async {
        let server = TestServer::start().await;
        for guest in [
            "auction",
            "bid-validation",
            "chat",
            "ten-messages",
            "tic-tac-toe",
            "countdown",
            "shared-counter",
        ] {
            play_scenario(&server, guest).await;
        }
        server.stop().await;
    });
}

#[test]
fn pages_render_the_shell_and_next_moves_through_wait_pages_and_rounds() {
    rt().block_on(async {
        let mut steps =
            Steps::new("pages render the shell and next moves through wait pages and rounds");
        let server = TestServer::start().await;
        let session = server.session("auction", 2).await;
        let a = code_of(&session, 1);
        let (status, page) = http(Method::GET, &server.url(&format!("/p/{a}")), None).await;
        assert_eq!(status, StatusCode::OK);
        for part in [
            r#"<form id="form" method="post""#,
            r#"<form id="liveform""#,
            r#"src="/static/live.js" data-code=""#,
            "You are bidder 1.",
            r#"id="next""#,
        ] {
            assert!(page.contains(part), "the page lacks {part}: {page}");
        }
        let (_, js) = http(Method::GET, &server.url("/static/live.js"), None).await;
        assert!(js.contains("window.liveSend"));
        let (status, page) = http(Method::GET, &server.url("/p/nosuchcode"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("not valid"), "{page}");

        steps.step("a stale form does not move anyone twice");
        // A stale form (posted again from the page already left) does not
        // move the participant twice.
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{a}")), None).await;
        let form = format!(
            "_page={}&_round={}",
            livehost_tests::server::hidden_field(&page, "_page").unwrap(),
            livehost_tests::server::hidden_field(&page, "_round").unwrap()
        );
        for _ in 0..2 {
            let (status, _) =
                http(Method::POST, &server.url(&format!("/p/{a}")), Some(&form)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{a}")), None).await;
        assert!(page.contains("<title>Results</title>"), "{page}");
        press_next(server.addr, &a, &[]).await.unwrap();
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{a}")), None).await;
        assert!(page.contains("You have finished auction"), "{page}");

        steps.step("before-next's refusal is shown on the page (oTree's error_message)");
        // before-next's refusal is shown on the page (oTree's error_message).
        let session = server.session("tic-tac-toe", 2).await;
        let x = code_of(&session, 1);
        let e = press_next(server.addr, &x, &[]).await.unwrap_err();
        assert!(e.contains("the game is not over yet"), "{e}");

        steps.step("the faulty guest has a wait page and two rounds");
        // The faulty guest has a wait page and two rounds.
        let session = server.session("faulty", 2).await;
        let (p, q) = (code_of(&session, 1), code_of(&session, 2));
        let mut q_view = server.page_view(&q, Some("end"), "qview").await;
        press_next(server.addr, &p, &[]).await.unwrap();
        press_next(server.addr, &p, &[]).await.unwrap();
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{p}")), None).await;
        assert!(
            page.contains("Please wait") && !page.contains(r#"id="next""#),
            "{page}"
        );
        let mut p_view = server.page_view(&p, Some("together"), "pview").await;
        steps.step("q's page view was opened for a page q is not on: told to reload");
        // q's page view was opened for a page q is not on: told to reload.
        assert_eq!(q_view.frame().await, Frame::Moved);
        press_next(server.addr, &q, &[]).await.unwrap();
        press_next(server.addr, &q, &[]).await.unwrap();
        steps.step("q arrived: p's wait page is told to move on, to round 2");
        // q arrived: p's wait page is told to move on, to round 2.
        assert_eq!(p_view.frame().await, Frame::Moved);
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{p}")), None).await;
        assert!(page.contains("<title>act</title>"), "{page}");
        for code in [&p, &q] {
            press_next(server.addr, code, &[]).await.unwrap();
        }
        let (_, page) = http(Method::GET, &server.url(&format!("/p/{p}")), None).await;
        assert!(page.contains("end of round 2"), "{page}");
        server.stop().await;
    });
}

#[test]
fn two_tabs_both_receive_and_a_resend_after_reconnect_is_applied_once() {
    rt().block_on(async {
        let mut steps =
            Steps::new("two tabs both receive and a resend after reconnect is applied once");
        let server = TestServer::start().await;
        let session = server.session("auction", 2).await;
        let (a, b) = (code_of(&session, 1), code_of(&session, 2));
        let mut tab1 = server.page_view(&a, Some("Auction"), "tab1").await;
        let mut tab2 = server.page_view(&a, Some("Auction"), "tab2").await;
        let mut other = server.page_view(&b, Some("Auction"), "other").await;
        let id = tab1.send(&json!(10)).await;
        let bid = json!({"id_in_group": 1, "bid": 10});
        assert_eq!(tab1.until_ack(id).await.unwrap(), vec![bid.clone()]);
        assert_eq!(tab2.recv().await, bid);
        assert_eq!(other.recv().await, bid);

        steps.step("tab1 reconnects with the same page-view id and sends the bid again");
        // tab1 drops and reconnects with the same page-view id, sending the
        // message again: it is acknowledged, not applied again.
        drop(tab1);
        let mut tab1 = server.page_view(&a, Some("Auction"), "tab1").await;
        tab1.send_raw(&json!({"id": 1, "data": 10}).to_string())
            .await;
        assert_eq!(tab1.frame().await, Frame::Ack { id: 1, again: true });
        tab1.send_raw(&json!({"id": 2, "data": 12}).to_string())
            .await;
        let bid = json!({"id_in_group": 1, "bid": 12});
        assert_eq!(tab1.until_ack(2).await.unwrap(), vec![bid.clone()]);
        steps.step("the others' next reply is the new bid: nothing was sent twice");
        // The others' next reply is the new bid: nothing was sent twice.
        assert_eq!(tab2.recv().await, bid);
        assert_eq!(other.recv().await, bid);
        let log = server
            .host
            .store()
            .messages(&session.code, None, 100)
            .unwrap();
        assert_eq!(log.len(), 2, "two bids in the log: {log:?}");
        server.stop().await;
    });
}

#[test]
fn bad_frames_get_clear_errors_and_nothing_is_stored() {
    rt().block_on(async {
        let mut steps = Steps::new("bad frames get clear errors and nothing is stored");
        let server = TestServer::start_with(|config, _| {
            // A burst of 5, then (practically) nothing more: no refill
            // during the test, so exactly 5 go through.
            config.sockets.rate_per_sec = 0.001;
            config.sockets.burst = 5.0;
        })
        .await;
        let session = server.session("auction", 2).await;
        let a = code_of(&session, 1);
        let mut view = server.page_view(&a, Some("Auction"), "v").await;
        let expect_error = |f: Frame, want: &str| match f {
            Frame::Error { text, .. } if text.contains(want) => {}
            other => panic!("expected an error with {want:?}, got {other:?}"),
        };
        view.send_raw(&json!({"id": 1, "data": "x".repeat(70_000)}).to_string())
            .await;
        expect_error(view.frame().await, "more than the limit of 65536 bytes");
        view.send_raw("{not json").await;
        expect_error(view.frame().await, "not a live message");
        view.send_binary(vec![1, 2, 3]).await;
        expect_error(view.frame().await, "binary frames are not accepted");
        let mut stale = server.page_view(&a, Some("Results"), "stale").await;
        assert_eq!(stale.frame().await, Frame::Moved);
        let id = stale.send(&json!(5)).await;
        let e = stale.until_ack(id).await.unwrap_err();
        assert!(e.contains("but you are on page \"Auction\""), "{e}");
        steps.step("the rate: b's burst of 5 reaches the experiment, the next 3 are refused");
        // The rate, per participant: b's burst of 5 reaches the
        // experiment (which refuses a bid that is not a number), the next
        // 3 are refused for the rate.
        let mut b_view = server
            .page_view(&code_of(&session, 2), Some("Auction"), "b")
            .await;
        let mut outcomes = Vec::new();
        for _ in 0..8 {
            let id = b_view.send(&json!("not a number")).await;
            let e = b_view.until_ack(id).await.unwrap_err();
            outcomes.push(if e.contains("must be a number") {
                "experiment"
            } else if e.contains("messages a second") {
                "rate"
            } else {
                panic!("unexpected refusal {e}")
            });
        }
        assert_eq!(
            outcomes,
            ["experiment"; 5]
                .into_iter()
                .chain(["rate"; 3])
                .collect::<Vec<_>>(),
            "sending 8 at once with a burst of 5"
        );
        steps.step("unknown and finished codes");
        // Unknown and finished codes.
        let mut unknown = server.page_view("nosuchcode", None, "u").await;
        expect_error(unknown.frame().await, "unknown participant code");
        assert!(matches!(
            unknown.frame().await,
            Frame::Closed { code: 4404, .. }
        ));
        press_next(server.addr, &a, &[]).await.unwrap();
        press_next(server.addr, &a, &[]).await.unwrap();
        let mut done = server.page_view(&a, None, "done").await;
        expect_error(done.frame().await, "you have finished");
        assert!(matches!(
            done.frame().await,
            Frame::Closed { code: 4410, .. }
        ));
        steps.step("nothing oversized or malformed is stored");
        // Only the calls that reached the experiment are logged: the
        // refused bids, then the two presses of next.
        let log = server
            .host
            .store()
            .messages(&session.code, None, 100)
            .unwrap();
        assert!(
            log.iter().all(|(_, m)| m.data.len() < 100),
            "nothing oversized or malformed is stored"
        );
        server.stop().await;
    });
}

#[test]
fn a_page_that_does_not_read_is_closed_and_its_group_goes_on() {
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.sockets.outbound_queue = 8;
        })
        .await;
        let session = server.session("chat", 3).await;
        let (sleeper, reader, sender) = (
            code_of(&session, 1),
            code_of(&session, 2),
            code_of(&session, 3),
        );
        // A socket with a small receive window that never reads.
        let _asleep = PageView::open_small_window(server.addr, &sleeper, "zz").await;
        let mut awake = server.page_view(&reader, Some("Chat"), "awake").await;
        let reading = tokio::spawn(async move {
            let mut n = 0u64;
            loop {
                match awake.frame().await {
                    Frame::Recv(_) => n += 1,
                    Frame::Closed { .. } | Frame::Dropped { .. } => return (n, true),
                    _ => {}
                }
                if n == u64::MAX {
                    return (n, false);
                }
            }
        });
        let text = "x".repeat(450);
        let mut closed = false;
        for i in 0..40_000 {
            server
                .host
                .live_message(&sender, None, &json!({"text": text}).to_string())
                .await
                .unwrap();
            if i % 100 == 0 && server.host.page_views().presence(&sleeper).connected == 0 {
                closed = true;
                break;
            }
        }
        assert!(closed, "the page that does not read was not closed");
        assert_eq!(server.host.page_views().presence(&reader).connected, 1);
        assert!(!reading.is_finished(), "the reading page is still open");
        reading.abort();
        server.stop().await;
    });
}

#[test]
fn admin_api_checks_tokens_and_uploads_and_lists_sessions() {
    rt().block_on(async {
        let mut steps = Steps::new("admin api checks tokens and uploads and lists sessions");
        let server = TestServer::start_with(|_, options| {
            options.max_upload_bytes = 4 * 1024 * 1024;
        })
        .await;
        steps.step("requests without the right token are refused");
        let url = server.url("/api/experiments");
        let none = livehost::http::client::request(Method::GET, &url, None, None, vec![])
            .await
            .unwrap();
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);
        assert!(String::from_utf8_lossy(&none.body).contains("no admin token"));
        let wrong = livehost::http::client::api(Method::GET, &url, "nope", None)
            .await
            .unwrap_err();
        assert!(
            wrong.to_string().contains("401") && wrong.to_string().contains("wrong"),
            "{wrong}"
        );
        steps.step("uploads that are not experiments are refused and not stored");
        let refused = |body: Vec<u8>| {
            let server = &server;
            async move {
                server
                    .api(
                        Method::POST,
                        "/api/experiments",
                        Some(("application/wasm", body)),
                    )
                    .await
                    .unwrap_err()
                    .to_string()
            }
        };
        let e = refused(vec![]).await;
        assert!(e.contains("400") && e.contains("empty"), "{e}");
        let e = refused(b"not wasm at all".to_vec()).await;
        assert!(
            e.contains("422") && e.contains("not a WebAssembly component"),
            "{e}"
        );
        let e = refused(b"\0asm\x01\0\0\0".to_vec()).await;
        assert!(e.contains("422") && e.contains("component"), "{e}");
        steps.step("an empty component and one over the upload limit are refused");
        // An empty component: a component, but not the experiment world.
        let e = refused(b"\0asm\x0d\0\x01\0".to_vec()).await;
        assert!(
            e.contains("422") && e.contains("does not implement the livehost:experiment"),
            "{e}"
        );
        let e = refused(vec![0u8; 5 * 1024 * 1024]).await;
        assert!(e.contains("413") && e.contains("limit"), "{e}");
        let list = server
            .api(Method::GET, "/api/experiments", None)
            .await
            .unwrap();
        assert_eq!(list, json!([]), "nothing refused was stored");

        steps.step("uploading the same component twice keeps one record");
        let first = server.upload("auction").await;
        let again = server
            .api(
                Method::POST,
                "/api/experiments",
                Some(("application/wasm", livehost_tests::guest("auction"))),
            )
            .await
            .unwrap();
        assert_eq!(
            (again["sha"].as_str(), again["new"].as_bool()),
            (Some(first.as_str()), Some(false))
        );
        steps.step("bad sessions are refused; a good one has its participants' links");
        let create = |body: Value| {
            let server = &server;
            async move {
                server
                    .api(
                        Method::POST,
                        "/api/sessions",
                        Some(("application/json", body.to_string().into_bytes())),
                    )
                    .await
            }
        };
        let e = create(json!({"experiment": "auction", "participants": 3}))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("multiple of 2"), "{e}");
        let e = create(json!({"experiment": "nosuch", "participants": 2}))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("404"), "{e}");
        let e = create(json!({"participants": 2})).await.unwrap_err();
        assert!(e.to_string().contains("400"), "{e}");
        let session = create(json!({"experiment": "auction", "participants": 4}))
            .await
            .unwrap();
        assert_eq!(session["experiment"], first.as_str());
        let code = session["code"].as_str().unwrap().to_string();
        let first_code = session["participants"][0]["code"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            first_code.len() >= 16,
            "participant codes carry at least 80 bits"
        );
        assert_eq!(
            session["participants"][0]["link"].as_str().unwrap(),
            server.url(&format!("/p/{first_code}"))
        );
        steps.step("a new upload does not change a running session");
        // A new upload does not change a running session.
        server.upload("bid-validation").await;
        let opened_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        let _view = server.page_view(&first_code, None, "v").await;
        // The host counts the view once its socket task has taken it, a
        // moment after the handshake.
        let mut shown = Value::Null;
        for _ in 0..100 {
            shown = server
                .api(Method::GET, &format!("/api/sessions/{code}"), None)
                .await
                .unwrap();
            if shown["participants"][0]["connected"] == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(shown["experiment"], first.as_str());
        assert_eq!(shown["participants"][0]["page"], "Auction");
        assert_eq!(shown["participants"][0]["connected"], 1);
        // Opening the page is the participant's last activity.
        assert!(
            shown["participants"][0]["last_activity_ms"]
                .as_u64()
                .is_some_and(|t| t >= opened_ms),
            "{shown}"
        );
        assert_eq!(shown["participants"].as_array().unwrap().len(), 4);
        steps.step("sessions are listed; an unknown one is 404; /healthz is ok");
        let all = server
            .api(Method::GET, "/api/sessions", None)
            .await
            .unwrap();
        assert_eq!(all.as_array().unwrap().len(), 1);
        let e = server
            .api(Method::GET, "/api/sessions/nosuch", None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("404"), "{e}");
        let (status, health) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(
            (status, health.as_str()),
            (StatusCode::OK, r#"{"status":"ok"}"#)
        );
        server.stop().await;
    });
}

#[test]
fn a_restarted_server_resumes_sessions_and_pages_get_their_history() {
    rt().block_on(async {
        let mut steps =
            Steps::new("a restarted server resumes sessions and pages get their history");
        let server = TestServer::start().await;
        let session = server.session("auction", 2).await;
        let (a, b) = (code_of(&session, 1), code_of(&session, 2));
        let mut view = server.page_view(&a, Some("Auction"), "before").await;
        let id = view.send(&json!(7)).await;
        view.until_ack(id).await.unwrap();
        let mut view_b = server.page_view(&b, Some("Auction"), "b").await;
        let server = server.restart().await;
        steps.step("the stopping host closed the pages' sockets with 1001");
        // The stopping host closed the pages' sockets with 1001 (b's view
        // opened after the bid, so nothing came before).
        assert_eq!(
            view_b.frame().await,
            Frame::Closed {
                code: 1001,
                reason: "the host is restarting".into()
            }
        );

        let mut view = server.page_view(&b, Some("Auction"), "after").await;
        let id = view.send(&json!({})).await;
        assert_eq!(
            view.until_ack(id).await.unwrap(),
            vec![json!({"id_in_group": 1, "bid": 7})]
        );
        steps.step("the resend of a message applied before the restart is refused");
        // The resend of a message applied before the restart is refused.
        let mut again = server.page_view(&a, Some("Auction"), "before").await;
        again
            .send_raw(&json!({"id": 1, "data": 7}).to_string())
            .await;
        again.ack(1, true).await;
        server.stop().await;
    });
}
