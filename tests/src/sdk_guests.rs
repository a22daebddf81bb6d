//! Experiments written with the Python and JavaScript SDKs: built by the
//! real `livehost build` command (with the toolchains `.ci/run` installs)
//! and played by `livehost bots`' scenario runner on the real runtime.

use std::path::{Path, PathBuf};
use std::process::Command;

use livehost::bots::{Scenario, run};

use crate::{rt, workspace_root};

/// Where [`build`] writes the component of `source`:
/// `target/guests/<py|js>/<stem>.wasm`.
pub fn built_path(source: &str) -> PathBuf {
    let name = PathBuf::from(source);
    // An oTree app is a folder: its components go under `app`.
    let language = name
        .extension()
        .map_or("app".into(), |e| e.to_string_lossy().into_owned());
    let out_dir = workspace_root()
        .join("target")
        .join("guests")
        .join(language);
    std::fs::create_dir_all(&out_dir).unwrap();
    out_dir.join(format!(
        "{}.wasm",
        name.file_stem().unwrap().to_string_lossy()
    ))
}

/// Builds `source` (a path under the workspace: `.py`, `.js`, or an oTree
/// app's folder) with the
/// `livehost` binary `bin` into [`built_path`]; returns the component's
/// bytes. Tests running at once may build the same source: each builds
/// into a file of its own, then renames it into place.
pub fn build(bin: &str, source: &str) -> Vec<u8> {
    let output = built_path(source);
    let own = tempfile::Builder::new()
        .suffix(".wasm")
        .tempfile_in(output.parent().unwrap())
        .unwrap()
        .into_temp_path();
    let out = Command::new(bin)
        .arg("build")
        .arg(workspace_root().join(source))
        .arg("-o")
        .arg(&own)
        .output()
        .expect("run livehost build");
    assert!(
        out.status.success(),
        "livehost build {source} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&own).unwrap();
    own.persist(&output).unwrap();
    bytes
}

/// Runs `livehost build` on a module written to a temporary folder; returns
/// whether it succeeded and what it printed on stderr.
pub fn build_text(bin: &str, file_name: &str, text: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join(file_name);
    std::fs::write(&source, text).unwrap();
    build_file(bin, &source, &[])
}

/// Runs `livehost build` on `source` with extra environment variables.
pub fn build_file(bin: &str, source: &Path, env: &[(&str, &str)]) -> (bool, String) {
    let out = Command::new(bin)
        .arg("build")
        .arg(source)
        .arg("-o")
        .arg(source.with_extension("wasm"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Plays the scenario file at `scenario_path` (under the workspace) against
/// `component`; fails the test with the runner's report if a step fails.
pub fn play(component: &[u8], scenario_path: &str) {
    let text = std::fs::read_to_string(workspace_root().join(scenario_path)).unwrap();
    let scenario = Scenario::parse(&text).unwrap();
    let report = rt().block_on(run(component, &scenario)).expect("runs");
    assert!(
        report.failures.is_empty(),
        "{scenario_path}:\n{}",
        report.lines.join("\n")
    );
}

/// Runs `livehost bots` (the binary `bin`) on the component at `component`
/// and the scenario file `scenario_path` (under the workspace); asserts it
/// passes and returns its stdout (the steps) and stderr (the host's log).
pub fn bots(bin: &str, component: &Path, scenario_path: &str) -> (String, String) {
    let out = Command::new(bin)
        .arg("bots")
        .arg(component)
        .arg(workspace_root().join(scenario_path))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

/// The 1-based number of the first line of `source` (under the workspace)
/// that contains `text`.
pub fn line_of(source: &str, text: &str) -> usize {
    std::fs::read_to_string(workspace_root().join(source))
        .unwrap()
        .lines()
        .position(|l| l.contains(text))
        .unwrap()
        + 1
}

/// The auction at `source` (built by [`build`]) refuses its scenario's step
/// 6, a bid of "x", seen through the `livehost bots` binary: the sender's
/// error is the one line `sent`, and the host's log holds `place(n)`, where
/// n is the line of `source` that raises the error.
pub fn refusal_is_logged(bin: &str, source: &str, sent: &str, place: impl Fn(usize) -> String) {
    let (steps, log) = bots(bin, &built_path(source), "examples/auction/scenario.json");
    assert!(steps.contains(&format!("error {sent:?}")), "{steps}");
    let line = line_of(source, "a bid must be a number");
    assert!(log.contains(&place(line)), "{log}");
    assert!(!log.contains("bundle.js"), "{log}");
}

/// `examples/<example>/<file>` (a Python or JavaScript twin of a Rust
/// example), built with the `livehost` binary `bin`, passes the Rust
/// example's `scenario.json`.
pub fn plays_like_its_rust_twin(bin: &str, example: &str, file: &str) {
    let component = build(bin, &format!("examples/{example}/{file}"));
    play(&component, &format!("examples/{example}/scenario.json"));
}
