//! Experiments written in Python with livehost's SDK, built by `livehost
//! build` (componentize-py, installed by `.ci/run`) and played by `livehost
//! bots` on the real runtime: the seeds' auction code unchanged, and the
//! Python auction, tic-tac-toe, ten-messages and chat examples against
//! their Rust twins' scenarios.

use std::path::PathBuf;
use std::process::Command;

use livehost::bots::{Scenario, run};
use livehost_tests::{rt, workspace_root};

/// Builds a Python experiment with the `livehost build` command; returns
/// the component's bytes.
fn build(source: &str) -> Vec<u8> {
    let out_dir = workspace_root()
        .join("target")
        .join("guests")
        .join("python");
    std::fs::create_dir_all(&out_dir).unwrap();
    let name = PathBuf::from(source);
    let output = out_dir.join(format!(
        "{}.wasm",
        name.file_stem().unwrap().to_string_lossy()
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_livehost"))
        .arg("build")
        .arg(workspace_root().join(source))
        .arg("-o")
        .arg(&output)
        .output()
        .expect("run livehost build");
    assert!(
        out.status.success(),
        "livehost build {source} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&output).unwrap()
}

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    Scenario::parse(&text).unwrap()
}

fn play(component: &[u8], scenario_path: &str) {
    let report = rt()
        .block_on(run(component, &scenario(scenario_path)))
        .expect("runs");
    assert!(
        report.failures.is_empty(),
        "{scenario_path}:\n{}",
        report.lines.join("\n")
    );
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
    let component = build(&format!("examples/{example}/{module}.py"));
    play(&component, &format!("examples/{example}/scenario.json"));
}

#[test]
fn the_python_auction_passes_its_rust_twins_scenario() {
    twin("auction", "auction");
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
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("broken.py");
    std::fs::write(
        &source,
        "from livehost import *\n\nclass C(BaseConstants):\n    PLAYERS_PER_GROUP = 2\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_livehost"))
        .arg("build")
        .arg(&source)
        .arg("-o")
        .arg(dir.path().join("broken.wasm"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
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
        let allow = livehost::runtime::outbound::AllowedHost {
            host: llm.addr.to_string(),
            headers: vec![("Authorization".into(), "Bearer py-key".into())],
        };
        let options = livehost::live::SessionOptions {
            config: Some(serde_json::json!({ "url": llm.url() })),
            outbound: livehost::runtime::outbound::Outbound { allow: vec![allow] },
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
            outbound: Default::default(),
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
