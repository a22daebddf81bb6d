//! Experiments written in JavaScript with livehost's SDK, built by
//! `livehost build` (esbuild and componentize-js from the repository's
//! node_modules, installed by `npm install` in `.ci/run`) and played by
//! `livehost bots` on the real runtime: the JavaScript auction,
//! tic-tac-toe, ten-messages and chat against their Rust twins' scenarios,
//! every kind of state, and the errors a researcher can meet.

use livehost_tests::sdk_guests::{
    build_file, build_text, play, plays_like_its_rust_twin, refusal_is_logged,
};

const LIVEHOST: &str = env!("CARGO_BIN_EXE_livehost");

fn build(source: &str) -> Vec<u8> {
    livehost_tests::sdk_guests::build(LIVEHOST, source)
}

/// An example in JavaScript passes the scenario of its Rust twin.
fn twin(example: &str, module: &str) {
    plays_like_its_rust_twin(LIVEHOST, example, &format!("{module}.js"));
}

#[test]
fn the_javascript_auction_passes_its_rust_twins_scenario() {
    twin("auction", "auction");
    refusal_is_logged(
        LIVEHOST,
        "examples/auction/auction.js",
        r#"TypeError: a bid must be a number, not "x""#,
        // The experiment's own file and line, mapped back from the bundle.
        |line| format!("liveMethod@auction.js:{line}:"),
    );
}

#[test]
fn the_javascript_tic_tac_toe_passes_its_rust_twins_scenario() {
    twin("tic-tac-toe", "tic_tac_toe");
}

#[test]
fn the_javascript_ten_messages_passes_its_rust_twins_scenario() {
    twin("ten-messages", "ten_messages");
}

#[test]
fn the_javascript_chat_passes_its_rust_twins_scenario() {
    twin("chat", "chat");
}

#[test]
fn player_participant_session_and_group_fields_and_rows_are_kept_by_the_host() {
    // Two rounds: player fields start again, participant fields carry on,
    // session fields are shared, a deleted field is gone; bots replays it
    // with a fresh instance per call, so nothing lives in JS memory.
    let component = build("tests/guests/js/fields.js");
    play(&component, "tests/guests/js/fields.json");
}

/// Builds `text` as the module `file_name`; asserts the build fails with a
/// message containing every one of `expected`.
fn refused(file_name: &str, text: &str, expected: &[&str]) {
    let (ok, err) = build_text(LIVEHOST, file_name, text);
    assert!(!ok, "{file_name} built");
    for e in expected {
        assert!(err.contains(e), "{file_name}: {err}");
    }
}

#[test]
fn code_that_does_not_match_the_contract_is_one_clear_line() {
    refused(
        "nopages.js",
        "export const C = { PLAYERS_PER_GROUP: 2 };\n",
        &[
            "the experiment does not build: TypeError: the experiment must export const pageSequence",
        ],
    );
    // An error at the module's top level names the file and line.
    refused(
        "top.js",
        "export const C = {};\nconst x = null;\nexport const pageSequence = [{ name: x.name }];\n",
        &["TypeError: ", "(top.js:3:"],
    );
    refused(
        "syntax.js",
        "export const C = {;\n",
        &["syntax.js:1:19: Expected identifier"],
    );
    refused(
        "template.js",
        "import page from './missing.html';\nexport const C = {};\n",
        &["Could not resolve \"./missing.html\""],
    );
    refused(
        "async.js",
        "export const C = {};\nexport async function liveMethod() {}\nexport const pageSequence = [{ name: 'A', liveMethod }];\n",
        &["page A: liveMethod is async"],
    );
    refused(
        "unused.js",
        "export const C = {};\nexport function liveMethod() {}\nexport const pageSequence = [{ name: 'A' }];\n",
        &["exports liveMethod, but no page uses it"],
    );
}

#[test]
fn a_missing_toolchain_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("app.js");
    std::fs::write(&source, "export const C = {};\n").unwrap();
    let empty = dir.path().join("node_modules");
    std::fs::create_dir_all(&empty).unwrap();
    // Fails to build `source` with `env`; returns what it said.
    let fails = |env: &[(&str, &str)]| {
        let (ok, err) = build_file(LIVEHOST, &source, env);
        assert!(!ok, "built with {env:?}");
        err
    };
    let tools = [("LIVEHOST_JS_TOOLS", empty.to_str().unwrap())];
    let err = fails(&tools);
    assert!(
        err.contains("npm install --prefix DIR @bytecodealliance/componentize-js@0.23.0 esbuild@")
            && err.contains("LIVEHOST_JS_TOOLS=DIR/node_modules"),
        "{err}"
    );
    // Installed, at the right versions, but incomplete.
    for (package, version) in [
        ("@bytecodealliance/componentize-js", "0.23.0"),
        ("esbuild", livehost::guest_build::ESBUILD),
        (
            "@bytecodealliance/preview2-shim",
            livehost::guest_build::PREVIEW2_SHIM,
        ),
    ] {
        let dir = empty.join(package);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("package.json"),
            format!(r#"{{"version": "{version}"}}"#),
        )
        .unwrap();
    }
    let err = fails(&tools);
    assert!(
        err.contains("the build tools are installed but do not load: cannot load esbuild")
            && err.contains("reinstall them: run `npm install` in livehost's repository"),
        "{err}"
    );
    let err = fails(&[("LIVEHOST_NODE", "/nonexistent/node")]);
    assert!(
        err.contains("node (Node.js 20 or later) is needed"),
        "{err}"
    );
    refused(
        "app.rb",
        "puts 1\n",
        &["neither a Python (.py) nor a JavaScript"],
    );
}

#[test]
fn tools_next_to_the_experiment_are_never_run() {
    // Someone else's experiment folder with a node_modules of its own, at
    // the pinned versions, whose esbuild would leave a mark if it ran.
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("ran");
    let planted = dir.path().join("node_modules");
    for (package, version) in [
        (
            "@bytecodealliance/componentize-js",
            livehost::guest_build::COMPONENTIZE_JS,
        ),
        ("esbuild", livehost::guest_build::ESBUILD),
        (
            "@bytecodealliance/preview2-shim",
            livehost::guest_build::PREVIEW2_SHIM,
        ),
    ] {
        let at = planted.join(package);
        std::fs::create_dir_all(at.join("lib")).unwrap();
        std::fs::create_dir_all(at.join("src")).unwrap();
        std::fs::write(
            at.join("package.json"),
            format!(r#"{{"version": "{version}"}}"#),
        )
        .unwrap();
        let script = format!(
            "require('fs').writeFileSync({:?}, 'the planted tools ran');\nmodule.exports = {{}};\n",
            mark.display().to_string()
        );
        std::fs::write(at.join("lib/main.js"), &script).unwrap();
        std::fs::write(at.join("src/componentize.js"), &script).unwrap();
    }
    let app = dir.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    let source = app.join("arrival.js");
    std::fs::copy(
        livehost_tests::workspace_root().join("tests/guests/js/arrival.js"),
        &source,
    )
    .unwrap();
    // Built from inside that folder too: neither the experiment's folder
    // nor the current directory lends the tools.
    let out = std::process::Command::new(LIVEHOST)
        .current_dir(dir.path())
        .arg("build")
        .arg(&source)
        .arg("-o")
        .arg(source.with_extension("wasm"))
        .env_remove("LIVEHOST_JS_TOOLS")
        .output()
        .unwrap();
    assert!(!mark.exists(), "the experiment folder's esbuild ran");
    assert!(
        out.status.success(),
        "built with livehost's own tools: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(source.with_extension("wasm").is_file());
}
