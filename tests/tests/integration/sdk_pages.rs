//! oTree pages written with the Rust and JavaScript SDKs
//! (`tests/guests/rust-pages`, built by cargo with `export_app!`, and
//! `tests/guests/js/pages.js`, built by `livehost build`), played through
//! real pages in headless Chromium: the templates render (an included
//! template, `C`), a form is checked with oTree's messages (bounds, a
//! field's own error message, the page's error_message) and its values
//! stored, vars_for_template and js_vars reach the live page, a page whose
//! is_displayed says no is skipped, and a timed page moves on by itself,
//! in the browser and with no browser open.

use std::process::Command;

use hyper::Method;

use livehost_tests::browser::Browser;
use livehost_tests::otree_page::{FORM_ALERT, field_error, on_page, submit, text, text_of};
use livehost_tests::server::{TestServer, http, press_next};
use livehost_tests::{rt, workspace_root};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

/// The JavaScript app's component, built by `livehost build` into a
/// temporary folder.
fn js_component() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("pages.wasm");
    let out = Command::new(LIVEHOST)
        .arg("build")
        .arg(workspace_root().join("tests/guests/js/pages.js"))
        .arg("-o")
        .arg(&output)
        .output()
        .expect("run livehost build");
    assert!(
        out.status.success(),
        "livehost build tests/guests/js/pages.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&output).unwrap()
}

/// Fills the survey (the browser's own checks off, so that the host's are
/// what is tested).
fn fill(age: &str, colour: &str, bid: &str) -> String {
    format!(
        "document.getElementById('form').noValidate = true; \
         document.getElementById('id_age').value = '{age}'; \
         document.getElementById('id_colour').value = '{colour}'; \
         document.getElementById('id_bid').value = '{bid}'"
    )
}

/// Waits (at most 15 s) until participant `code`'s page shows the element
/// `id="result"`; returns its text.
async fn result_of(server: &TestServer, code: &str) -> String {
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

/// Plays the app `bytes` (the Rust or JavaScript twin; `study` is its
/// `C.STUDY`) through its pages: participant 1 in the browser, participant
/// 2 by plain requests and with no browser open on the timed page.
fn plays_through_its_pages(name: &str, bytes: Vec<u8>, study: &str) {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of(name, bytes, 2).await;
        let (first, second) = (&session.participants[0], &session.participants[1]);
        let mut browser = Browser::start().await;
        let tab = browser.open(&server.url(&format!("/p/{}", first.code))).await;

        // The survey: an included template, C, the field's label.
        on_page(&mut browser, &tab, "About you").await;
        assert_eq!(
            text(&mut browser, &tab, "intro").await,
            format!("Welcome to {study}: a few questions first.")
        );
        let label = browser
            .eval(
                &tab,
                "document.querySelector('label[for=\"id_age\"]').innerText.trim()",
            )
            .await;
        assert_eq!(label.as_str(), Some("How old are you?"));

        // Nothing filled in: every field is required.
        submit(&mut browser, &tab, &fill("", "", "")).await;
        on_page(&mut browser, &tab, "About you").await;
        assert_eq!(
            browser.eval(&tab, FORM_ALERT).await.as_str(),
            Some("Please fix the errors.")
        );
        for field in ["age", "colour", "bid"] {
            assert_eq!(
                field_error(&mut browser, &tab, field).await,
                "This field is required.",
                "{field}"
            );
        }

        // Out of bounds, and the bid's own error message; what was entered
        // stays.
        submit(&mut browser, &tab, &fill("15", "g", "60")).await;
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
                "document.getElementById('id_age').value + '/' + document.getElementById('id_colour').value",
            )
            .await;
        assert_eq!(kept.as_str(), Some("15/g"));

        // The page's error_message, once every field passes.
        submit(&mut browser, &tab, &fill("70", "b", "20")).await;
        assert_eq!(
            browser.eval(&tab, FORM_ALERT).await.as_str(),
            Some("Blue over 60? Please check your answers.")
        );

        // Accepted: the live page, with vars_for_template (which reads the
        // stored colour) and js_vars (the stored age).
        submit(&mut browser, &tab, &fill("30", "g", "20")).await;
        on_page(&mut browser, &tab, "Chat").await;
        assert_eq!(
            text(&mut browser, &tab, "greeting").await,
            "Hello, player 1, you chose green."
        );
        let js = browser
            .eval(&tab, "document.getElementById('last').dataset.js")
            .await;
        assert_eq!(js.as_str(), Some("1/30"));
        browser
            .eval(&tab, "document.getElementById('send').click(); true")
            .await;
        browser
            .wait_for(
                &tab,
                &format!("{} === 'hi from 1, 1 message(s)'", text_of("last")),
                "the live method's reply reaches the page",
                &text_of("last"),
            )
            .await;

        // Next skips the page whose is_displayed says no: the timed page,
        // whose timer submits it at the deadline.
        submit(&mut browser, &tab, "true").await;
        on_page(&mut browser, &tab, "Decide").await;
        let shown = browser
            .eval(
                &tab,
                "document.querySelector('.otree-timer__time-left').innerText",
            )
            .await;
        assert!(
            matches!(shown.as_str(), Some("0:03" | "0:02" | "0:01")),
            "the timer shows the time left: {shown:?}"
        );
        on_page(&mut browser, &tab, "Results").await;
        assert_eq!(
            text(&mut browser, &tab, "answers").await,
            "30 g 20 points 1"
        );
        assert_eq!(text(&mut browser, &tab, "result").await, "timed out: yes");

        // The second participant answers by plain requests, then leaves the
        // timed page without a browser: the host moves them on by itself.
        let survey = [("age", "41"), ("colour", "r"), ("bid", "7")];
        press_next(server.addr, &second.code, &survey)
            .await
            .expect("the survey is accepted");
        press_next(server.addr, &second.code, &[])
            .await
            .expect("the chat is left");
        let (_, html) = http(
            Method::GET,
            &server.url(&format!("/p/{}", second.code)),
            None,
        )
        .await;
        assert!(html.contains("data-seconds-left"), "a timed page: {html}");
        assert_eq!(result_of(&server, &second.code).await, "timed out: yes");
        let (_, html) = http(
            Method::GET,
            &server.url(&format!("/p/{}", second.code)),
            None,
        )
        .await;
        assert!(html.contains("41 r 7 points 0"), "{html}");
    });
}

#[test]
fn a_rust_app_plays_through_its_otree_pages() {
    plays_through_its_pages(
        "rust_pages",
        livehost_tests::guest("rust-pages"),
        "the Rust study",
    );
}

#[test]
fn a_javascript_app_plays_through_its_otree_pages() {
    plays_through_its_pages("js_pages", js_component(), "the JavaScript study");
}

#[test]
fn a_javascript_experiment_without_otree_pages_keeps_the_experiment_world() {
    // The JavaScript auction has plain pages: it is built as before, for
    // the world `experiment` (no `pages` export), and the host serves it
    // as before.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("auction.wasm");
    let out = Command::new(LIVEHOST)
        .arg("build")
        .arg(workspace_root().join("examples/auction/auction.js"))
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&output).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("livehost:experiment/pages"),
        "no pages export"
    );
    let pages = String::from_utf8_lossy(&js_component()).into_owned();
    assert!(
        pages.contains("livehost:experiment/pages"),
        "an oTree app exports pages"
    );
}

#[test]
fn a_rust_app_with_an_async_live_method_has_otree_pages() {
    let bytes = livehost_tests::guest("rust-async-pages");
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session_of("rust-async-pages", bytes, 1).await;
        let code = &session.participants[0].code;
        let page = |html: &str, marker: &str| html.contains(marker);
        let (_, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
        assert!(page(&html, "id=\"_otree-title\">Your name<"), "{html}");
        press_next(server.addr, code, &[("name", "Ann")])
            .await
            .unwrap();
        let (_, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
        assert!(page(&html, "<p id=\"hello\">Hello Ann</p>"), "{html}");
        // The async live method emits as it waits, then replies.
        let mut view = server.page_view(code, Some("Count"), "v1").await;
        view.send(&serde_json::json!(3)).await;
        let mut got = Vec::new();
        loop {
            match view.frame().await {
                livehost_tests::server::Frame::Recv(v) => got.push(v),
                livehost_tests::server::Frame::Ack { .. } => break,
                other => panic!("expected replies, got {other:?}"),
            }
        }
        assert_eq!(
            got,
            [serde_json::json!(3), 2.into(), 1.into(), "done".into()]
        );
        press_next(server.addr, code, &[]).await.unwrap();
        let (_, html) = http(Method::GET, &server.url(&format!("/p/{code}")), None).await;
        assert!(
            page(&html, "<p id=\"counts\">Ann counted 1 times</p>"),
            "{html}"
        );
    });
}
