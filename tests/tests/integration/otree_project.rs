//! An oTree project (settings.py with SESSION_CONFIGS, one folder per app,
//! `_static/`, `_templates/`, a module the apps share and a data file read
//! at import), built by `livehost build` into one component: sessions are
//! created from a session config by name, with changes to its values, in
//! the admin API and the CLI; a session plays its config's apps one after
//! the other (consent, a live guessing game in pairs, a survey), with
//! oTree's app_after_this_page, participant fields carried from app to
//! app, and an export that covers every app. Played through real pages in
//! headless Chromium.

use hyper::Method;
use serde_json::{Value, json};

use livehost_tests::browser::Browser;
use livehost_tests::otree_page::{on_page, press_next as click_next, text};
use livehost_tests::rt;
use livehost_tests::server::{Frame, TestServer, press_next};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

async fn create(server: &TestServer, body: Value) -> Result<Value, String> {
    server.create_session(body).await.map_err(|e| e.to_string())
}

#[test]
fn a_project_plays_its_session_configs_apps_one_after_another() {
    let bytes = livehost_tests::sdk_guests::build(LIVEHOST, "tests/guests/otree/study");
    rt().block_on(async {
        let server = TestServer::start().await;
        let sha = server.upload_bytes("study", bytes).await;

        // The project's session configs, as the API lists them.
        let list = server
            .api(Method::GET, "/api/experiments", None)
            .await
            .unwrap();
        let study = &list[0];
        assert_eq!(study["name"], "study");
        let configs: Vec<(String, Value, Value)> = study["session_configs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["app_sequence"].clone(),
                    c["num_demo_participants"].clone(),
                )
            })
            .collect();
        assert_eq!(
            configs,
            [
                (
                    "study".to_string(),
                    json!(["consent", "guess", "survey"]),
                    json!(4)
                ),
                ("survey_only".to_string(), json!(["survey"]), json!(2)),
            ]
        );

        // Wrong names and changes are refused, saying what there is.
        let e = create(&server, json!({"experiment": sha, "session_config": "pilot"}))
            .await
            .unwrap_err();
        assert!(
            e.contains("no session config \"pilot\"; its configs are: study, survey_only"),
            "{e}"
        );
        let e = create(
            &server,
            json!({"experiment": sha, "session_config": "study", "config": {"treatment": 3}}),
        )
        .await
        .unwrap_err();
        assert!(e.contains("\"treatment\""), "{e}");
        assert!(e.contains("not of the same type"), "{e}");
        let e = create(
            &server,
            json!({"experiment": sha, "config": {"colour": "red"}}),
        )
        .await
        .unwrap_err();
        assert!(e.contains("has no setting \"colour\""), "{e}");
        assert!(e.contains("treatment"), "{e}");
        let e = create(&server, json!({"experiment": sha, "participants": 3}))
            .await
            .unwrap_err();
        assert!(e.contains("multiple of 2 (the group size of app guess)"), "{e}");

        // The CLI: a config by name, with a change; its size by default.
        let out = std::process::Command::new(LIVEHOST)
            .args(["session", "create", "study", "-c", "survey_only"])
            .args(["--set", "treatment=red", "--url", &server.url("")])
            .args(["--admin-token", livehost_tests::server::TOKEN])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{shown}{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(shown.matches("survey/Survey").count(), 2, "{shown}");
        let code = shown.split("/p/").nth(1).unwrap().split_whitespace().next().unwrap();
        assert_eq!(server.page_text(code, "config").await, "Treatment: red.");

        // The study, with the treatment changed; 4 participants (its
        // num_demo_participants).
        let session = create(
            &server,
            json!({"experiment": sha, "session_config": "study", "config": {"treatment": "green"}}),
        )
        .await
        .unwrap();
        assert_eq!(session["session_config"], "study");
        let codes = livehost_tests::server::participant_codes(&session);
        assert_eq!(codes.len(), 4);

        let mut browser = Browser::start().await;
        let a = browser.open(&server.url(&format!("/p/{}", codes[0]))).await;
        let b = browser.open(&server.url(&format!("/p/{}", codes[1]))).await;

        // Consent: the merged config, a module of the project, the
        // project's layout and static files.
        on_page(&mut browser, &a, "Consent").await;
        assert_eq!(
            text(&mut browser, &a, "treatment").await,
            "You are in the green treatment (fee €2.00)."
        );
        browser
            .wait_for(
                &a,
                "document.getElementById('logo').complete && document.getElementById('logo').naturalWidth === 8",
                "the logo from _static/ is shown",
                "document.getElementById('logo').src",
            )
            .await;
        let colour = browser
            .eval(&a, "getComputedStyle(document.getElementById('treatment')).color")
            .await;
        assert_eq!(colour.as_str(), Some("rgb(0, 128, 128)"));

        // Three consent; the fourth declines and app_after_this_page takes
        // them straight to the survey.
        for tab in [&a, &b] {
            browser
                .eval(tab, "document.getElementById('id_accept-0').checked = true; true")
                .await;
            click_next(&mut browser, tab).await;
        }
        for tab in [&a, &b] {
            on_page(&mut browser, tab, "Guess").await;
        }
        press_next(server.addr, &codes[2], &[("accept", "True")])
            .await
            .unwrap();
        press_next(server.addr, &codes[3], &[("accept", "False")])
            .await
            .unwrap();
        assert_eq!(server.page_text(&codes[3], "_otree-title").await, "Survey");
        // The pairs wait for each other on the game's first page (a wait
        // page: the first pair was released when its second member
        // arrived). The third participant's partner skipped the game, so,
        // as on oTree, counts as past its wait page: the third goes on.
        let code = session["code"].as_str().unwrap();

        // The game: groups of two in this app (the consent app had one
        // group of four), js_vars, vars_for_template, live messages to the
        // pair only.
        assert_eq!(text(&mut browser, &a, "pair").await, "You play with player 2.");
        assert_eq!(text(&mut browser, &b, "pair").await, "You play with player 1.");
        assert_eq!(text(&mut browser, &a, "range").await, "0-100 for 1");
        assert_eq!(server.page_text(&codes[2], "pair").await, "You play with player 2.");
        // A participant field settings.py does not declare: oTree's error,
        // and nothing the message wrote is kept.
        let mut view = server.page_view(&codes[2], Some("guess/Guess"), "v3").await;
        view.send(&json!("note")).await;
        match view.frame().await {
            Frame::Error { text, .. } => assert_eq!(
                text,
                "AttributeError: Participant has no field \"note\". You can define it in the PARTICIPANT_FIELDS setting."
            ),
            other => panic!("expected the experiment's error, got {other:?}"),
        }
        view.send(&json!("best")).await;
        match view.frame().await {
            Frame::Error { text, .. } => assert_eq!(text, "KeyError: 'best_guess'"),
            other => panic!("expected the experiment's error, got {other:?}"),
        }
        view.send(&json!("peek")).await;
        match view.frame().await {
            Frame::Error { text, .. } => assert_eq!(
                text,
                "AttributeError: 'Participant' object has no attribute 'note'"
            ),
            other => panic!("expected the experiment's error, got {other:?}"),
        }
        // One guess after the other: two tabs' sockets reach the host in
        // either order when both send at once.
        for (n, (tab, guess)) in [(&a, 40), (&b, 10)].into_iter().enumerate() {
            browser
                .eval(
                    tab,
                    &format!("document.getElementById('g').value = '{guess}'; document.getElementById('send').click(); true"),
                )
                .await;
            browser
                .wait_for(
                    &a,
                    &format!("document.querySelectorAll('#seen li').length === {}", n + 1),
                    "the guess arrives",
                    "document.getElementById('seen').innerText",
                )
                .await;
        }
        for tab in [&a, &b] {
            browser
                .wait_for(
                    tab,
                    "document.querySelectorAll('#seen li').length === 2",
                    "both guesses of the pair arrive",
                    "document.getElementById('seen').innerText",
                )
                .await;
        }
        let seen = browser.eval(&a, "document.getElementById('seen').innerText").await;
        assert_eq!(seen.as_str(), Some("1:40\n2:10"));

        // oTree's chat box: the pair's channel, each line shown to both
        // (the writer's own name as oTree shows it), kept across a reload.
        let chat_lines = "Array.from(document.querySelectorAll('.otree-chat__msg')).map(function (m) { \
             return m.querySelector('.otree-chat__nickname').textContent + ': ' + \
             m.querySelector('.otree-chat__body').textContent; }).join('|')";
        browser
            .eval(
                &a,
                "document.querySelector('.otree-chat__input').value = 'hello <b>pair</b>'; \
                 document.querySelector('.otree-chat__btn-send').click(); true",
            )
            .await;
        browser
            .wait_for(
                &b,
                &format!("({chat_lines}) === 'Participant 1: hello <b>pair</b>'"),
                "the chat line reaches the partner",
                chat_lines,
            )
            .await;
        browser
            .wait_for(
                &a,
                &format!("({chat_lines}) === 'Participant 1 (Me): hello <b>pair</b>'"),
                "the writer sees their own line",
                chat_lines,
            )
            .await;
        browser.eval(&b, "window.location.reload(); true").await;
        on_page(&mut browser, &b, "Guess").await;
        browser
            .wait_for(
                &b,
                &format!("({chat_lines}) === 'Participant 1: hello <b>pair</b>'"),
                "the chat's history is shown after a reload",
                chat_lines,
            )
            .await;
        // The other pair's chat is theirs.
        let c = browser.open(&server.url(&format!("/p/{}", codes[2]))).await;
        on_page(&mut browser, &c, "Guess").await;
        browser
            .wait_for(
                &c,
                "document.querySelector('.otree-chat').dataset.history === '1'",
                "the other pair's chat box has its history",
                chat_lines,
            )
            .await;
        let theirs = browser.eval(&c, chat_lines).await;
        assert_eq!(theirs.as_str(), Some(""));
        // The pair's target is the first of targets.csv (read at import).
        for tab in [&a, &b] {
            click_next(&mut browser, tab).await;
            on_page(&mut browser, tab, "Results").await;
        }
        assert_eq!(
            text(&mut browser, &a, "best").await,
            "The best guess was 40; the target was 42."
        );
        press_next(server.addr, &codes[2], &[]).await.unwrap();
        assert_eq!(
            server.page_text(&codes[2], "best").await,
            "The best guess was -1; the target was 7."
        );

        // The survey: a form as before, then what the earlier apps left in
        // the participant's fields.
        for tab in [&a, &b] {
            click_next(&mut browser, tab).await;
            on_page(&mut browser, tab, "Survey").await;
        }
        assert_eq!(text(&mut browser, &a, "config").await, "Treatment: green.");
        browser
            .eval(
                &a,
                "document.getElementById('form').noValidate = true; document.getElementById('id_age').value = '12'; true",
            )
            .await;
        click_next(&mut browser, &a).await;
        browser
            .wait_for(
                &a,
                "document.querySelector('.form-control-errors') !== null",
                "the age is refused",
                "document.body.innerText",
            )
            .await;
        let error = browser
            .eval(&a, "document.querySelector('.form-control-errors').innerText.trim()")
            .await;
        assert_eq!(error.as_str(), Some("Number must be between 16 and 99."));
        browser
            .eval(&a, "document.getElementById('id_age').value = '30'; true")
            .await;
        click_next(&mut browser, &a).await;
        on_page(&mut browser, &a, "Thank you").await;
        assert_eq!(
            text(&mut browser, &a, "summary").await,
            "Consented: 1; best guess: 40; age 30."
        );
        press_next(server.addr, &codes[3], &[("age", "44")])
            .await
            .unwrap();
        assert_eq!(
            server.page_text(&codes[3], "summary").await,
            "Consented: 0; best guess: none; age 44."
        );
        // PARTICIPANT_FIELDS in templates, as on oTree.
        assert_eq!(server.page_text(&codes[3], "fields").await, "0");
        assert_eq!(text(&mut browser, &a, "fields").await, "1");

        // A pair that arrives on the game's wait page before anyone of it
        // opens a page of the game (plain requests, no page view): released
        // all the same when its group starts.
        let second = create(&server, json!({"experiment": sha, "session_config": "study"}))
            .await
            .unwrap();
        let second: Vec<String> = second["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_string())
            .collect();
        for c in &second[..2] {
            press_next(server.addr, c, &[("accept", "True")])
                .await
                .unwrap();
        }
        for c in &second[..2] {
            assert_eq!(server.page_text(c, "_otree-title").await, "Guess");
        }

        // The export covers every app: each app's player fields apart, the
        // participant fields once.
        let state = server
            .api(Method::GET, &format!("/api/sessions/{code}/export/state.json"), None)
            .await
            .unwrap();
        let keys: Vec<String> = state
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("{}:{}", v["scope"].as_str().unwrap_or(""), v["key"].as_str().unwrap_or("")))
            .collect();
        for key in [
            "player:consent.accept",
            "player:guess.guess",
            "player:survey.age",
            "participant:consented",
            "participant:best_guess",
            "group:best",
            "session:config",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
        }
        // The chat line is in the message log's export, with its channel.
        let messages = server
            .api(
                Method::GET,
                &format!("/api/sessions/{code}/export/messages.json"),
                None,
            )
            .await
            .unwrap();
        let chats: Vec<&Value> = messages
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "chat")
            .collect();
        assert_eq!(chats.len(), 1, "{messages}");
        assert_eq!(chats[0]["page"], "guess/Guess");
        let line = &chats[0]["data"];
        assert_eq!(line["body"], "hello <b>pair</b>");
        assert_eq!(line["nickname"], "Participant 1");
    });
}

/// `livehost build` of a project whose settings.py livehost cannot serve:
/// what failed, in one line naming the setting or app.
fn build_error(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("proj");
    for (path, text) in files {
        let path = project.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = std::process::Command::new(LIVEHOST)
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(dir.path().join("proj.wasm"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the build should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const APP: &str = "from otree.api import *\n\n\nclass C(BaseConstants):\n    NAME_IN_URL = 'a'\n    PLAYERS_PER_GROUP = None\n    NUM_ROUNDS = 1\n\n\nclass Subsession(BaseSubsession):\n    pass\n\n\nclass Group(BaseGroup):\n    pass\n\n\nclass Player(BasePlayer):\n    pass\n\n\nclass Hello(Page):\n    pass\n\n\npage_sequence = [Hello]\n";

#[test]
fn a_project_livehost_cannot_serve_is_a_build_error_naming_why() {
    let defaults =
        "SESSION_CONFIG_DEFAULTS = dict(real_world_currency_per_point=1, participation_fee=0)\n";
    let missing = build_error(&[
        (
            "settings.py",
            &format!(
                "{defaults}SESSION_CONFIGS = [dict(name='s', app_sequence=['intro', 'nope'], num_demo_participants=1)]\n"
            ),
        ),
        ("intro/__init__.py", APP),
    ]);
    assert!(
        missing.contains("app_sequence names the app 'nope', but the project has no folder nope/")
            && missing.contains("(settings.py:2)"),
        "{missing}"
    );
    let rooms = build_error(&[
        (
            "settings.py",
            &format!(
                "{defaults}SESSION_CONFIGS = [dict(name='s', app_sequence=['intro'], num_demo_participants=1)]\nROOMS = [dict(name='lab', display_name='Lab')]\n"
            ),
        ),
        ("intro/__init__.py", APP),
    ]);
    assert!(
        rooms.contains(
            "settings.ROOMS: rooms with participant labels are not supported by livehost yet"
        ) && rooms.contains("(settings.py:3)"),
        "{rooms}"
    );
    let duplicate = build_error(&[
        (
            "settings.py",
            &format!(
                "{defaults}SESSION_CONFIGS = [dict(name='s', app_sequence=['intro', 'intro'], num_demo_participants=1)]\n"
            ),
        ),
        ("intro/__init__.py", APP),
    ]);
    assert!(
        duplicate.contains("app_sequence of \"s\" must not contain duplicate elements"),
        "{duplicate}"
    );
}
