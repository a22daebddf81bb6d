//! oTree apps as their authors wrote them (`from otree.api import *`, a
//! folder per app, templates in oTree's syntax), built by `livehost build`
//! and played through real pages in headless Chromium: the templates render
//! as on oTree (blocks, if/for, include_sibling, currency, Bootstrap's
//! layout), vars_for_template and js_vars reach the page, a page whose
//! is_displayed says no is skipped, and a template error is an upload error
//! naming the template and line. A timed page (oTree's timeout_seconds)
//! submits itself in the browser, times out with no browser open, and keeps
//! its deadline across a reload and a restart of the host.

use hyper::Method;

use livehost_tests::browser::Browser;
use livehost_tests::otree_page::{
    FORM_ALERT, field_error, on_page, press_next, submit, text, text_of,
};
use livehost_tests::rt;
use livehost_tests::sdk_guests::build_file;
use livehost_tests::server::{TestServer, http};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

fn build(source: &str) -> Vec<u8> {
    livehost_tests::sdk_guests::build(LIVEHOST, source)
}

#[test]
fn an_otree_app_renders_and_plays_as_on_otree() {
    let bytes = build("tests/guests/otree/bargain");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("bargain", bytes, 2).await;
        let mut browser = Browser::start().await;
        let mut tabs = Vec::new();
        for p in &session.participants {
            tabs.push(browser.open(&server.url(&format!("/p/{}", p.code))).await);
        }
        let (a, b) = (&tabs[0], &tabs[1]);

        // Intro: the title block is the heading; currency, if/else, for,
        // include_sibling and vars_for_template as oTree shows them.
        on_page(&mut browser, a, "Welcome").await;
        assert_eq!(
            text(&mut browser, a, "pie").await,
            "The pie is 100 points; half of it is 50 points."
        );
        assert_eq!(
            text(&mut browser, a, "you").await,
            "You are player 1 (you propose first)."
        );
        assert_eq!(text(&mut browser, a, "partners").await, "partner 2");
        let rules = browser
            .eval(a, "document.querySelector('p.rules').innerText")
            .await;
        assert_eq!(
            rules.as_str(),
            Some("Offers are in 100 points steps; nobody is paid before a deal.")
        );
        on_page(&mut browser, b, "Welcome").await;
        assert_eq!(
            text(&mut browser, b, "you").await,
            "You are player 2 (you answer)."
        );
        // Bootstrap 5 is served and styles the Next button as on oTree.
        let colour = browser
            .eval(
                a,
                "getComputedStyle(document.querySelector('button.otree-btn-next')).backgroundColor",
            )
            .await;
        assert_eq!(colour.as_str(), Some("rgb(13, 110, 253)"));

        // Next skips the page whose is_displayed says no.
        for tab in [a, b] {
            press_next(&mut browser, tab).await;
            on_page(&mut browser, tab, "Bargain").await;
        }
        // vars_for_template ran (and what it stored shows), js_vars reached
        // the page's script.
        assert_eq!(text(&mut browser, a, "nick").await, "P1 vs player 2");
        assert_eq!(text(&mut browser, b, "nick").await, "P2 vs player 1");
        let js = browser
            .eval(
                a,
                "document.getElementById('last').dataset.me + '/' + document.getElementById('last').dataset.pie",
            )
            .await;
        assert_eq!(js.as_str(), Some("1/100"));

        // The live page: an offer reaches both, the acceptance too.
        browser
            .eval(
                a,
                "document.getElementById('offer').value = '40'; document.getElementById('send').click(); true",
            )
            .await;
        browser
            .wait_for(
                b,
                &format!("{} === 'offer 40 by 1'", text_of("last")),
                "B sees A's offer",
                &text_of("last"),
            )
            .await;
        browser
            .eval(b, "document.getElementById('accept').click(); true")
            .await;
        browser
            .wait_for(
                a,
                &format!("{} === 'deal at 40'", text_of("last")),
                "A sees the deal",
                &text_of("last"),
            )
            .await;

        // Results: stored group and player fields, currency, the payoff's
        // default.
        press_next(&mut browser, a).await;
        on_page(&mut browser, a, "Results").await;
        assert_eq!(text(&mut browser, a, "deal").await, "The deal: 40 points.");
        assert_eq!(
            text(&mut browser, a, "offers").await,
            "You made 1 offers; your payoff is 0 points."
        );
    });
}

#[test]
fn a_template_error_refuses_the_upload_naming_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("broken");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("__init__.py"),
        "from otree.api import *\n\n\nclass C(BaseConstants):\n    NAME_IN_URL = 'broken'\n    PLAYERS_PER_GROUP = None\n    NUM_ROUNDS = 1\n\n\nclass Subsession(BaseSubsession):\n    pass\n\n\nclass Group(BaseGroup):\n    pass\n\n\nclass Player(BasePlayer):\n    pass\n\n\nclass Start(Page):\n    pass\n\n\npage_sequence = [Start]\n",
    )
    .unwrap();
    std::fs::write(
        app.join("Start.html"),
        "{{ block title }}Start{{ endblock }}\n{{ block content }}\n<p>one</p>\n{{ if player.id_in_group }}\n<p>never closed</p>\n{{ endblock }}\n",
    )
    .unwrap();
    let (built, stderr) = build_file(LIVEHOST, &app, &[]);
    assert!(
        built,
        "the app builds (templates are checked at upload): {stderr}"
    );
    // livehost build says its steps as it goes.
    for step in [
        "checking componentize-py 0.25.1",
        "Building broken with componentize-py",
    ] {
        assert!(stderr.contains(step), "{stderr}");
    }
    let bytes = std::fs::read(app.with_extension("wasm")).unwrap();
    rt().block_on(async {
        let server = TestServer::start().await;
        let error = server
            .api(
                hyper::Method::POST,
                "/api/experiments",
                Some(("application/wasm", bytes)),
            )
            .await
            .expect_err("the upload is refused")
            .to_string();
        assert!(error.contains("broken/Start.html"), "{error}");
        // oTree reports it where the closing tag does not match: line 6.
        assert!(error.contains("line 6"), "{error}");
        assert!(error.contains("endif"), "{error}");
    });
}

#[test]
fn a_template_that_prints_a_field_that_is_none_fails_as_on_otree() {
    // oTree 6.0.15 answers such a page with a server error saying
    // "player.x is None. Accessing a null field is generally considered an
    // error. Or, if this is intentional, use field_maybe_none()"; None from
    // vars_for_template prints as None.
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("nonefield");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("__init__.py"),
        "from otree.api import *\n\n\nclass C(BaseConstants):\n    NAME_IN_URL = 'nonefield'\n    PLAYERS_PER_GROUP = None\n    NUM_ROUNDS = 1\n\n\nclass Subsession(BaseSubsession):\n    pass\n\n\nclass Group(BaseGroup):\n    pass\n\n\nclass Player(BasePlayer):\n    x = models.IntegerField()\n    y = models.IntegerField(initial=3)\n\n\nclass Show(Page):\n    @staticmethod\n    def vars_for_template(player):\n        return dict(z=None, x_or_not=player.field_maybe_none('x'))\n\n\nclass Fails(Page):\n    pass\n\n\npage_sequence = [Show, Fails]\n",
    )
    .unwrap();
    std::fs::write(
        app.join("Show.html"),
        "{{ block content }}<p id=\"shown\">y={{ player.y }} z={{ z }} x={{ x_or_not }}</p>{{ next_button }}{{ endblock }}\n",
    )
    .unwrap();
    std::fs::write(
        app.join("Fails.html"),
        "{{ block content }}<p id=\"x\">x={{ player.x }}</p>{{ endblock }}\n",
    )
    .unwrap();
    let (built, stderr) = build_file(LIVEHOST, &app, &[]);
    assert!(built, "{stderr}");
    let bytes = std::fs::read(app.with_extension("wasm")).unwrap();
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("nonefield", bytes, 1).await;
        let code = &session.participants[0].code;
        assert_eq!(server.page_text(code, "shown").await, "y=3 z=None x=None");
        livehost_tests::server::press_next(server.addr, code, &[])
            .await
            .unwrap();
        let (status, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
        assert_eq!(status, hyper::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            html.contains(
                "player.x is None. Accessing a null field is generally considered an error. Or, if this is intentional, use field_maybe_none()"
            ),
            "{html}"
        );
    });
}

/// The seconds left that a timed page shows, if it shows a timer.
fn seconds_left(html: &str) -> Option<f64> {
    let (_, rest) = html.split_once("data-seconds-left=\"")?;
    rest.split('"').next()?.parse().ok()
}

/// Waits (at most 15 s) until participant `code`'s page is the results.
async fn results_of(server: &TestServer, code: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let (_, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
        if let Some((_, rest)) = html.split_once("id=\"result\">") {
            return rest.split('<').next().unwrap_or_default().to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the timed page did not move on by itself: {html}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[test]
fn a_timed_page_submits_itself_in_the_browser_and_times_out_without_one() {
    let bytes = build("tests/guests/otree/timed");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("timed", bytes, 3).await;
        // PLAYERS_PER_GROUP = None: one group of the whole session.
        let groups: Vec<(u32, u32)> = session
            .participants
            .iter()
            .map(|p| (p.group_id, p.id_in_group))
            .collect();
        assert_eq!(groups, [(1, 1), (1, 2), (1, 3)]);
        let (open, closed) = (&session.participants[0].code, &session.participants[1].code);
        // Shown once with no browser: that sets the deadline.
        let (_, html) = http(Method::GET, &server.url(&format!("/p/{closed}")), None).await;
        let left = seconds_left(&html).expect("the timed page shows a timer");
        assert!(left > 2.0 && left <= 3.0, "{left} s left of 3");

        let mut browser = Browser::start().await;
        let tab = browser.open(&server.url(&format!("/p/{open}"))).await;
        on_page(&mut browser, &tab, "Decide").await;
        let shown = browser
            .eval(
                &tab,
                "document.querySelector('.otree-timer__time-left').innerText",
            )
            .await;
        assert!(
            matches!(shown.as_str(), Some("0:03" | "0:02")),
            "the timer shows the time left: {shown:?}"
        );
        // The page's timer submits it at the deadline.
        on_page(&mut browser, &tab, "Results").await;
        assert_eq!(
            text(&mut browser, &tab, "result").await,
            "timed out: yes, left 1 time(s)"
        );
        // The host moved the participant with no browser on by itself.
        assert_eq!(
            results_of(&server, closed).await,
            "timed out: yes, left 1 time(s)"
        );
    });
}

#[test]
fn a_timed_page_keeps_its_deadline_across_a_reload_and_a_restart() {
    let bytes = build("tests/guests/otree/timed");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("timed", bytes, 1).await;
        let code = &session.participants[0].code;
        let url = server.url(&format!("/p/{code}"));
        let (_, first) = http(Method::GET, &url, None).await;
        let first = seconds_left(&first).expect("a timer");
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        let (_, again) = http(Method::GET, &url, None).await;
        let again = seconds_left(&again).expect("a timer");
        assert!(
            again <= first - 1.0,
            "a reload does not restart the timer: {first} s, then {again} s"
        );
        // The host stops and starts again before the deadline: the page
        // still times out, on its own.
        let server = server.restart().await;
        assert_eq!(
            results_of(&server, code).await,
            "timed out: yes, left 1 time(s)"
        );
    });
}

#[test]
fn an_otree_3_app_with_models_and_pages_modules_plays_its_live_auction() {
    let bytes = build("tests/guests/otree/seed3_auction");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("seed3_auction", bytes, 2).await;
        let mut browser = Browser::start().await;
        let mut tabs = Vec::new();
        for p in &session.participants {
            tabs.push(browser.open(&server.url(&format!("/p/{}", p.code))).await);
        }
        let (a, b) = (&tabs[0], &tabs[1]);
        on_page(&mut browser, a, "Auction").await;
        on_page(&mut browser, b, "Auction").await;
        // oTree 3's self-style vars_for_template and Constants.
        assert_eq!(
            text(&mut browser, a, "me").await,
            "You are bidder 1; the reserve price is 5 points."
        );
        // live_method = 'live_auction' calls the Group method.
        browser
            .eval(
                b,
                "document.getElementById('inputbox').value = '10'; document.getElementById('sendbutton').click(); true",
            )
            .await;
        let history = "document.getElementById('history').innerText";
        browser
            .wait_for(
                a,
                &format!("/2\\s+10/.test({history})"),
                "A sees B's bid of 10",
                history,
            )
            .await;
        press_next(&mut browser, a).await;
        on_page(&mut browser, a, "Results").await;
        assert_eq!(
            text(&mut browser, a, "winner").await,
            "Player 2 won with 10 points."
        );
    });
}

#[test]
fn a_form_is_checked_with_otrees_messages_and_its_values_stored() {
    let bytes = build("tests/guests/otree/survey");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("survey", bytes, 1).await;
        let mut browser = Browser::start().await;
        let tab = browser
            .open(&server.url(&format!("/p/{}", session.participants[0].code)))
            .await;
        on_page(&mut browser, &tab, "About you").await;
        let label = browser
            .eval(&tab, "document.querySelector('label[for=\"id_age\"]').innerText.trim()")
            .await;
        assert_eq!(label.as_str(), Some("How old are you?"));

        // Nothing filled in: every required field says so, the optional one
        // does not. (The browser's own `required` check is switched off, so
        // that the host's checks are what is tested.)
        let no_browser_checks = "document.getElementById('form').noValidate = true";
        submit(&mut browser, &tab, no_browser_checks).await;
        on_page(&mut browser, &tab, "About you").await;
        let alert = browser.eval(&tab, FORM_ALERT).await;
        assert_eq!(alert.as_str(), Some("Please fix the errors."));
        for name in ["age", "colour", "siblings", "student", "consent", "bid"] {
            assert_eq!(
                field_error(&mut browser, &tab, name).await,
                "This field is required.",
                "{name}"
            );
        }
        assert_eq!(field_error(&mut browser, &tab, "comments").await, "");

        // Out of bounds (age_max), a field's own error_message, and what
        // was entered stays in the inputs.
        let fill = |age: &str, bid: &str| {
            format!(
                "{no_browser_checks}; document.getElementById('id_age').value = '{age}'; \
                 document.getElementById('id_colour').value = 'g'; \
                 document.getElementById('id_siblings-1').checked = true; \
                 document.getElementById('id_student-0').checked = true; \
                 document.getElementById('id_consent').checked = true; \
                 document.getElementById('id_comments').value = 'fine'; \
                 document.getElementById('id_bid').value = '{bid}'"
            )
        };
        submit(&mut browser, &tab, &fill("15", "60")).await;
        assert_eq!(
            field_error(&mut browser, &tab, "age").await,
            "Number must be between 18 and 110."
        );
        assert_eq!(
            field_error(&mut browser, &tab, "bid").await,
            "Bids above 50 are not allowed"
        );
        assert_eq!(field_error(&mut browser, &tab, "colour").await, "");
        let kept = browser
            .eval(
                &tab,
                "document.getElementById('id_age').value + '/' + document.getElementById('id_colour').value + '/' + document.getElementById('id_siblings-1').checked",
            )
            .await;
        assert_eq!(kept.as_str(), Some("15/g/true"));

        // The page's error_message, once every field passes.
        submit(&mut browser, &tab, &fill("70", "20")).await;
        let alert = browser.eval(&tab, FORM_ALERT).await;
        assert_eq!(
            alert.as_str(),
            Some("A student over 60? Please check your answers.")
        );

        // Accepted: the values are stored in the player's fields.
        submit(&mut browser, &tab, &fill("30", "20")).await;
        on_page(&mut browser, &tab, "Thank you").await;
        assert_eq!(
            text(&mut browser, &tab, "answers").await,
            "30 g 1 student [fine] 20 points"
        );
    });
}
