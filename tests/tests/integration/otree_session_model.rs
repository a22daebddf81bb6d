//! oTree's session model in an oTree project, played through real pages in
//! headless Chromium and checked against what oTree 6 shows for the same
//! project (its bots, run by hand on oTree 6.0.15, printed the texts these
//! tests expect): roles from `C.*_ROLE`, creating_session setting a
//! subsession field from the session config and player and participant
//! fields for every round, a wait page's after_all_players_arrive setting
//! payoffs, `in_all_rounds` and `in_previous_rounds`, a participant field
//! changed in place (a list appended to), participant.payoff summed over
//! rounds and payoff_plus_participation_fee, and the console's Payments
//! view.

use hyper::Method;
use serde_json::{Value, json};

use livehost_tests::browser::{Browser, Tab};
use livehost_tests::otree_page::{on_page, press_next, submit, text};
use livehost_tests::rt;
use livehost_tests::server::TestServer;

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

/// A session of the lab project (uploaded as `sha`) created with `body`'s
/// session config and changes.
async fn session_of_config(
    server: &TestServer,
    sha: &str,
    mut body: Value,
) -> livehost::http::admin_api::SessionInfo {
    body["experiment"] = json!(sha);
    serde_json::from_value(server.create_session(body).await.unwrap()).unwrap()
}

/// The session's message log, as its JSON export has it.
async fn message_log(server: &TestServer, session: &str) -> Value {
    server
        .api(
            Method::GET,
            &format!("/api/sessions/{session}/export/messages.json"),
            None,
        )
        .await
        .unwrap()
}

/// Fills the page's one currency field and submits it.
async fn send(browser: &mut Browser, tab: &Tab, field: &str, amount: u32) {
    submit(
        browser,
        tab,
        &format!("document.querySelector('[name=\"{field}\"]').value = '{amount}'"),
    )
    .await;
}

#[test]
fn a_failing_creating_session_creates_no_session_and_says_why() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let body = json!({"experiment": sha, "session_config": "trust_unset"});
        let error = server
            .create_session(body)
            .await
            .expect_err("the session is refused")
            .to_string();
        assert!(
            error.contains(
                "creating_session of app trust (round 1) failed, so no session was created: KeyError: 'multiplier'"
            ),
            "{error}"
        );
        // The traceback names the experiment's line.
        assert!(error.contains("trust/__init__.py"), "{error}");
        let sessions = server.api(Method::GET, "/api/sessions", None).await.unwrap();
        assert_eq!(sessions, json!([]));
    });
}

#[test]
fn a_trust_game_plays_its_roles_hooks_rounds_and_payoffs_as_on_otree() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("lab", bytes, 4).await;
        let mut browser = Browser::start().await;
        let mut tabs = Vec::new();
        for p in &session.participants {
            tabs.push(browser.open(&server.url(&format!("/p/{}", p.code))).await);
        }
        // Participants 1 and 3 invest, 2 and 4 are trustees.
        let roles = ["Investor", "Trustee", "Investor", "Trustee"];
        for (n, tab) in tabs.iter().enumerate() {
            on_page(&mut browser, tab, "Welcome").await;
            assert_eq!(
                text(&mut browser, tab, "role").await,
                format!(
                    "You are the {}: {} {} of round 1.",
                    roles[n],
                    roles[n],
                    n + 1
                )
            );
            assert_eq!(
                text(&mut browser, tab, "multiplier").await,
                "What is sent is multiplied by 3."
            );
            press_next(&mut browser, tab).await;
        }
        // The trustees wait for their investors: oTree's wait page with
        // the page's body_text (once the trustee's press of next, which
        // the click only starts, has taken them there).
        on_page(&mut browser, &tabs[1], "Please wait").await;
        let wait_text = async |n: usize| {
            let code = &session.participants[n].code;
            (
                server.page_text(code, "_otree-title").await,
                server.page_text(code, "wait-body").await,
            )
        };
        assert_eq!(
            wait_text(1).await,
            (
                "Please wait".to_string(),
                "Waiting for the investor to decide.".to_string()
            )
        );
        let rounds = [(4, 5, [11, 7]), (6, 9, [13, 9])];
        for (round, &(sent, back, earned)) in rounds.iter().enumerate() {
            let round = round + 1;
            for g in [0, 2] {
                let (investor, trustee) = (&tabs[g], &tabs[g + 1]);
                on_page(&mut browser, investor, "Send").await;
                assert_eq!(
                    text(&mut browser, investor, "endowment").await,
                    "You have 10 points."
                );
                send(&mut browser, investor, "sent_amount", sent).await;
                // oTree's own words while the investor waits for the trustee.
                if round == 1 && g == 0 {
                    assert_eq!(
                        wait_text(0).await,
                        (
                            "Please wait".to_string(),
                            "Waiting for the other participant.".to_string()
                        )
                    );
                }
                on_page(&mut browser, trustee, "Send back").await;
                assert_eq!(
                    text(&mut browser, trustee, "tripled").await,
                    format!(
                        "The investor sent {sent} points; you have {} points.",
                        sent * 3
                    )
                );
                send(&mut browser, trustee, "sent_back_amount", back).await;
            }
            for (n, tab) in tabs.iter().enumerate() {
                on_page(&mut browser, tab, "Results").await;
                let (me, other) = (roles[n], roles[(n + 1) % 2]);
                assert_eq!(
                    text(&mut browser, tab, "payoff").await,
                    format!(
                        "Round {round}: you earned {} points as the {me}, beside the {other}.",
                        earned[n % 2]
                    )
                );
                let history: String = rounds[..round]
                    .iter()
                    .map(|r| format!("{};", r.2[n % 2]))
                    .collect();
                assert_eq!(text(&mut browser, tab, "rounds").await, history);
                if round == 2 {
                    assert_eq!(
                        text(&mut browser, tab, "earlier").await,
                        format!("Before: {} points.", rounds[0].2[n % 2])
                    );
                }
                press_next(&mut browser, tab).await;
            }
        }
        // participant.payoff sums the rounds; the money is at 0.50 EUR a
        // point plus the participation fee of 5.
        for (n, tab) in tabs.iter().enumerate() {
            on_page(&mut browser, tab, "Payment").await;
            let (total, money, history) = if n % 2 == 0 {
                (24, "€17.00", "11;13;")
            } else {
                (16, "€13.00", "7;9;")
            };
            assert_eq!(
                text(&mut browser, tab, "total").await,
                format!("In all: {total} points, paid {money}.")
            );
            assert_eq!(text(&mut browser, tab, "history").await, history);
            // The final wait page is displayed in round 2 only, and its
            // hook ran then only.
            assert_eq!(
                text(&mut browser, tab, "runs").await,
                "The final wait page ran 1 time(s) for you."
            );
        }

        // The console's Payments view (oTree's): each participant's payoff
        // in points and money, the participation fee, the total.
        let console = browser.open(&server.url("/admin")).await;
        browser
            .wait_for(
                &console,
                "!!document.getElementById('token')",
                "the login form",
                "document.body.innerText",
            )
            .await;
        browser
            .eval(
                &console,
                &format!(
                    "document.getElementById('token').value = '{}'; document.getElementById('login').submit(); true",
                    livehost_tests::server::TOKEN
                ),
            )
            .await;
        browser
            .wait_for(
                &console,
                "location.pathname === '/admin/sessions' && !!document.getElementById('logout')",
                "logged in",
                "document.body.innerText",
            )
            .await;
        browser
            .eval(
                &console,
                &format!("location.href = '/admin/sessions/{}'; true", session.code),
            )
            .await;
        browser
            .wait_for(
                &console,
                "document.readyState === 'complete' && !!document.getElementById('payments-total')",
                "the session's Payments view",
                "document.body.innerText",
            )
            .await;
        let rows = browser
            .eval(
                &console,
                "Array.from(document.querySelectorAll('#payments tbody tr')).map(tr => Array.from(tr.querySelectorAll('.payoff, .money, .fee, .total')).map(td => td.textContent).join(' | '))",
            )
            .await;
        assert_eq!(
            rows,
            json!([
                "24 points | €12.00 | €5.00 | €17.00",
                "16 points | €8.00 | €5.00 | €13.00",
                "24 points | €12.00 | €5.00 | €17.00",
                "16 points | €8.00 | €5.00 | €13.00",
            ])
        );
        let total = browser
            .eval(&console, "document.getElementById('payments-total').textContent")
            .await;
        assert_eq!(total, "€60.00");
        let api = server
            .api(
                Method::GET,
                &format!("/api/sessions/{}/payments", session.code),
                None,
            )
            .await
            .unwrap();
        assert_eq!(api["total"], "€60.00");
        assert_eq!(api["participants"][0]["total_amount"], 17.0);

        // The app's admin report (oTree's vars_for_admin_report with the
        // app's admin_report.html), by round; the last round by default.
        let bearer = format!("Bearer {}", livehost_tests::server::TOKEN);
        let report = async |query: &str| {
            let (status, headers, html) = livehost_tests::server::request_with(
                Method::GET,
                &server.url(&format!("/api/sessions/{}/admin-report{query}", session.code)),
                &[("authorization", &bearer)],
                Vec::new(),
            )
            .await;
            // Its own page with an opaque origin: its scripts cannot reach
            // the console.
            assert_eq!(
                headers["content-security-policy"],
                "sandbox allow-scripts; frame-ancestors 'self'"
            );
            (status, html)
        };
        let paragraph = |html: &str, id: &str| {
            let marker = format!("<p id=\"{id}\">");
            html.split_once(&marker)
                .and_then(|(_, rest)| rest.split_once("</p>"))
                .map(|(text, _)| text.to_string())
                .unwrap_or_else(|| format!("(no #{id}: {html})"))
        };
        let (status, html) = report("").await;
        assert_eq!(status, hyper::StatusCode::OK);
        assert_eq!(
            paragraph(&html, "report"),
            "Round 2 of 2, multiplier 3: 2 groups sent 6 points; 6 points; on average 6 points."
        );
        assert_eq!(paragraph(&html, "fee"), "Participation fee: €5.00.");
        let (_, html) = report("?app=trust&round=1").await;
        assert_eq!(
            paragraph(&html, "report"),
            "Round 1 of 2, multiplier 3: 2 groups sent 4 points; 4 points; on average 4 points."
        );
        // A round out of range shows the last, as on oTree; an app without
        // a report says so.
        let (_, html) = report("?app=trust&round=9").await;
        assert!(paragraph(&html, "report").starts_with("Round 2 of 2"), "{html}");
        let (status, html) = report("?app=market").await;
        assert_eq!(status, hyper::StatusCode::NOT_FOUND);
        assert!(html.contains("app &quot;market&quot; of this session has no admin report"), "{html}");
        // In the console's session page (open since the Payments view): a
        // frame whose page the console cannot read.
        let frame = browser
            .eval(
                &console,
                "(() => { const f = document.getElementById('report-frame'); return [f.getAttribute('sandbox'), f.getAttribute('src'), f.contentDocument === null]; })()",
            )
            .await;
        assert_eq!(
            frame,
            json!(["allow-scripts", format!("/admin/sessions/{}/report", session.code), true])
        );
        let shown = browser
            .open(&server.url(&format!("/admin/sessions/{}/report?round=1", session.code)))
            .await;
        browser
            .wait_for(
                &shown,
                "!!document.getElementById('report')",
                "the report page",
                "document.body.innerText",
            )
            .await;
        let text = browser.eval(&shown, "document.body.innerText").await;
        let origin = browser.eval(&shown, "window.origin").await;
        assert_eq!(origin, "null", "the report runs in an opaque origin: {text}");

        // The app's custom exports (oTree's custom_export functions), as
        // oTree writes them: None empty, booleans 1/0, currency a number.
        let codes: Vec<&str> = session.participants.iter().map(|p| p.code.as_str()).collect();
        let (status, headers, csv) = livehost_tests::server::request_with(
            Method::GET,
            &server.url(&format!(
                "/api/sessions/{}/custom-export/trust/custom_export.csv",
                session.code
            )),
            &[("authorization", &bearer)],
            Vec::new(),
        )
        .await;
        assert_eq!(status, hyper::StatusCode::OK, "{csv}");
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        let mut want = String::from("participant,round,role,sent,payoff,last_round\r\n");
        for (round, sent, earned, last) in [(1, 4.0, [11.0, 7.0], 0), (2, 6.0, [13.0, 9.0], 1)] {
            for (n, code) in codes.iter().enumerate() {
                want += &format!(
                    "{code},{round},{},{sent:.1},{:.1},{last}\r\n",
                    roles[n],
                    earned[n % 2]
                );
            }
        }
        assert_eq!(csv, want);
        let (_, _, csv) = livehost_tests::server::request_with(
            Method::GET,
            &server.url(&format!(
                "/api/sessions/{}/custom-export/trust/custom_export_history.csv",
                session.code
            )),
            &[("authorization", &bearer)],
            Vec::new(),
        )
        .await;
        // A cell a spreadsheet would run as a formula is written as text
        // (a leading '); a negative number stays a number.
        assert_eq!(
            csv,
            "participant,history,note\r\n1,\"[11, 13]\",'=1+2\r\n2,\"[7, 9]\",-9\r\n3,\"[11, 13]\",-13\r\n4,\"[7, 9]\",-9\r\n"
        );
        // `livehost export` writes each of them beside the four parts.
        let out = server.dir().join("export");
        let output = livehost_tests::server::run_cli(
            LIVEHOST,
            &[
                "export",
                &session.code,
                "--url",
                &server.url(""),
                "--out",
                &out.display().to_string(),
            ],
        )
        .await;
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            std::fs::read_to_string(out.join("trust_custom_export_history.csv")).unwrap(),
            csv
        );
        assert!(out.join("trust_custom_export.csv").is_file());
        let info = server
            .api(Method::GET, &format!("/api/sessions/{}", session.code), None)
            .await
            .unwrap();
        assert_eq!(info["admin_reports"], json!([{"app": "trust", "rounds": 2}]));
        assert_eq!(
            info["custom_exports"],
            json!([
                {"app": "trust", "function": "custom_export"},
                {"app": "trust", "function": "custom_export_history"}
            ])
        );

        // The hooks are in the message log: creating_session for each
        // round (with the session), after_all_players_arrive for each
        // group and round.
        let log = message_log(&server, &session.code).await;
        let hooks: Vec<Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "hook")
            .map(|m| json!([m["data"], m["page"], m["round"], m["group_id"]]))
            .collect();
        let created = json!({"hook": "creating_session", "app": "trust"});
        let arrived = json!({"hook": "after_all_players_arrive"});
        let (results, last) = ("trust/ResultsWaitPage", "trust/FinalWaitPage");
        let expected = [
            json!([created, "", 1, 0]),
            json!([created, "", 2, 0]),
            json!([arrived, results, 1, 1]),
            json!([arrived, results, 1, 2]),
            // Group ids are the data file's: each round has its own.
            json!([arrived, results, 2, 5]),
            json!([arrived, results, 2, 6]),
            json!([arrived, last, 2, 5]),
            json!([arrived, last, 2, 6]),
        ];
        assert_eq!(hooks, expected, "{log}");
    });
}

/// Where a participant sat in a round, as their Claim page says:
/// (participant, id in group, group, partner).
fn seat(text: &str) -> (u32, u32, u32, u32) {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    // "Round r: you are P{me}, player {id} of group {g}, with P{partner}."
    assert_eq!(numbers.len(), 5, "{text}");
    (numbers[1], numbers[2], numbers[3], numbers[4])
}

#[test]
fn creating_session_regroups_rounds_at_random_like_an_earlier_round_and_by_id_in_group() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = session_of_config(&server, &sha, json!({"session_config": "demand"})).await;
        let mut browser = Browser::start().await;
        let mut tabs = Vec::new();
        for p in &session.participants {
            tabs.push(browser.open(&server.url(&format!("/p/{}", p.code))).await);
        }
        let claim = |me: u32| 3 + me;
        let mut seats = Vec::new();
        let mut earned = vec![Vec::new(); 4];
        for round in 1..=3u32 {
            let mut this_round = Vec::new();
            for (n, tab) in tabs.iter().enumerate() {
                on_page(&mut browser, tab, "Claim").await;
                let text = text(&mut browser, tab, "seat").await;
                assert!(text.starts_with(&format!("Round {round}: ")), "{text}");
                let s = seat(&text);
                assert_eq!(s.0, n as u32 + 1, "{text}");
                this_round.push(s);
            }
            // A matching: partners point at each other, each group has
            // players 1 and 2.
            for &(me, id, group, partner) in &this_round {
                let other = this_round[partner as usize - 1];
                assert_eq!((other.3, other.2), (me, group), "{this_round:?}");
                assert_eq!(id + other.1, 3, "{this_round:?}");
            }
            seats.push(this_round.clone());
            for (n, tab) in tabs.iter().enumerate() {
                send(&mut browser, tab, "claim", claim(n as u32 + 1)).await;
            }
            for (n, tab) in tabs.iter().enumerate() {
                on_page(&mut browser, tab, "Results").await;
                let (me, partner) = (n as u32 + 1, this_round[n].3);
                let total = claim(me) + claim(partner);
                assert_eq!(
                    text(&mut browser, tab, "claims").await,
                    format!(
                        "You claimed {} points, P{partner} claimed {} points: {total} points in all.",
                        claim(me),
                        claim(partner)
                    )
                );
                let payoff = if total <= 10 { claim(me) } else { 0 };
                earned[n].push(payoff);
                assert_eq!(
                    text(&mut browser, tab, "payoff").await,
                    format!("You earn {payoff} points.")
                );
                press_next(&mut browser, tab).await;
            }
        }
        // group_like_round(1): round 2 as round 1; group_randomly with
        // fixed_id_in_group: everyone keeps the id in group the round's
        // first groups (1-2, 3-4) gave them, as on oTree.
        assert_eq!(seats[1], seats[0]);
        for n in 0..4 {
            assert_eq!(seats[2][n].1, n as u32 % 2 + 1, "{seats:?}");
        }
        for (n, tab) in tabs.iter().enumerate() {
            on_page(&mut browser, tab, "The end").await;
            let partners: String = seats.iter().map(|r| format!("P{};", r[n].3)).collect();
            assert_eq!(
                text(&mut browser, tab, "partners").await,
                format!("Your partners: {partners}")
            );
            let payoffs: String = earned[n].iter().map(|x| format!("{x} points;")).collect();
            assert_eq!(text(&mut browser, tab, "payoffs").await, payoffs);
            let total: u32 = earned[n].iter().sum();
            assert_eq!(
                text(&mut browser, tab, "total").await,
                format!("In all: {total} points.")
            );
        }
    });
}

#[test]
fn the_clock_and_randomness_are_real_distinct_per_call_and_logged() {
    use livehost_tests::server::PageView;
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let mut sessions = Vec::new();
        for _ in 0..2 {
            let session =
                session_of_config(&server, &sha, json!({"session_config": "clock"})).await;
            sessions.push(session);
        }
        let mut answers = Vec::new();
        for session in &sessions {
            let code = &session.participants[0].code;
            let mut view = PageView::open(server.addr, code, Some("clock/Read"), "v1").await;
            for _ in 0..2 {
                let before = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs_f64();
                let id = view.send(&json!({})).await;
                let got = view.until_ack(id).await.unwrap();
                let after = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs_f64();
                let answer = got[0].clone();
                // The call's time: when the host took the message.
                for key in ["time", "now"] {
                    let t = answer[key].as_f64().unwrap();
                    assert!(
                        before - 1.0 <= t && t <= after + 1.0,
                        "{key} {t} not in [{before}, {after}]"
                    );
                }
                assert_eq!(answer["later"], true, "a second read of the clock is later");
                answers.push(answer);
            }
        }
        // Every call drew anew: no two randoms, choices or uuids alike.
        for key in ["random", "choice", "uuid"] {
            let mut seen: Vec<String> = answers.iter().map(|a| a[key].to_string()).collect();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), answers.len(), "{key}: {answers:?}");
        }
        // creating_session drew differently in each session.
        assert_ne!(answers[0]["drawn"], answers[2]["drawn"], "{answers:?}");
        assert_eq!(answers[0]["drawn"], answers[1]["drawn"]);
        // Each call's seed is in the message log, one of its own.
        let mut seeds = Vec::new();
        for session in &sessions {
            let log = message_log(&server, &session.code).await;
            for entry in log.as_array().unwrap() {
                assert!(entry["seed"].is_u64(), "{entry}");
                seeds.push(entry["seed"].as_u64().unwrap());
            }
        }
        assert_eq!(seeds.len(), 6, "a creating_session and two messages each");
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), 6);
    });
}

#[test]
fn a_participants_code_reaches_only_them_and_an_admin_report_only_reads() {
    use livehost_tests::server::PageView;
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = session_of_config(
            &server,
            &sha,
            json!({"session_config": "clock", "participants": 2}),
        )
        .await;
        let code = &session.participants[0].code;
        let mut view = PageView::open(server.addr, code, Some("clock/Read"), "v").await;
        let id = view.send(&json!({"code_of": 1})).await;
        let got = view.until_ack(id).await.unwrap();
        assert_eq!(got[0], json!({"code": code, "session": session.code}));
        // Another participant's code would let this one act as them.
        let id = view.send(&json!({"code_of": 2})).await;
        let got = view.until_ack(id).await.unwrap();
        let error = got[0]["error"].as_str().unwrap_or_default();
        assert!(
            error.contains("participant 2's code is their secret link"),
            "{got:?}"
        );
        let (status, _, html) = livehost_tests::server::request_with(
            Method::GET,
            &server.url(&format!("/api/sessions/{}/admin-report", session.code)),
            &[(
                "authorization",
                &format!("Bearer {}", livehost_tests::server::TOKEN),
            )],
            Vec::new(),
        )
        .await;
        assert_eq!(status, hyper::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            html.contains("vars_for_admin_report of app clock (round 1) failed")
                && html.contains("the admin report only reads: it cannot change state or rows"),
            "{html}"
        );
    });
}

#[test]
fn extramodel_rows_made_on_arrival_are_changed_and_dropped_by_live_messages_round_by_round_and_all_groups_wait()
 {
    use livehost_tests::server::{PageView, press_next};
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = session_of_config(&server, &sha, json!({"session_config": "sliders"})).await;
        let codes: Vec<String> = session
            .participants
            .iter()
            .map(|p| p.code.clone())
            .collect();
        for round in 1..=2 {
            // Everyone starts on the Start wait page: its hook makes each
            // player's sliders, then they are on the live page.
            let mut views = Vec::new();
            for code in &codes {
                let (_, html) =
                    livehost_tests::server::http(Method::GET, &server.url(&format!("/p/{code}")), None)
                        .await;
                assert!(html.contains("sliders/Task") || html.contains("Sliders"), "{html}");
                views.push(PageView::open(server.addr, code, Some("sliders/Task"), &format!("r{round}")).await);
            }
            for (n, view) in views.iter_mut().enumerate() {
                let me = n % 2 + 1;
                let id = view.send(&json!({"position": 0, "value": 50})).await;
                let got = view.until_ack(id).await.unwrap();
                assert_eq!(
                    got[0],
                    json!({"left": [0, 1, 2], "values": [50, 0, 0], "moved": [true, false, false], "solved": 1, "group_rows": 6}),
                    "round {round}: this round's rows only"
                );
                let second = if me == 1 { 50 } else { 30 };
                let id = view.send(&json!({"position": 1, "value": second})).await;
                let got = view.until_ack(id).await.unwrap();
                assert_eq!(got[0]["solved"], if me == 1 { 2 } else { 1 });
            }
            for (n, view) in views.iter_mut().enumerate() {
                let id = view.send(&json!({"drop": 2})).await;
                let got = view.until_ack(id).await.unwrap();
                assert_eq!(got[0]["left"], json!([0, 1]));
                // Each group's two players drop one each, in turn.
                assert_eq!(got[0]["group_rows"], if n % 2 == 0 { 5 } else { 4 });
            }
            drop(views);
            for code in &codes {
                press_next(server.addr, code, &[]).await.unwrap();
            }
            for code in &codes {
                assert_eq!(
                    server.page_text(code, "group").await,
                    // 3 × 1.5 / 2 = 2.25: currency rounds to 2 points.
                    "Your group set 3 sliders at 50; you earn 2 points."
                );
                assert_eq!(
                    server.page_text(code, "session").await,
                    "In this round, all groups: 6 of 8 sliders at 50."
                );
                press_next(server.addr, code, &[]).await.unwrap();
            }
            // A wait page for all groups: once everybody is there, the
            // subsession's hook ranks the groups and gives the first a
            // point more (a payoff the Results page showed: not cached).
            for (n, code) in codes.iter().enumerate() {
                let want = if n < 2 {
                    "Your group ranks 1 of 2; you now earn 3 points."
                } else {
                    "Your group ranks 2 of 2; you now earn 2 points."
                };
                let mut seen = String::new();
                for _ in 0..200 {
                    seen = server.page_text(code, "rank").await;
                    if seen == want {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                assert_eq!(seen, want, "participant {}", n + 1);
            }
            for code in &codes {
                press_next(server.addr, code, &[]).await.unwrap();
            }
        }
        // The export holds each row as it was left; dropped rows are gone.
        let rows = server
            .api(
                Method::GET,
                &format!("/api/sessions/{}/export/rows.json", session.code),
                None,
            )
            .await
            .unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 16, "{rows:?}");
        let at_50 = rows
            .iter()
            .filter(|r| r["fields"]["value"] == 50 && r["fields"]["moved"] == true)
            .count();
        assert_eq!(at_50, 12, "{rows:?}");
    });
}

#[test]
fn pairs_form_as_players_arrive_round_by_round_numbered_as_on_otree() {
    // The texts are oTree 6.0.15's for the same project and the same order
    // of page loads (run by hand with its devserver and HTTP requests).
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = session_of_config(&server, &sha, json!({"session_config": "arrival"})).await;
        let code = |n: usize| session.participants[n - 1].code.clone();
        let pair = async |n: usize| server.page_text(&code(n), "pair").await;
        let waits = async |n: usize| {
            let (_, html) = livehost_tests::server::http(
                Method::GET,
                &server.url(&format!("/p/{}", code(n))),
                None,
            )
            .await;
            assert!(
                html.contains("Waiting to form a group with other participants."),
                "participant {n}: {html}"
            );
        };
        let next = async |n: usize| {
            livehost_tests::server::press_next(server.addr, &code(n), &[])
                .await
                .unwrap();
        };
        // Round 1: 3 waits; 1 comes and completes a pair (by participant
        // id: 1 is player 1). The first pair is group 2: everyone starts
        // in group 1, as on oTree, which stays while 2 and 4 are in it.
        waits(3).await;
        let r1 = "Group 2 (red): you are player 1 with participant 3; 2 groups this round.";
        assert_eq!(pair(1).await, r1);
        assert_eq!(
            pair(3).await,
            "Group 2 (red): you are player 2 with participant 1; 2 groups this round."
        );
        waits(4).await;
        assert_eq!(
            pair(2).await,
            "Group 3 (blue): you are player 1 with participant 4; 2 groups this round."
        );
        assert_eq!(
            pair(4).await,
            "Group 3 (blue): you are player 2 with participant 2; 2 groups this round."
        );
        // Group 1 has nobody left: gone.
        assert_eq!(pair(1).await, r1);
        // Round 2 pairs anew, numbered after round 1's groups (which were
        // copied into round 2: 1 and 4 are still in theirs).
        next(2).await;
        waits(2).await;
        next(3).await;
        assert_eq!(
            pair(3).await,
            "Group 4 (red): you are player 2 with participant 2; 3 groups this round."
        );
        assert_eq!(
            pair(2).await,
            "Group 4 (red): you are player 1 with participant 3; 3 groups this round."
        );
        next(4).await;
        waits(4).await;
        next(1).await;
        assert_eq!(
            pair(1).await,
            "Group 5 (blue): you are player 1 with participant 4; 2 groups this round."
        );
        assert_eq!(
            pair(4).await,
            "Group 5 (blue): you are player 2 with participant 1; 2 groups this round."
        );
        assert_eq!(
            pair(2).await,
            "Group 4 (red): you are player 1 with participant 3; 2 groups this round."
        );
        // Each group formed is in the message log, with the hook that ran
        // for it.
        let log = message_log(&server, &session.code).await;
        let formed: Vec<Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "hook")
            .map(|e| e["data"]["players"].clone())
            .collect();
        assert_eq!(
            formed,
            [json!([1, 3]), json!([2, 4]), json!([2, 3]), json!([1, 4])]
        );
    });
}

#[test]
fn a_lobby_groups_by_its_own_rule_and_asks_it_again_while_players_wait() {
    // The texts are oTree 6.0.15's for the same loads (where oTree's page
    // reloads itself to ask the rule again, livehost's timer asks it).
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.arrival_recheck = std::time::Duration::from_millis(200);
        })
        .await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = session_of_config(&server, &sha, json!({"session_config": "lobby"})).await;
        let code = |n: usize| session.participants[n - 1].code.clone();
        let group = async |n: usize| server.page_text(&code(n), "group").await;
        let waiting = |text: &str| text.starts_with("(no #group");
        // The page each participant is on, by the admin API (not a page
        // load, which would ask the rule itself).
        let page_of = async |n: usize| {
            let info = server
                .api(
                    Method::GET,
                    &format!("/api/sessions/{}", session.code),
                    None,
                )
                .await
                .unwrap();
            info["participants"][n - 1]["page"].clone()
        };
        assert!(waiting(&group(1).await));
        assert!(waiting(&group(3).await));
        // Two of one colour: a group.
        assert_eq!(group(2).await, "Group 2 of 2: you (red) play with [1].");
        assert_eq!(group(1).await, "Group 2 of 2: you (red) play with [2].");
        // 3 waits alone; after the session's wait_limit (1 s) the rule,
        // asked again by the host, lets them play alone.
        let mut page = Value::Null;
        for _ in 0..100 {
            page = page_of(3).await;
            if page == "lobby/Play" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(page, "lobby/Play");
        assert_eq!(group(3).await, "Group 3 of 1: you (blue) play with [].");
        assert!(waiting(&group(4).await));
        for _ in 0..100 {
            if page_of(4).await == "lobby/Play" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(group(4).await, "Group 4 of 1: you (red) play with [].");
        assert_eq!(group(2).await, "Group 2 of 2: you (red) play with [1].");
        // Every ask is in the message log, with what it decided.
        let log = message_log(&server, &session.code).await;
        let asks: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["data"]["hook"] == "group_by_arrival_time_method")
            .collect();
        let formed: Vec<Value> = asks
            .iter()
            .filter(|e| !e["data"]["group"].is_null())
            .map(|e| e["data"]["group"].clone())
            .collect();
        assert_eq!(formed, [json!([1, 2]), json!([3]), json!([4])]);
        assert!(asks.iter().any(|e| e["data"]["recheck"] == true), "{log}");
        assert!(asks.iter().all(|e| e["seed"].is_u64()));
        // A replay asks the rule where the recording did, with the clock
        // it read then: the same groups, though it runs in a moment.
        let data_file = server.data_file.clone();
        let _dir = server.stop_keeping_data().await;
        let (status, printed) = replay(&data_file, &session.code, None);
        assert_eq!(status, 0, "{printed}");
        assert!(printed.contains("no difference: "), "{printed}");
    });
}

#[test]
fn session_hooks_over_many_players_get_the_hook_deadline_not_a_live_calls() {
    // Calls get 50 ms here: after_all_players_arrive over 1,000 players
    // takes longer (about 110 ms on this machine's release build), and runs
    // to the end (Limits::hook_deadline, 2 s).
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/crowd");
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.limits.call_deadline = std::time::Duration::from_millis(50);
        })
        .await;
        let session = server.session_of("crowd", bytes, 1000).await;
        let code = &session.participants[0].code;
        let mut seen = String::new();
        for _ in 0..100 {
            seen = server.page_text(code, "result").await;
            if seen.starts_with("Your value") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(seen.starts_with("Your value"), "{seen}");
        let log = message_log(&server, &session.code).await;
        let hooks: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "hook")
            .collect();
        assert_eq!(hooks.len(), 2, "{log}");
        assert!(hooks.iter().all(|h| h["error"].is_null()), "{log}");
        // Each ran longer than a live call may.
        assert!(
            hooks.iter().all(|h| h["run_us"].as_u64().unwrap() > 10_000),
            "{log}"
        );
    });
}

#[test]
fn a_double_auction_trades_within_its_time_limit_from_the_clock() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        play_double_auction(&server, &sha).await;
    });
}

/// Plays the lab project's double auction (config `market`, 5 s of
/// trading) through its pages and websockets, checking every reply and
/// result; returns the session's code.
async fn play_double_auction(server: &TestServer, sha: &str) -> String {
    use livehost_tests::server::PageView;
    let session = session_of_config(
        server,
        sha,
        json!({"session_config": "market", "config": {"trading_seconds": 5}}),
    )
    .await;
    let started = std::time::Instant::now();
    let codes: Vec<String> = session
        .participants
        .iter()
        .map(|p| p.code.clone())
        .collect();
    // Everyone starts on the Start wait page; its hook starts the clock.
    let mut views = Vec::new();
    for code in &codes {
        let text = server.page_text(code, "role").await;
        views.push((
            text,
            PageView::open(server.addr, code, Some("market/Trading"), "t").await,
        ));
    }
    let roles: Vec<&str> = views.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        roles,
        [
            "You buy: a unit is worth 70 points to you.",
            "You sell: a unit costs you 20 points.",
            "You buy: a unit is worth 90 points to you.",
            "You sell: a unit costs you 40 points.",
        ]
    );
    let mut views: Vec<PageView> = views.into_iter().map(|(_, v)| v).collect();
    // Each offer's book (or trade) goes to everyone.
    let offer = async |views: &mut Vec<PageView>, who: usize, price: u32| {
        let id = views[who].send(&json!({"price": price})).await;
        let got = views[who].until_ack(id).await.unwrap();
        for (n, view) in views.iter_mut().enumerate() {
            if n != who {
                assert_eq!(view.recv().await, got[0], "participant {}", n + 1);
            }
        }
        got[0].clone()
    };
    assert_eq!(
        offer(&mut views, 1, 30).await,
        json!({"best_bid": null, "best_ask": 30})
    );
    assert_eq!(
        offer(&mut views, 0, 25).await,
        json!({"best_bid": 25, "best_ask": 30})
    );
    // A better bid meets the ask, at the ask's price (it came first).
    assert_eq!(
        offer(&mut views, 0, 32).await,
        json!({"trade": [1, 2, 30], "best_bid": null, "best_ask": null})
    );
    let id = views[0].send(&json!({"price": 40})).await;
    assert_eq!(
        views[0].until_ack(id).await.unwrap()[0],
        json!({"error": "you have traded already"})
    );
    assert_eq!(
        offer(&mut views, 3, 60).await,
        json!({"best_bid": null, "best_ask": 60})
    );
    assert_eq!(
        offer(&mut views, 2, 70).await,
        json!({"trade": [3, 4, 60], "best_bid": null, "best_ask": null})
    );
    // After the trading time, by the clock: closed; the page's timeout
    // (get_timeout_seconds from the same clock) moves everyone on.
    let after = std::time::Duration::from_millis(5_200);
    if let Some(wait) = after.checked_sub(started.elapsed()) {
        tokio::time::sleep(wait).await;
    }
    let id = views[3].send(&json!({"price": 41})).await;
    let closed = views[3].until_ack(id).await;
    assert!(
        matches!(&closed, Ok(r) if r[0] == json!({"closed": true})) || closed.is_err(),
        "{closed:?}"
    );
    let results = [
        "You traded and earn 40 points. 2 trades in all.",
        "You traded and earn 10 points. 2 trades in all.",
        "You traded and earn 30 points. 2 trades in all.",
        "You traded and earn 20 points. 2 trades in all.",
    ];
    for (code, want) in codes.iter().zip(results) {
        let mut seen = String::new();
        for _ in 0..100 {
            seen = server.page_text(code, "result").await;
            if seen == want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(seen, want);
    }
    session.code
}

/// Runs `livehost replay` on `data_file`'s session `session` (with the
/// experiment `experiment`, if given): its exit code and what it printed.
fn replay(
    data_file: &std::path::Path,
    session: &str,
    experiment: Option<&std::path::Path>,
) -> (i32, String) {
    let mut command = std::process::Command::new(LIVEHOST);
    command
        .arg("replay")
        .arg(data_file)
        .arg(session)
        .env("LIVEHOST_CACHE_DIR", livehost_tests::cache_dir());
    if let Some(experiment) = experiment {
        command.arg("--experiment").arg(experiment);
    }
    let out = command.output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), printed)
}

/// Copies the folder `from` (but Python's caches) into `to`.
fn copy_project(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (path, name) = (entry.path(), entry.file_name());
        if name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            copy_project(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

#[test]
fn a_recorded_double_auction_replays_the_same_and_a_changed_experiment_differs_where_it_changed() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/lab");
    // The same project with one reply changed.
    let changed = tempfile::tempdir().unwrap();
    let project = changed.path().join("lab");
    copy_project(
        &livehost_tests::workspace_root().join("tests/guests/otree/lab"),
        &project,
    );
    let market = project.join("market/__init__.py");
    let text = std::fs::read_to_string(&market).unwrap();
    assert!(text.contains("'you have traded already'"));
    std::fs::write(
        &market,
        text.replace("'you have traded already'", "'one trade each'"),
    )
    .unwrap();
    let (built, log) = livehost_tests::sdk_guests::build_file(LIVEHOST, &project, &[]);
    assert!(built, "{log}");
    let (dir, session) = rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("lab", bytes).await;
        let session = play_double_auction(&server, &sha).await;
        let data_file = server.data_file.clone();
        (server.stop_keeping_data().await, (data_file, session))
    });
    let (data_file, session) = session;
    // Every call reads the clock and randomness it read when recorded: the
    // trading clock (the last offer came after the close), the offers'
    // random references and the participants' tickets all come out alike.
    let (code, printed) = replay(&data_file, &session, None);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("no difference: "), "{printed}");
    let (code, printed) = replay(&data_file, &session, Some(&project.with_extension("wasm")));
    assert_eq!(code, 1, "{printed}");
    let first = printed
        .split_once("first difference, after 9 entries the same: ")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("{printed}"));
    assert!(
        first.contains(r#"entry 10 of the recording (number 10): player 1's live message {"price":40} on page "market/Trading", round 1"#),
        "{printed}"
    );
    assert!(
        first.contains(
            r#"recorded: live {"price":40}, replies [to [1]: {"error": "you have traded already"}]"#
        ),
        "{printed}"
    );
    assert!(
        first.contains(
            r#"replayed: live {"price":40}, replies [to [1]: {"error": "one trade each"}]"#
        ),
        "{printed}"
    );
    // A session it does not have, and a data file that is not there.
    let (code, printed) = replay(&data_file, "nosuchsession", None);
    assert_eq!(code, 2, "{printed}");
    assert!(
        printed.contains("has no session \"nosuchsession\""),
        "{printed}"
    );
    let (code, printed) = replay(&dir.path().join("missing.redb"), &session, None);
    assert_eq!(code, 2, "{printed}");
    assert!(printed.contains("there is no data file at"), "{printed}");
}
