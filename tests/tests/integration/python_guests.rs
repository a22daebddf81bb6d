//! Experiments written in Python with livehost's SDK, built by `livehost
//! build` (componentize-py, installed by `.ci/run`) and played by `livehost
//! bots` on the real runtime: the seeds' auction code unchanged, and the
//! Python auction, tic-tac-toe, ten-messages and chat examples against
//! their Rust twins' scenarios.

use livehost_tests::rt;
use livehost_tests::sdk_guests::{build_text, play, plays_like_its_rust_twin, refusal_is_logged};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

fn build(source: &str) -> Vec<u8> {
    livehost_tests::sdk_guests::build(LIVEHOST, source)
}

#[test]
fn the_seeds_auction_code_runs_unchanged() {
    let component = build("tests/guests/python/seed_auction.py");
    play(&component, "tests/guests/python/seed_auction.json");
}

#[test]
fn an_async_live_method_yields_as_it_goes() {
    // `async def live_method ... yield` with `await sleep(ms)`: built for
    // the async world; each yield reaches the group in order.
    let component = build("tests/guests/python/async_counter.py");
    play(&component, "tests/guests/python/async_counter.json");
}

#[test]
fn the_seeds_tic_tac_toe_code_runs_unchanged() {
    let component = build("tests/guests/python/seed_tic_tac_toe.py");
    play(&component, "tests/guests/python/seed_tic_tac_toe.json");
}

/// An example in Python passes the scenario of its Rust twin.
fn twin(example: &str, module: &str) {
    plays_like_its_rust_twin(LIVEHOST, example, &format!("{module}.py"));
}

#[test]
fn the_python_auction_passes_its_rust_twins_scenario() {
    twin("auction", "auction");
    refusal_is_logged(
        LIVEHOST,
        "examples/auction/auction.py",
        "ValueError: a bid must be a number, not 'x'",
        |line| format!(r#"File \"auction.py\", line {line}, in live_method"#),
    );
}

#[test]
fn the_python_tic_tac_toe_passes_its_rust_twins_scenario() {
    twin("tic-tac-toe", "tic_tac_toe");
}

#[test]
fn the_python_ten_messages_passes_its_rust_twins_scenario() {
    twin("ten-messages", "ten_messages");
}

#[test]
fn the_python_chat_passes_its_rust_twins_scenario() {
    twin("chat", "chat");
}

#[test]
fn an_exception_reaches_the_sender_as_one_line() {
    let component = build("tests/guests/python/seed_auction.py");
    rt().block_on(async {
        let h = livehost_tests::TestHost::new();
        let record = h.host.add_experiment(&component).await.unwrap();
        let session = h.host.create_session(&record.sha, 2).await.unwrap();
        let e = h
            .host
            .live_message(&session.participants[0].code, None, "{}")
            .await
            .unwrap_err()
            .to_string();
        // The sender gets the exception's type and message; the traceback
        // (file and line) goes to the host's log.
        assert!(e.starts_with("TypeError: '>' not supported"), "{e}");
        assert!(!e.contains('\n') && !e.contains("Traceback"), "{e}");
    });
}

#[test]
fn a_python_error_is_one_clear_line() {
    let (ok, err) = build_text(
        LIVEHOST,
        "broken.py",
        "from livehost import *\n\nclass C(BaseConstants):\n    PLAYERS_PER_GROUP = 2\n",
    );
    assert!(!ok);
    assert!(
        err.contains(
            "the experiment does not build: TypeError: the experiment must define page_sequence"
        ),
        "{err}"
    );
}

#[test]
fn an_async_python_live_method_streams_an_llm_answer() {
    let component = build("tests/guests/python/async_llm.py");
    rt().block_on(async {
        let llm =
            livehost_tests::fake_llm::start("py-key", std::time::Duration::from_millis(20)).await;
        let h = livehost_tests::TestHost::new();
        let record = h.host.add_experiment(&component).await.unwrap();
        let allow = livehost::store::AllowedHost {
            host: llm.addr.to_string(),
            scheme: livehost::store::Scheme::Http,
            headers: vec![("Authorization".into(), "Bearer py-key".into())],
            private_addresses: true,
        };
        let options = livehost::live::SessionOptions {
            config: Some(serde_json::json!({ "url": llm.url() })),
            allowlist: livehost::store::Allowlist { allow: vec![allow] },
            ..Default::default()
        };
        let session = h
            .host
            .create_session_with(&record.sha, 2, options)
            .await
            .unwrap();
        let code = &session.participants[0].code;
        let got = h.host.live_message(code, None, r#""hello""#).await.unwrap();
        let pieces: Vec<String> = got.iter().map(|d| d.payload.to_string()).collect();
        assert_eq!(pieces, [r#""You ""#, r#""asked: ""#, r#""hello""#]);
        // Off the allowlist: one clear line.
        let options = livehost::live::SessionOptions {
            config: Some(serde_json::json!({ "url": llm.url() })),
            ..Default::default()
        };
        let session = h
            .host
            .create_session_with(&record.sha, 2, options)
            .await
            .unwrap();
        let e = h
            .host
            .live_message(&session.participants[0].code, None, r#""hi""#)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("HostError") && e.contains("allowlist"), "{e}");
    });
}
