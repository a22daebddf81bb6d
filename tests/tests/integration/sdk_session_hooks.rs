//! oTree's session model in apps written with the Rust and JavaScript SDKs
//! (`tests/guests/rust-session-hooks`, built by cargo with `export_app!`,
//! and its twin `tests/guests/js/market.js`, built by `livehost build`),
//! played on a real server through pages and websockets the same way:
//! creating_session sets roles, treatments, labels and a subsession field
//! from the session config and regroups each round (a failing one creates
//! no session), a wait page's after_all_players_arrive makes each group's
//! offers, live messages list, raise, withdraw and make offers (another
//! group's state is refused), a wait page settles payoffs, one displayed in
//! round 2 only runs its hook then only, a wait page for all groups ranks
//! the groups, and the Payments view pays participant.payoff summed over
//! the rounds; a live message reads its own participant's code and the
//! session's, another's refused; the admin report renders each round's
//! admin_report.html with vars_for_admin_report's variables, and the
//! custom exports are CSV files of every player (cells as oTree writes
//! them), each participant's code among them. The JavaScript
//! app's Math.random and Date.now read the host's per-call randomness and
//! clock. Pairs form as players arrive (group_by_arrival_time) in
//! `tests/guests/rust-arrival` and its twin `tests/guests/js/arrival.js`,
//! numbered as on oTree, the group of everyone gone once emptied; in
//! `tests/guests/rust-arrival-rule` and its twin
//! `tests/guests/js/arrival-rule.js` they form as the app's own rule
//! (group_by_arrival_time_method) says: pairs of a colour, and a player
//! who waited too long alone, moved by the host's recheck without a
//! page load.

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use livehost::http::admin_api::SessionInfo;
use livehost_tests::rt;
use livehost_tests::server::{PageView, TOKEN, TestServer, http, press_next};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

/// A session of four participants of the market `sha` with this config.
async fn create(server: &TestServer, sha: &str, config: Value) -> Result<SessionInfo, String> {
    create_of(server, sha, 4, config).await
}

/// A session of `participants` participants of `sha` with this config.
async fn create_of(
    server: &TestServer,
    sha: &str,
    participants: u32,
    config: Value,
) -> Result<SessionInfo, String> {
    let body = json!({"experiment": sha, "participants": participants, "config": config});
    let session = server
        .create_session(body)
        .await
        .map_err(|e| e.to_string())?;
    Ok(serde_json::from_value(session).unwrap())
}

/// Waits (at most 10 s) until element `id` of participant `code`'s page
/// reads `want`.
async fn shows(server: &TestServer, code: &str, id: &str, want: &str) {
    let mut seen = String::new();
    for _ in 0..200 {
        seen = server.page_text(code, id).await;
        if seen == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(seen, want, "#{id} of {code}");
}

/// Participant `code` (number `n`) opens their page, a
/// group_by_arrival_time page, and waits there.
async fn waits_for_a_group(server: &TestServer, code: &str, n: usize) {
    let (_, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
    assert!(
        html.contains("Waiting to form a group with other participants."),
        "participant {n}: {html}"
    );
}

/// Sends `data` from `view`; its replies, or the error.
async fn ask(view: &mut PageView, data: Value) -> Result<Vec<Value>, String> {
    let id = view.send(&data).await;
    view.until_ack(id).await
}

/// An admin API `GET path` answered with text (a page, a CSV file): its
/// status and text.
async fn admin_text(server: &TestServer, path: &str) -> (StatusCode, String) {
    let answer = livehost::http::client::request(
        Method::GET,
        &server.url(path),
        Some(TOKEN),
        None,
        Vec::new(),
    )
    .await
    .unwrap_or_else(|e| panic!("{path}: {e}"));
    (
        answer.status,
        String::from_utf8_lossy(&answer.body).into_owned(),
    )
}

/// The market's admin report of `round`, rendered.
async fn admin_report(server: &TestServer, code: &str, round: u32) -> String {
    let path = format!("/api/sessions/{code}/admin-report?app=market&round={round}");
    let (status, html) = admin_text(server, &path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    html
}

/// The market's custom export `function`, its lines.
async fn custom_export(server: &TestServer, code: &str, function: &str) -> Vec<String> {
    let path = format!("/api/sessions/{code}/custom-export/market/{function}.csv");
    let (status, csv) = admin_text(server, &path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {csv}");
    csv.lines().map(str::to_owned).collect()
}

/// Plays the market (`bytes`, the Rust or JavaScript twin) on a server;
/// `exports` names its two custom exports (all players, offers).
fn plays_the_market(name: &str, bytes: Vec<u8>, exports: [&str; 2]) {
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes(name, bytes).await;

        // A failing creating_session creates no session and says why.
        let error = create(&server, &sha, json!({"fail": true}))
            .await
            .expect_err("the session is refused");
        assert!(
            error.contains("the session config asks creating_session to fail"),
            "{error}"
        );
        let sessions = server.api(Method::GET, "/api/sessions", None).await.unwrap();
        assert_eq!(sessions, json!([]));

        let config = json!({"multiplier": 3, "participation_fee": 5, "real_world_currency_per_point": 0.5});
        let session = create(&server, &sha, config).await.unwrap();
        let code = session.code.clone();
        let codes: Vec<String> = session.participants.iter().map(|p| p.code.clone()).collect();

        // Round 1: everybody reaches Start; its hook makes the offers.
        // creating_session paired participant k with k + 2.
        for c in &codes {
            http(Method::GET, &server.url(&format!("/p/{c}")), None).await;
        }
        let roles = ["buyer", "buyer", "seller", "seller"];
        for (c, role) in codes.iter().zip(roles) {
            shows(&server, c, "trade", &format!("Trade as {role}")).await;
        }
        let mut views = Vec::new();
        for c in &codes {
            views.push(PageView::open(server.addr, c, Some("Trade"), "r1").await);
        }
        let list = ask(&mut views[0], json!({"op": "list"})).await.unwrap();
        assert_eq!(list[0]["owners"], json!([1, 3]));
        assert_eq!(list[0]["amounts"], json!([10, 20]));
        assert_eq!(list[0]["same"], json!(true));
        let ids: Vec<u64> = serde_json::from_value(list[0]["ids"].clone()).unwrap();
        // A raise is told to the group (participant 3 too).
        let raised = ask(&mut views[0], json!({"op": "raise", "id": ids[0], "by": 5}))
            .await
            .unwrap();
        assert_eq!(raised[0]["amounts"], json!([15, 20]));
        assert_eq!(views[2].recv().await, raised[0]);
        let left = ask(&mut views[2], json!({"op": "withdraw", "id": ids[1]}))
            .await
            .unwrap();
        assert_eq!(left[0]["amounts"], json!([15]));
        let error = ask(&mut views[1], json!({"op": "meddle"}))
            .await
            .unwrap_err();
        assert!(error.contains("belongs to another group"), "{error}");
        // A live message reads its own participant's code and the
        // session's; another participant's (here the group's other) is
        // refused.
        let own = ask(&mut views[0], json!({"op": "code", "of": 1}))
            .await
            .unwrap();
        assert_eq!(
            own[0],
            json!({"mine": codes[0], "session": code, "of": codes[0]})
        );
        let error = ask(&mut views[0], json!({"op": "code", "of": 3}))
            .await
            .unwrap_err();
        assert!(
            error.contains("participant 3's code is their secret link: a page or live method reads its own participant's only (custom_export and creating_session read any)"),
            "{error}"
        );
        let more = ask(&mut views[3], json!({"op": "offer", "amount": 7}))
            .await
            .unwrap();
        assert_eq!(more[0]["owners"], json!([2, 4, 4]));
        assert_eq!(more[0]["amounts"], json!([10, 20, 7]));
        drop(views);
        for c in &codes {
            press_next(server.addr, c, &[]).await.unwrap();
        }
        // Settled (open offers × 3), ranked when all groups were there:
        // the second group's 111 beats 45 and earns a point more each.
        let results = [
            ("buyer", "high", "2", "45"),
            ("buyer", "low", "1", "31"),
            ("seller", "high", "2", "0"),
            ("seller", "low", "1", "82"),
        ];
        for (c, (role, treatment, rank, payoff)) in codes.iter().zip(results) {
            shows(&server, c, "rank", rank).await;
            assert_eq!(server.page_text(c, "role").await, role);
            assert_eq!(server.page_text(c, "treatment").await, treatment);
            assert_eq!(server.page_text(c, "payoff").await, payoff);
            // Late is displayed in round 2 only: its hook has not run.
            assert_eq!(server.page_text(c, "late").await, "no");
            assert_eq!(server.page_text(c, "offers").await, "4");
        }
        for c in &codes {
            press_next(server.addr, c, &[]).await.unwrap();
        }

        // Round 2: grouped like round 1, ids in group swapped.
        for (c, role) in codes.iter().zip(["seller", "seller", "buyer", "buyer"]) {
            shows(&server, c, "trade", &format!("Trade as {role}")).await;
        }
        let mut view = PageView::open(server.addr, &codes[0], Some("Trade"), "r2").await;
        let history = ask(&mut view, json!({"op": "history"})).await.unwrap();
        assert_eq!(
            history[0],
            json!({"payoffs": [45, 0], "others": ["buyer"], "earlier_roles": ["buyer"], "label": "P1",
                   "role": "seller", "treatment": "high", "group": 1, "id_in_group": 2, "multiplier": 3})
        );
        drop(view);
        for c in &codes {
            press_next(server.addr, c, &[]).await.unwrap();
        }
        for (c, payoff) in codes.iter().zip(["61", "61", "31", "31"]) {
            shows(&server, c, "rank", "1").await;
            assert_eq!(server.page_text(c, "payoff").await, payoff);
            assert_eq!(server.page_text(c, "late").await, "yes");
        }

        // Payments: participant.payoff, the sum of the rounds, at 0.50 a
        // point plus the fee of 5.
        let payments = server
            .api(Method::GET, &format!("/api/sessions/{code}/payments"), None)
            .await
            .unwrap();
        let paid: Vec<(String, f64)> = payments["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["payoff"].as_str().unwrap().to_string(),
                    p["total_amount"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            paid,
            [
                ("106 points".to_string(), 58.0),
                ("92 points".to_string(), 51.0),
                ("31 points".to_string(), 20.5),
                ("113 points".to_string(), 61.5),
            ],
            "{payments}"
        );

        // The export holds the offers as they were left and a ranking row
        // for each group and round.
        let rows = server
            .api(
                Method::GET,
                &format!("/api/sessions/{code}/export/rows.json"),
                None,
            )
            .await
            .unwrap();
        let count = |table: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .filter(|r| r["table"] == table)
                .count()
        };
        assert_eq!((count("offer"), count("ranking")), (8, 4), "{rows}");

        // The admin report: admin_report.html with each round's variables
        // and subsession, session and C.
        let report = admin_report(&server, &code, 1).await;
        assert!(report.contains("The market, round 1 of 2"), "{report}");
        assert!(
            report.contains(
                "<p id=\"report\">2 groups paid 158 points at multiplier 3; best group 2.</p>"
            ),
            "{report}"
        );
        let report = admin_report(&server, &code, 2).await;
        assert!(
            report.contains("2 groups paid 184 points at multiplier 3; best group 1."),
            "{report}"
        );

        // The custom exports: every player, round by round, each round's
        // by participant; null empty, booleans 1 and 0; each row ends with
        // the participant's code and the session's, those it was created
        // with.
        let rows = [
            "1,1,buyer,45,1,",
            "1,2,buyer,31,1,",
            "1,3,seller,0,0,",
            "1,4,seller,82,0,",
            "2,1,seller,61,0,1",
            "2,2,seller,61,0,1",
            "2,3,buyer,31,1,1",
            "2,4,buyer,31,1,1",
        ];
        let want: Vec<String> =
            std::iter::once("round,participant,role,payoff,buyer,late,code,session".to_owned())
                .chain(
                    rows.iter()
                        .zip(codes.iter().cycle())
                        .map(|(row, c)| format!("{row},{c},{code}")),
                )
                .collect();
        assert_eq!(custom_export(&server, &code, exports[0]).await, want);
        let offers = custom_export(&server, &code, exports[1]).await;
        assert_eq!(
            offers[..4],
            ["round,owner,amount,open", "1,1,15,1", "1,2,10,1", "1,4,20,1"]
        );
        assert_eq!(offers.len(), 9, "{offers:?}");
    });
}

#[test]
fn a_rust_app_plays_creating_session_wait_page_hooks_rows_and_payoffs() {
    plays_the_market(
        "rust-session-hooks",
        livehost_tests::guest("rust-session-hooks"),
        ["custom_export", "custom_export_offers"],
    );
}

#[test]
fn a_javascript_app_plays_creating_session_wait_page_hooks_rows_and_payoffs() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/js/market.js");
    plays_the_market("market.js", bytes, ["customExport", "customExportOffers"]);
}

#[test]
fn a_javascript_apps_math_random_and_date_now_are_each_calls_own() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/js/market.js");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("market.js", bytes).await;
        let now_ms = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as f64
        };
        let mut answers = Vec::new();
        for _ in 0..2 {
            let session = create(&server, &sha, json!({})).await.unwrap();
            // Participants 1 and 3 are a group: both on Trade.
            let (first, third) = (&session.participants[0].code, &session.participants[2].code);
            for c in [first, third] {
                http(Method::GET, &server.url(&format!("/p/{c}")), None).await;
            }
            shows(&server, first, "trade", "Trade as buyer").await;
            let mut view = PageView::open(server.addr, first, Some("Trade"), "clock").await;
            for _ in 0..2 {
                let before = now_ms();
                let got = ask(&mut view, json!({"op": "clock"})).await.unwrap();
                let after = now_ms();
                let t = got[0]["now"].as_f64().unwrap();
                assert!(
                    before - 1000.0 <= t && t <= after + 1000.0,
                    "Date.now() {t} is not the call's time, in [{before}, {after}]"
                );
                // componentize-js's engine has crypto.getRandomValues (the
                // host's WASI randomness), which the SDK's Math.random reads.
                assert_eq!(got[0]["crypto"], "function");
                answers.push(got[0].clone());
            }
        }
        // Every draw differs: within a call, between calls and sessions.
        let mut draws: Vec<String> = answers
            .iter()
            .flat_map(|a| [a["random"].to_string(), a["random2"].to_string()])
            .collect();
        assert!(
            draws
                .iter()
                .all(|d| d.parse::<f64>().is_ok_and(|r| (0.0..1.0).contains(&r))),
            "{draws:?}"
        );
        draws.sort();
        draws.dedup();
        assert_eq!(draws.len(), 8, "{answers:?}");
        assert!(answers[1]["now"].as_f64() >= answers[0]["now"].as_f64());
    });
}

#[test]
fn javascript_session_hooks_in_the_wrong_place_are_one_clear_line() {
    let refused = |file: &str, text: &str, expected: &str| {
        let (ok, err) = livehost_tests::sdk_guests::build_text(LIVEHOST, file, text);
        assert!(!ok, "{file} built");
        assert!(err.contains(expected), "{file}: {err}");
    };
    let app = "export const C = {};\nexport const Player = { age: models.IntegerField() };\n";
    refused(
        "hook.js",
        &format!(
            "import {{ models }} from 'livehost';\n{app}export const pageSequence = [{{ name: 'A', afterAllPlayersArrive() {{}} }}];\n"
        ),
        "page A: afterAllPlayersArrive and waitForAllGroups belong to a wait page",
    );
    refused(
        "creating.js",
        &format!(
            "import {{ models }} from 'livehost';\n{app}export const creatingSession = 3;\nexport const pageSequence = [{{ name: 'A', wait: true }}];\n"
        ),
        "creatingSession must be a function (subsession)",
    );
    refused(
        "arrival.js",
        &format!(
            "import {{ models }} from 'livehost';\n{app}export const pageSequence = [{{ name: 'A', wait: true }}, {{ name: 'B', wait: true, groupByArrivalTime: true }}];\n"
        ),
        "page B: groupByArrivalTime needs the page to be first in pageSequence (as on oTree)",
    );
    let everyone = "export const C = { PLAYERS_PER_GROUP: null };\n";
    refused(
        "everyone.js",
        &format!(
            "{everyone}export const pageSequence = [{{ name: 'A', wait: true, groupByArrivalTime: true }}];\n"
        ),
        "page A: groupByArrivalTime needs C.PLAYERS_PER_GROUP set to a number, the size of the groups it forms (or null with export function groupByArrivalTimeMethod(subsession, waitingPlayers), which forms them)",
    );
    refused(
        "rule.js",
        &format!(
            "{everyone}export const groupByArrivalTimeMethod = 3;\nexport const pageSequence = [{{ name: 'A', wait: true, groupByArrivalTime: true }}];\n"
        ),
        "groupByArrivalTimeMethod must be a plain function (subsession, waitingPlayers)",
    );
    refused(
        "unused.js",
        &format!(
            "{everyone}export function groupByArrivalTimeMethod() {{}}\nexport const pageSequence = [{{ name: 'A', wait: true }}];\n"
        ),
        "the module exports groupByArrivalTimeMethod, but no page groups by arrival time: give its wait page groupByArrivalTime: true",
    );
    refused(
        "report.js",
        &format!(
            "import {{ models }} from 'livehost';\n{app}export function varsForAdminReport() {{ return {{}}; }}\nexport const pageSequence = [{{ name: 'A', wait: true }}];\n"
        ),
        "the module exports varsForAdminReport but no admin_report.html: export templates = { 'admin_report.html': reportHtml }",
    );
}

/// Plays pairs matched as they arrive (`bytes`, the Rust or JavaScript
/// twin of the oTree app `lab/arrival`): participants open their page one
/// by one, and the page load answers once they are paired. The texts are
/// those oTree 6 shows for the same order (see otree_session_model's).
fn pairs_as_they_arrive(name: &str, bytes: Vec<u8>) {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of(name, bytes, 4).await;
        let code = |n: usize| session.participants[n - 1].code.clone();
        let text = async |n: usize, id: &str| server.page_text(&code(n), id).await;
        let waits = async |n: usize| waits_for_a_group(&server, &code(n), n).await;
        // 3 waits; 1 comes and completes the first pair: group 2, as the
        // round started as group 1 of everyone, where 2 and 4 still are.
        waits(3).await;
        assert_eq!(
            text(1, "pair").await,
            "Group 2 (red): you are player 1 with participant 3; 2 groups this round."
        );
        assert_eq!(text(1, "matrix").await, "[[2,4],[1,3]]");
        assert_eq!(
            text(3, "pair").await,
            "Group 2 (red): you are player 2 with participant 1; 2 groups this round."
        );
        waits(4).await;
        assert_eq!(
            text(2, "pair").await,
            "Group 3 (blue): you are player 1 with participant 4; 2 groups this round."
        );
        assert_eq!(
            text(4, "pair").await,
            "Group 3 (blue): you are player 2 with participant 2; 2 groups this round."
        );
        // Group 1 is empty now: gone, its number unused.
        assert_eq!(text(1, "matrix").await, "[[1,3],[2,4]]");
        assert_eq!(
            text(1, "pair").await,
            "Group 2 (red): you are player 1 with participant 3; 2 groups this round."
        );
    });
}

#[test]
fn a_rust_app_pairs_players_as_they_arrive() {
    pairs_as_they_arrive("rust-arrival", livehost_tests::guest("rust-arrival"));
}

#[test]
fn a_javascript_app_pairs_players_as_they_arrive() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/js/arrival.js");
    pairs_as_they_arrive("arrival.js", bytes);
}

/// Plays groups formed by the app's own rule (`bytes`, the Rust or
/// JavaScript twin of `colours`, 0 players per group) on a server that
/// asks the rule again every 200 ms: participants 1 to 5 (red, blue, red,
/// blue, green) open their pages in turn; each second of a colour
/// completes a pair, and the green one, alone, gets a group of one once
/// they have waited more than `wait_limit` (4 s), without loading the page
/// again.
fn groups_by_its_own_rule(name: &str, bytes: Vec<u8>) {
    rt().block_on(async {
        let server = TestServer::start_with(|config, _| {
            config.arrival_recheck = std::time::Duration::from_millis(200);
        })
        .await;
        let sha = server.upload_bytes(name, bytes).await;
        let config = json!({"colours": ["red", "blue", "red", "blue", "green"], "wait_limit": 4});
        let session = create_of(&server, &sha, 5, config).await.unwrap();
        let code = |n: usize| session.participants[n - 1].code.clone();
        let text = async |n: usize, id: &str| server.page_text(&code(n), id).await;
        let waits = async |n: usize| waits_for_a_group(&server, &code(n), n).await;
        // Where participant 5 is, as the admin API says (no page load).
        let page_of_5 = async || {
            let info = server
                .api(
                    Method::GET,
                    &format!("/api/sessions/{}", session.code),
                    None,
                )
                .await
                .unwrap();
            info["participants"][4]["page"].as_str().map(str::to_owned)
        };
        waits(1).await;
        waits(2).await;
        // 3 is red, like 1: group 2, as the round started as group 1 of
        // everyone.
        assert_eq!(
            text(3, "group").await,
            "Group 2: participants [1, 3], matched by colour; you are player 2 (red)."
        );
        assert_eq!(
            text(1, "group").await,
            "Group 2: participants [1, 3], matched by colour; you are player 1 (red)."
        );
        assert_eq!(
            text(4, "group").await,
            "Group 3: participants [2, 4], matched by colour; you are player 2 (blue)."
        );
        assert_eq!(
            text(2, "group").await,
            "Group 3: participants [2, 4], matched by colour; you are player 1 (blue)."
        );
        // 5 is the only green: they wait, and the host's recheck lets
        // them play alone once they have waited 4 s.
        let opened = std::time::Instant::now();
        waits(5).await;
        let mut page = None;
        for _ in 0..200 {
            page = page_of_5().await;
            if page.as_deref() == Some("Group") {
                break;
            }
            assert_eq!(page.as_deref(), Some("Matching"));
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(page.as_deref(), Some("Group"), "participant 5 still waits");
        let waited = opened.elapsed();
        assert!(
            waited >= std::time::Duration::from_millis(3900),
            "participant 5 left the wait page after {waited:?}, before the 4 s limit"
        );
        assert_eq!(
            text(5, "group").await,
            "Group 4: participants [5], matched by time; you are player 1 (green)."
        );
        // Group 1 is empty now: gone.
        assert_eq!(text(5, "matrix").await, "[[1,3],[2,4],[5]]");
    });
}

#[test]
fn a_rust_app_groups_players_by_its_own_rule() {
    groups_by_its_own_rule(
        "rust-arrival-rule",
        livehost_tests::guest("rust-arrival-rule"),
    );
}

#[test]
fn a_javascript_app_groups_players_by_its_own_rule() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/js/arrival-rule.js");
    groups_by_its_own_rule("arrival-rule.js", bytes);
}

#[test]
fn an_app_without_admin_views_has_no_report_and_no_custom_export() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("rust-arrival", 2).await;
        let code = &session.code;
        let (status, text) = admin_text(
            &server,
            &format!("/api/sessions/{code}/admin-report?app=arrival&round=1"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{text}");
        assert!(text.contains("arrival"), "{text}");
        let (status, text) = admin_text(
            &server,
            &format!("/api/sessions/{code}/custom-export/arrival/custom_export.csv"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{text}");
        assert!(text.contains("custom_export"), "{text}");
    });
}
