//! The researcher console (`/admin`) and the room link over plain HTTP and
//! websockets against the real server: the login cookie's flags, requests
//! refused without a login, a CSRF token or from another site, logout,
//! the monitor's websocket (participants, history, new entries as they
//! are committed, one group's log), and the room link handing out
//! participants.

use futures_util::StreamExt;
use hyper::{HeaderMap, Method, StatusCode};
use livehost_tests::server::{TOKEN, TestServer, WAIT, hidden_field, request_with};
use livehost_tests::{Steps, rt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const FORM: &str = "application/x-www-form-urlencoded";

/// A logged-in browser, as the tests play it: its cookie and the CSRF
/// token its pages carry.
struct Login {
    cookie: String,
    csrf: String,
}

fn set_cookie(headers: &HeaderMap) -> String {
    headers
        .get(hyper::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn log_in(server: &TestServer) -> Login {
    let (status, headers, _) = request_with(
        Method::POST,
        &server.url("/admin/login"),
        &[("content-type", FORM)],
        format!("token={TOKEN}").into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = set_cookie(&headers)
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();
    let (status, _, page) = get(server, "/admin/sessions", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    Login {
        csrf: hidden_field(&page, "csrf").expect("the page's forms carry the CSRF token"),
        cookie,
    }
}

async fn get(server: &TestServer, path: &str, cookie: &str) -> (StatusCode, HeaderMap, String) {
    request_with(
        Method::GET,
        &server.url(path),
        &[("cookie", cookie)],
        Vec::new(),
    )
    .await
}

async fn post_form(
    server: &TestServer,
    path: &str,
    headers: &[(&str, &str)],
    form: &str,
) -> (StatusCode, HeaderMap, String) {
    let mut all = vec![("content-type", FORM)];
    all.extend_from_slice(headers);
    request_with(
        Method::POST,
        &server.url(path),
        &all,
        form.as_bytes().to_vec(),
    )
    .await
}

fn location(headers: &HeaderMap) -> String {
    headers
        .get(hyper::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_console_needs_a_login_and_refuses_forged_requests() {
    rt().block_on(async {
        let mut steps = Steps::new("the console needs a login and refuses forged requests");
        let server = TestServer::start().await;
        let sha = server.upload("auction").await;

        steps.step("without a login: pages send to the login form, forms are refused");
        // Without a login: pages send to the login form, forms are refused.
        let (status, headers, _) = get(&server, "/admin/sessions", "").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), "/admin/login");
        let (status, _, page) = post_form(&server, "/admin/sessions", &[], "participants=2").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(page.contains("not logged in"), "{page}");

        steps.step("a wrong token: no cookie");
        // A wrong token: no cookie.
        let (status, headers, page) =
            post_form(&server, "/admin/login", &[], "token=not-the-token").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(page.contains("not the admin token"), "{page}");
        assert_eq!(set_cookie(&headers), "");

        steps.step("the right token: an HttpOnly, SameSite=Strict cookie");
        // The right token: an HttpOnly, SameSite=Strict cookie.
        let (_, headers, _) =
            post_form(&server, "/admin/login", &[], &format!("token={TOKEN}")).await;
        let cookie = set_cookie(&headers);
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
            assert!(cookie.contains(flag), "{flag} in {cookie}");
        }
        let login = log_in(&server).await;
        let create = format!("experiment={sha}&participants=2");

        steps.step("a form without the CSRF token, or with another login's, is refused");
        // A form without the CSRF token, or with another login's, is refused.
        let cookie_header = [("cookie", login.cookie.as_str())];
        let (status, _, page) =
            post_form(&server, "/admin/sessions", &cookie_header, &create).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("CSRF"), "{page}");
        let other = log_in(&server).await;
        let (status, _, _) = post_form(
            &server,
            "/admin/sessions",
            &cookie_header,
            &format!("{create}&csrf={}", other.csrf),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        steps.step("from another site's page, even with the token: refused");
        // From another site's page, even with the token: refused.
        let with_csrf = format!("{create}&csrf={}", login.csrf);
        let (status, _, page) = post_form(
            &server,
            "/admin/sessions",
            &[
                ("cookie", &login.cookie),
                ("origin", "https://evil.example"),
            ],
            &with_csrf,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("another address than this host"), "{page}");
        assert!(server.host.store().sessions().unwrap().is_empty());

        steps.step("with both, from the console's own origin: the session exists");
        // With both, from the console's own origin: the session exists.
        let origin = format!("http://{}", server.addr);
        let (status, headers, _) = post_form(
            &server,
            "/admin/sessions",
            &[("cookie", &login.cookie), ("origin", &origin)],
            &with_csrf,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let sessions = server.host.store().sessions().unwrap();
        assert_eq!(sessions.len(), 1);
        let code = &sessions[0].code;
        assert_eq!(location(&headers), format!("/admin/sessions/{code}"));
        let (status, _, page) =
            get(&server, &format!("/admin/sessions/{code}"), &login.cookie).await;
        assert_eq!(status, StatusCode::OK);
        let page = livehost_tests::server::unescape(&page);
        assert!(
            page.contains(&format!("/room/{code}")),
            "the room link is shown"
        );
        steps.step("a bad form says what to fix");
        // A bad form says what to fix.
        let (status, _, page) = post_form(
            &server,
            "/admin/sessions",
            &cookie_header,
            &format!("experiment={sha}&participants=3&csrf={}", login.csrf),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("multiple of 2"), "{page}");

        steps.step("the upload script's header token is checked as well");
        // The upload script's header token is checked as well.
        let wasm = livehost_tests::guest("chat");
        let (status, _, answer) = request_with(
            Method::POST,
            &server.url("/admin/experiments"),
            &[("cookie", &login.cookie), ("x-csrf-token", "wrong")],
            wasm.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        let (status, _, answer) = request_with(
            Method::POST,
            &server.url("/admin/experiments"),
            &[("cookie", &login.cookie), ("x-csrf-token", &login.csrf)],
            wasm,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let uploaded: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(uploaded["name"], "chat");
        let (_, _, page) = get(&server, "/admin/experiments", &login.cookie).await;
        assert!(
            page.contains(uploaded["sha"].as_str().unwrap()),
            "the new version is listed"
        );

        steps.step("downloads go with the cookie");
        // Downloads go with the cookie.
        let (status, headers, csv) = get(
            &server,
            &format!("/admin/sessions/{code}/export/participants.csv"),
            &login.cookie,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            location(&headers).is_empty() && csv.starts_with("session,participant_id"),
            "{csv}"
        );

        steps.step("logout ends the login: the cookie no longer works");
        // Logout ends the login: the cookie no longer works.
        let (status, headers, _) = post_form(
            &server,
            "/admin/logout",
            &cookie_header,
            &format!("csrf={}", login.csrf),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(set_cookie(&headers).contains("Max-Age=0"));
        let (status, headers, _) = get(&server, "/admin/sessions", &login.cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), "/admin/login");
        steps.step("the upload script is told in JSON, which the page shows");
        // The upload script is told in JSON, which the page shows.
        let (status, _, answer) = request_with(
            Method::POST,
            &server.url("/admin/experiments"),
            &[("cookie", &login.cookie), ("x-csrf-token", &login.csrf)],
            b"bytes".to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let answer: Value = serde_json::from_str(&answer).expect("JSON");
        assert!(answer["error"].as_str().unwrap().contains("log in again"));
        steps.step("the other login is still in force");
        // The other login is still in force.
        let (status, _, _) = get(&server, "/admin/sessions", &other.cookie).await;
        assert_eq!(status, StatusCode::OK);
        server.stop().await;
    });
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A monitor's websocket, as the console's page reads it.
struct Monitor {
    ws: Socket,
    /// The last `{"session": ...}` frame seen.
    session: Value,
    /// Log entries received and not yet looked at.
    entries: Vec<Value>,
}

/// Opens the monitor's websocket of `session` (`group`: one group's log).
async fn monitor(
    server: &TestServer,
    cookie: &str,
    session: &str,
    group: Option<u32>,
    origin: Option<&str>,
) -> Result<Monitor, String> {
    let group = group.map_or("all".to_string(), |g| g.to_string());
    let mut req = format!(
        "ws://{}/admin/sessions/{session}/live?group={group}",
        server.addr
    )
    .into_client_request()
    .unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    if let Some(o) = origin {
        req.headers_mut().insert("origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(Monitor {
            ws,
            session: Value::Null,
            entries: Vec::new(),
        }),
        Err(e) => Err(e.to_string()),
    }
}

impl Monitor {
    /// The next frame: a JSON value, or the close frame's code.
    async fn frame(&mut self, what: &str) -> Result<Value, u16> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("{what}: no frame within the wait"))
                .expect("the monitor is open")
                .expect("a frame");
            match frame {
                Message::Text(text) => {
                    let v: Value = serde_json::from_str(&text).unwrap();
                    if let Some(s) = v.get("session") {
                        self.session = s.clone();
                    }
                    if let Some(Value::Array(batch)) = v.get("messages") {
                        self.entries.extend(batch.iter().cloned());
                    }
                    return Ok(v);
                }
                Message::Close(close) => return Err(close.map_or(0, |c| c.code.into())),
                _ => {}
            }
        }
    }

    /// The next log entry.
    async fn entry(&mut self, what: &str) -> Value {
        while self.entries.is_empty() {
            self.frame(what).await.expect("open");
        }
        self.entries.remove(0)
    }

    /// Waits until the participants' table satisfies `holds`.
    async fn table_until(&mut self, what: &str, holds: impl Fn(&Value) -> bool) {
        while !holds(&self.session["participants"]) {
            self.frame(what).await.expect("open");
        }
    }
}

#[test]
fn the_monitor_shows_participants_and_the_message_log_as_it_happens() {
    rt().block_on(async {
        let mut steps =
            Steps::new("the monitor shows participants and the message log as it happens");
        let server = TestServer::start().await;
        let session = server.session("auction", 4).await;
        let (a, b, c) = (
            &session.participants[0],
            &session.participants[1],
            &session.participants[2],
        );
        let login = log_in(&server).await;
        let origin = format!("http://{}", server.addr);

        steps.step("only from the console's own page, and only logged in");
        // Only from the console's own page, and only logged in.
        let refused = monitor(&server, &login.cookie, &session.code, None, None).await;
        assert!(
            refused.is_err_and(|e| e.contains("403")),
            "no Origin: refused"
        );
        let refused = monitor(&server, "", &session.code, None, Some(&origin)).await;
        assert!(
            refused.is_err_and(|e| e.contains("303")),
            "no login: sent to the login form"
        );

        steps.step("a bid before the monitor opens is in its history");
        // A bid before the monitor opens is in its history.
        let now_ms = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as u64
        };
        let before_bid = now_ms();
        let mut view_a = server.page_view(&a.code, Some("Auction"), "va").await;
        let id = view_a.send(&serde_json::json!(10)).await;
        view_a.until_ack(id).await.expect("bid 10");
        let after_bid = now_ms();

        let mut all = monitor(&server, &login.cookie, &session.code, None, Some(&origin))
            .await
            .expect("the monitor opens");
        let first = all.entry("the history").await;
        assert_eq!(first["kind"], "live");
        assert_eq!(first["participant_id"], a.participant_id);
        assert_eq!(first["data"], 10);
        assert_eq!(first["replies"][0]["payload"]["bid"], 10);
        all.table_until("the participants", |p| p.is_array()).await;
        let shown = all.session.clone();
        let row = &shown["participants"][0];
        assert_eq!(row["page"], "Auction");
        assert_eq!(row["connected"], 1, "A's page is open: {row}");
        steps.step("A's bid is their last message and their last activity");
        // A's bid is their last message and their last activity.
        let bid_time = before_bid..=after_bid;
        assert!(
            row["last_message_ms"]
                .as_u64()
                .is_some_and(|t| bid_time.contains(&t)),
            "A's bid at {bid_time:?}: {row}"
        );
        assert!(
            row["last_activity_ms"]
                .as_u64()
                .is_some_and(|t| t >= before_bid),
            "A's bid at {bid_time:?}: {row}"
        );
        assert!(
            shown["participants"][1]["last_message_ms"].is_null(),
            "B sent nothing"
        );

        steps.step("group 2's log shows group 2's entries only");
        // Group 2's log shows group 2's entries only.
        let mut group2 = monitor(
            &server,
            &login.cookie,
            &session.code,
            Some(2),
            Some(&origin),
        )
        .await
        .expect("group 2's log opens");

        steps.step("new entries arrive as they are committed");
        // New entries arrive as they are committed.
        let mut view_b = server.page_view(&b.code, Some("Auction"), "vb").await;
        let id = view_b.send(&serde_json::json!(15)).await;
        view_b.until_ack(id).await.expect("bid 15");
        let entry = all.entry("B's bid").await;
        assert_eq!(entry["participant_id"], b.participant_id);
        assert_eq!(entry["data"], 15);
        let mut view_c = server.page_view(&c.code, Some("Auction"), "vc").await;
        let id = view_c.send(&serde_json::json!("x")).await;
        let _ = view_c.until_ack(id).await;
        let entry = group2.entry("C's message in group 2's log").await;
        assert_eq!(entry["participant_id"], c.participant_id);
        assert_eq!(entry["group_id"], 2);
        assert!(
            entry["error"].is_string(),
            "a refused bid shows its error: {entry}"
        );

        steps.step("the participants' table follows: C is connected, B moved on");
        // The participants' table follows: C is connected, B moved on.
        let advance = format!(
            "/admin/sessions/{}/participants/{}/advance",
            session.code, b.code
        );
        let (status, headers, _) = post_form(
            &server,
            &advance,
            &[("cookie", &login.cookie)],
            &format!("csrf={}", login.csrf),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&headers).contains("note="), "{headers:?}");
        let entry = loop {
            let entry = all.entry("the advance in the log").await;
            if entry["kind"] != "live" {
                break entry;
            }
        };
        assert_eq!(entry["kind"], "admin");
        assert_eq!(entry["data"]["action"], "advance");
        all.table_until("B on Results, C connected", |p| {
            p[1]["page"] == "Results" && p[2]["connected"] == 1
        })
        .await;

        steps.step("logging out closes the monitors of that login (4401)");
        // Logging out closes the monitors of that login (4401).
        let (status, _, _) = post_form(
            &server,
            "/admin/logout",
            &[("cookie", &login.cookie)],
            &format!("csrf={}", login.csrf),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let closed = loop {
            if let Err(code) = all.frame("the close after logout").await {
                break code;
            }
        };
        assert_eq!(closed, 4401);
        server.stop().await;
    });
}

/// Presses Start on the room page: `arrival` is the page's arrival id,
/// `cookie` what the browser holds. Returns the status, where it was sent,
/// the cookie it was given and the page.
async fn join(
    server: &TestServer,
    path: &str,
    arrival: &str,
    cookie: &str,
) -> (StatusCode, String, String, String) {
    let (status, headers, page) = post_form(
        server,
        path,
        &[("cookie", cookie)],
        &format!("arrival={arrival}"),
    )
    .await;
    let cookie = set_cookie(&headers)
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();
    (status, location(&headers), cookie, page)
}

/// A new arrival id, as the room page makes them.
fn arrival(n: u32) -> String {
    format!("{n:032x}")
}

#[test]
fn the_room_link_hands_each_arrival_a_free_participant() {
    rt().block_on(async {
        let mut steps = Steps::new("the room link hands each arrival a free participant");
        let server = TestServer::start().await;
        let session = server.session("auction", 4).await;
        let room = format!("/room/{}", session.code);
        let link = |n: usize| format!("/p/{}", session.participants[n].code);
        let info = server
            .api(
                Method::GET,
                &format!("/api/sessions/{}", session.code),
                None,
            )
            .await
            .unwrap();
        assert_eq!(info["room"], server.url(&room));

        steps.step("the link shows a page; only pressing its button takes a place");
        // The link shows a page; only pressing its button takes a place.
        let (status, _, page) = get(&server, &room, "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("id=\"join\""), "{page}");
        let first = hidden_field(&page, "arrival").expect("the page's arrival id");
        let (status, _, _, page) = join(&server, &room, "forged", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "no arrival id: {page}");

        steps.step("participant 1's own link is in use: the room skips them");
        // Participant 1's own link is in use: the room skips them.
        let (status, _, _) = get(&server, &link(0), "").await;
        assert_eq!(status, StatusCode::OK);
        let (status, to, cookie, _) = join(&server, &room, &first, "").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(to, link(1), "participant 2, not the one whose link is open");
        steps.step("pressing again or coming back returns the same participant");
        // Pressing again (a double click, even two presses at once) or
        // coming back with the cookie returns the same participant.
        let (_, again, _, _) = join(&server, &room, &first, "").await;
        assert_eq!(again, to);
        let double = arrival(5);
        let (one, two) = tokio::join!(
            join(&server, &room, &double, ""),
            join(&server, &room, &double, "")
        );
        assert_eq!(one.1, two.1, "two presses at once: one participant");
        assert_eq!(one.1, link(2));
        let (_, again, _, _) = join(&server, &room, &arrival(1), &cookie).await;
        assert_eq!(again, to);
        let (status, headers, _) = get(&server, &room, &cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), to);

        steps.step("others get the rest, across a restart; then the session is full");
        // Others get the rest, across a restart; then the session is full.
        // Participant 1's page sent a live message: across a restart, when
        // the host no longer knows the page was open, it is still theirs.
        let mut view = server
            .page_view(&session.participants[0].code, Some("Auction"), "v")
            .await;
        let id = view.send(&serde_json::json!({})).await;
        view.until_ack(id).await.expect("the history");
        drop(view);
        let server = server.restart().await;
        let (_, fourth, _, _) = join(&server, &room, &arrival(3), "").await;
        assert_eq!(fourth, link(3));
        let (status, _, _, page) = join(&server, &room, &arrival(4), "").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            page.contains("every place in this session is taken"),
            "{page}"
        );

        steps.step("many arrivals at once each get a participant of their own");
        // Many arrivals at once each get a participant of their own.
        let crowd = server.session("auction", 6).await;
        let crowd_room = format!("/room/{}", crowd.code);
        let presses = (10..17).map(|n| {
            let (server, path) = (&server, crowd_room.clone());
            async move { join(server, &path, &arrival(n), "").await }
        });
        let answers = futures_util::future::join_all(presses).await;
        let mut seated: Vec<&str> = answers
            .iter()
            .filter(|a| a.0 == StatusCode::SEE_OTHER)
            .map(|a| a.1.as_str())
            .collect();
        seated.sort_unstable();
        seated.dedup();
        assert_eq!(seated.len(), 6, "six distinct participants: {answers:?}");
        assert_eq!(
            answers
                .iter()
                .filter(|a| a.0 == StatusCode::CONFLICT)
                .count(),
            1,
            "the seventh finds the session full"
        );

        steps.step("unknown and closed sessions say so");
        // Unknown and closed sessions say so.
        let (status, _, _, _) = join(&server, "/room/nosuchsession", &arrival(20), "").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        server
            .api(
                Method::POST,
                &format!("/api/sessions/{}/close", session.code),
                None,
            )
            .await
            .unwrap();
        let (status, _, page) = get(&server, &room, "").await;
        assert_eq!(status, StatusCode::GONE);
        assert!(page.contains("closed"), "{page}");
        server.stop().await;
    });
}

#[test]
fn the_login_cookie_is_secure_at_the_https_public_address_only() {
    rt().block_on(async {
        let mut steps = Steps::new("the login cookie is secure at the https public address only");
        let server = TestServer::start_with(|_, options| {
            options.public_url = Some("https://lab.example.org:8443".into());
        })
        .await;
        let log_in_at = |host: &'static str| {
            let url = server.url("/admin/login");
            async move {
                let (status, headers, _) = request_with(
                    Method::POST,
                    &url,
                    &[("content-type", FORM), ("host", host)],
                    format!("token={TOKEN}").into_bytes(),
                )
                .await;
                assert_eq!(status, StatusCode::SEE_OTHER);
                set_cookie(&headers)
            }
        };
        steps.step("through the lab's proxy (which may drop the port from Host)");
        // Through the lab's proxy (which may drop the port from Host).
        for host in ["lab.example.org:8443", "lab.example.org"] {
            let cookie = log_in_at(host).await;
            assert!(cookie.contains("; Secure"), "at {host}: {cookie}");
        }
        steps.step("through an SSH tunnel, over plain http: no Secure cookie");
        // Through an SSH tunnel, over plain http: a Secure cookie would be
        // dropped by the browser.
        let cookie = log_in_at("127.0.0.1:8000").await;
        assert!(!cookie.contains("Secure"), "{cookie}");
        server.stop().await;
    });
}

#[test]
fn the_console_creates_a_session_from_a_projects_session_config() {
    let study = livehost_tests::sdk_guests::build(
        env!("CARGO_BIN_EXE_livehost"),
        "tests/guests/otree/study",
    );
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("study", study).await;
        let login = log_in(&server).await;
        // Each session config is a choice of its own.
        let (_, _, page) = get(&server, "/admin/sessions", &login.cookie).await;
        let page = livehost_tests::server::unescape(&page);
        for (config, label) in [
            ("study", "Consent, guessing game, survey"),
            ("survey_only", "survey_only"),
        ] {
            assert!(
                page.contains(&format!("<option value=\"{sha}#{config}\">{label} · ")),
                "{config}: {page}"
            );
        }
        // No size given: the config's num_demo_participants; a change to
        // one of its values.
        let origin = format!("http://{}", server.addr);
        let headers = [("cookie", login.cookie.as_str()), ("origin", origin.as_str())];
        let form = format!(
            "experiment={sha}%23survey_only&participants=&config=%7B%22treatment%22%3A%22red%22%7D&csrf={}",
            login.csrf
        );
        let (status, _, page) = post_form(&server, "/admin/sessions", &headers, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let sessions = server.host.store().sessions().unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].participants, 2);
        assert_eq!(sessions[0].config_name.as_deref(), Some("survey_only"));
        assert_eq!(sessions[0].apps, ["survey"]);
        // A change the config does not allow says which it has.
        let form = format!(
            "experiment={sha}%23study&participants=&config=%7B%22colour%22%3A1%7D&csrf={}",
            login.csrf
        );
        let (status, _, page) = post_form(&server, "/admin/sessions", &headers, &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let page = livehost_tests::server::unescape(&page);
        assert!(page.contains("has no setting \"colour\""), "{page}");
    });
}
