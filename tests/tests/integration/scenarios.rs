//! Every example's scenario, played by `livehost bots` against the real
//! compiled component, and the replay check that catches state kept in
//! guest memory.

use std::process::Command;

use livehost::bots::{Scenario, run};
use livehost_tests::{guest, guest_path, rt, workspace_root};

const EXAMPLES: &[&str] = &[
    "auction",
    "ten-messages",
    "tic-tac-toe",
    "chat",
    "bid-validation",
    "countdown",
    "shared-counter",
];

fn scenario(example: &str) -> Scenario {
    let path = workspace_root()
        .join("examples")
        .join(example)
        .join("scenario.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_example_passes_its_scenario() {
    // A runtime for each example: a play's host lives as long as its
    // group tasks, which end with their runtime, and each holds an engine
    // whose instance pool reserves about 8 TiB of address space; 14 plays
    // on one runtime came near the 128 TiB a process has, and failed
    // beside other tests of this binary.
    for example in EXAMPLES {
        rt().block_on(async {
            let report = run(&guest(example), &scenario(example))
                .await
                .expect("runs");
            assert!(
                report.failures.is_empty(),
                "{example}:\n{}",
                report.lines.join("\n")
            );
            assert!(
                report.passed >= 5,
                "{example}: only {} steps",
                report.passed
            );
        });
    }
}

#[test]
fn state_hidden_in_guest_memory_is_reported() {
    let s = Scenario::parse(
        r#"{"steps": [
            {"player": 1, "send": {"do": "hidden"}},
            {"player": 1, "send": {"do": "hidden"}}
        ]}"#,
    )
    .unwrap();
    rt().block_on(async {
        let report = run(&guest("faulty"), &s).await.expect("runs");
        assert_eq!(report.passed, 2, "{:?}", report.lines);
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert!(
            report.failures[0].starts_with("step 2"),
            "{:?}",
            report.failures
        );
        assert!(
            report.failures[0].contains("guest memory"),
            "{:?}",
            report.failures
        );
    });
}

#[test]
fn wrong_expectations_fail_with_what_was_received() {
    let s = Scenario::parse(
        r#"{"participants": 2, "steps": [
            {"player": 1, "send": {"do": "echo", "value": 1}, "expect": {"1": [2]}},
            {"player": 1, "send": {"do": "err"}, "error": "something else"},
            {"player": 1, "send": {"do": "echo", "value": 1}, "expect": {"1": [1]}},
            {"player": 1, "next": {"do": "err"}}
        ]}"#,
    )
    .unwrap();
    rt().block_on(async {
        let report = run(&guest("faulty"), &s).await.expect("runs");
        let f = &report.failures;
        assert_eq!(f.len(), 4, "{f:?}");
        assert!(f[0].contains("player 1 got [1] instead of [2]"), "{f:?}");
        assert!(
            f[1].contains("does not contain \"something else\""),
            "{f:?}"
        );
        assert!(
            f[2].contains("player 2 got [1] but should get nothing"),
            "{f:?}"
        );
        assert!(f[3].contains("stay here"), "{f:?}");
    });
}

#[test]
fn bad_scenarios_are_refused_with_the_reason() {
    let e = Scenario::parse(r#"{"steps": [{"player": 1}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("neither send nor next"), "{e}");
    let e = Scenario::parse(r#"{"steps": [{"player": 1, "sned": 1}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `sned`"), "{e}");
}

#[test]
fn the_bots_command_runs_a_scenario_file() {
    let exe = env!("CARGO_BIN_EXE_livehost");
    let component = guest_path("auction");
    let scenario = workspace_root().join("examples/auction/scenario.json");
    let out = Command::new(exe)
        .arg("bots")
        .arg(&component)
        .arg(&scenario)
        .env("LIVEHOST_CACHE_DIR", livehost_tests::cache_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok   step 2"), "{stdout}");
    assert!(
        stdout.lines().last().unwrap_or("").ends_with(" 0 failed"),
        "{stdout}"
    );

    // A missing file is a clear error with exit code 2.
    let out = Command::new(exe)
        .args(["bots", "/nonexistent.wasm"])
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent.wasm"));
}
