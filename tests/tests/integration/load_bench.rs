//! A few-second run of `livehost-bench` in each mode, so that the load
//! benchmark never rots: it starts its own host, bids over real websockets
//! and reports every bid answered, none lost, no errors.

use std::process::Command;

use serde_json::Value;

/// Runs the bench with `args`; returns its JSON line.
fn bench(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_livehost-bench"))
        .args(args)
        .output()
        .expect("run livehost-bench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout.lines().last().expect("a JSON line");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

fn assert_clean(report: &Value) {
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(report["lost"], 0, "{report}");
    assert!(report["answered"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["answered"], report["sent"], "{report}");
    // Four bidders per group: every bid reaches all four (a bidder that
    // is done may miss its group's last few broadcasts).
    let deliveries = report["deliveries_per_s"].as_f64().unwrap();
    let msgs = report["msgs_per_s"].as_f64().unwrap();
    let ratio = deliveries / msgs;
    assert!((3.8..=4.0 + 1e-9).contains(&ratio), "{report}");
    // The host worked.
    assert!(
        report["host_cpu_percent"].as_f64().is_some_and(|c| c > 0.0),
        "{report}"
    );
    assert!(
        report["latency_ms"]["p50"].as_f64().unwrap() > 0.0,
        "{report}"
    );
}

#[test]
fn the_closed_loop_bench_runs() {
    let report = bench(&["--participants", "8", "--seconds", "2"]);
    assert_eq!(report["mode"], "closed");
    assert_clean(&report);
}

#[test]
fn the_open_loop_bench_runs() {
    let report = bench(&[
        "--mode",
        "open",
        "--rate",
        "200",
        "--participants",
        "8",
        "--seconds",
        "2",
    ]);
    assert_eq!(report["mode"], "open");
    assert_clean(&report);
    let msgs = report["msgs_per_s"].as_f64().unwrap();
    assert!(msgs > 100.0 && msgs < 300.0, "offered 200/s: {report}");
}
