//! `livehost build app.py|app.js -o app.wasm`: turns an experiment written
//! in Python or JavaScript with livehost's SDK into a component, with the
//! language's pinned toolchain: componentize-py ([`python`]), or esbuild
//! and componentize-js ([`javascript`]). The WIT and the SDKs are part of
//! this binary, so the command works from anywhere; only the toolchain is
//! installed separately, and a missing one is named with its install
//! command.

mod javascript;
mod python;

use std::path::{Path, PathBuf};

pub use javascript::{COMPONENTIZE_JS, ESBUILD, PREVIEW2_SHIM};
pub use python::COMPONENTIZE_PY;

/// The contract every guest is built against.
const WIT: &str = include_str!("../../../wit/experiment.wit");

/// Why a build failed, said so that the researcher can act on it.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(
        "{0} is neither a Python (.py) nor a JavaScript (.js, .mjs) file, nor an oTree app's folder (with __init__.py), nor an oTree project (with settings.py): livehost build takes an experiment's module, app or project"
    )]
    UnknownLanguage(PathBuf),
    #[error("cannot read {path}: {error}")]
    Read { path: PathBuf, error: String },
    #[error(
        "{tool} is needed to build {language} experiments and was not found ({error}): {install}"
    )]
    NoToolchain {
        tool: String,
        language: &'static str,
        error: String,
        install: String,
    },
    #[error("{tool} {found} is installed, but livehost needs {wanted}: {install}")]
    WrongToolchain {
        tool: String,
        found: String,
        wanted: String,
        install: String,
    },
    #[error("the build tools are installed but do not load: {error}; reinstall them: {install}")]
    BrokenToolchain { error: String, install: String },
    #[error("the experiment does not build: {0}")]
    Code(String),
    #[error("{0}")]
    Io(String),
}

/// Builds `source` (a Python or JavaScript module, by its extension, an
/// oTree app: a folder with `__init__.py`, or an oTree project: a folder
/// with `settings.py`) into the component `output`.
pub fn build(source: &Path, output: &Path) -> Result<(), BuildError> {
    build_reporting(source, output, &|_| {})
}

/// [`build`], telling `progress` each step as it starts, and every few
/// seconds that a long one is still running (`livehost build` prints them).
pub fn build_reporting(
    source: &Path,
    output: &Path,
    progress: &dyn Fn(&str),
) -> Result<(), BuildError> {
    if source.join("__init__.py").is_file() || source.join("settings.py").is_file() {
        return python::build(source, output, progress);
    }
    match source.extension().and_then(|e| e.to_str()) {
        Some("py") => python::build(source, output, progress),
        Some("js" | "mjs") => javascript::build(source, output, progress),
        _ => Err(BuildError::UnknownLanguage(source.to_path_buf())),
    }
}

/// Runs a build tool to its end, as `Command::output` does, telling
/// `progress` every 5 s that `what` is still running (it takes `expected`).
fn run_tool(
    command: &mut std::process::Command,
    what: &str,
    expected: &str,
    progress: &dyn Fn(&str),
) -> std::io::Result<std::process::Output> {
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    progress(&format!("{what} (it takes {expected})"));
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        // The pipes are read to their end by the waiting thread, so a tool
        // that writes much never blocks on them.
        scope.spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        loop {
            match rx.recv_timeout(Duration::from_secs(5)) {
                Ok(output) => return output,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    progress(&format!("  ... {} s", started.elapsed().as_secs()))
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(std::io::Error::other("the build tool's waiter stopped"));
                }
            }
        }
    })
}

/// `source` made absolute, or the error naming it.
fn canonical(source: &Path) -> Result<PathBuf, BuildError> {
    source.canonicalize().map_err(|e| BuildError::Read {
        path: source.to_path_buf(),
        error: e.to_string(),
    })
}

/// A temporary build folder holding the WIT as `wit/experiment.wit`.
fn work_dir() -> Result<tempfile::TempDir, BuildError> {
    let work = tempfile::tempdir().map_err(io)?;
    let wit = work.path().join("wit");
    std::fs::create_dir_all(&wit).map_err(io)?;
    std::fs::write(wit.join("experiment.wit"), WIT).map_err(io)?;
    Ok(work)
}

fn io(e: std::io::Error) -> BuildError {
    BuildError::Io(format!("preparing the build: {e}"))
}
