//! `livehost build app.js`: an experiment written in JavaScript with
//! livehost's SDK (`guest-sdk/js/livehost.js`), bundled by esbuild and made
//! a component by componentize-js, both pinned ([`ESBUILD`],
//! [`COMPONENTIZE_JS`]) and run by node through `guest-sdk/js/build.mjs`.
//!
//! The tools are livehost's own: the `node_modules` folder named by
//! `LIVEHOST_JS_TOOLS`, else the one in livehost's repository (where `npm
//! install` puts them), if the repository it was built from is still there
//! (an installed livehost needs `LIVEHOST_JS_TOOLS`). Never one found next to the experiment or in the
//! current directory: building someone else's folder would run whatever
//! they put there as esbuild, with the researcher's rights.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{BuildError, canonical, io, run_tool, work_dir};

/// The componentize-js release livehost is built and tested with.
pub const COMPONENTIZE_JS: &str = "0.23.0";
/// The esbuild release that bundles an experiment with the SDK.
pub const ESBUILD: &str = "0.25.12";
/// componentize-js 0.23.0 imports preview2-shim when it runs but lists it
/// as a dev dependency only: it is installed alongside, at this version.
pub const PREVIEW2_SHIM: &str = "0.25.0";

const SDK: &str = include_str!("../../../guest-sdk/js/livehost.js");
const DRIVER: &str = include_str!("../../../guest-sdk/js/build.mjs");

const COMPONENTIZE_JS_PACKAGE: &str = "@bytecodealliance/componentize-js";
const PREVIEW2_SHIM_PACKAGE: &str = "@bytecodealliance/preview2-shim";

/// livehost's own tools folder: its repository's `node_modules`.
fn own_tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_MANIFEST_DIR")))
        .join("node_modules")
}

/// The repository livehost was built from, if it is still there: an
/// installed livehost (`cargo install`) outlives the copy it was built from.
fn own_repository() -> Option<PathBuf> {
    let repository = own_tools().parent()?.to_path_buf();
    repository
        .join("package.json")
        .is_file()
        .then_some(repository)
}

fn install() -> String {
    let prefix = format!(
        "`npm install --prefix DIR {COMPONENTIZE_JS_PACKAGE}@{COMPONENTIZE_JS} esbuild@{ESBUILD} {PREVIEW2_SHIM_PACKAGE}@{PREVIEW2_SHIM}` in a folder DIR of your own and set LIVEHOST_JS_TOOLS=DIR/node_modules"
    );
    match own_repository() {
        Some(repository) => format!(
            "run `npm install` in livehost's repository ({}), or {prefix}",
            repository.display()
        ),
        None => format!("run {prefix} (node must be on PATH, or LIVEHOST_NODE name it)"),
    }
}

fn node() -> Command {
    Command::new(std::env::var_os("LIVEHOST_NODE").unwrap_or_else(|| "node".into()))
}

/// The `node_modules` folder holding the tools (see the module's doc).
fn tools() -> Result<PathBuf, BuildError> {
    if let Some(dir) = std::env::var_os("LIVEHOST_JS_TOOLS") {
        return Ok(PathBuf::from(dir));
    }
    let own = own_tools();
    if own
        .join(COMPONENTIZE_JS_PACKAGE)
        .join("package.json")
        .is_file()
    {
        return Ok(own);
    }
    Err(BuildError::NoToolchain {
        tool: format!("componentize-js {COMPONENTIZE_JS}"),
        language: "JavaScript",
        error: match own_repository() {
            Some(_) => format!(
                "livehost's tools folder {} does not hold {COMPONENTIZE_JS_PACKAGE}, and LIVEHOST_JS_TOOLS is not set",
                own.display()
            ),
            None => format!(
                "LIVEHOST_JS_TOOLS is not set, and this livehost has no tools folder of its own: the repository it was built from ({}) is not there",
                own.parent().unwrap_or(&own).display()
            ),
        },
        install: install(),
    })
}

/// Checks that `package` in `node_modules` is at version `wanted`.
fn check_version(node_modules: &Path, package: &str, wanted: &str) -> Result<(), BuildError> {
    let manifest = node_modules.join(package).join("package.json");
    let found = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("version")?.as_str().map(str::to_string));
    match found {
        Some(found) if found == wanted => Ok(()),
        Some(found) => Err(BuildError::WrongToolchain {
            tool: format!("{package} (in {})", node_modules.display()),
            found,
            wanted: wanted.into(),
            install: install(),
        }),
        None => Err(BuildError::NoToolchain {
            tool: format!("{package} {wanted}"),
            language: "JavaScript",
            error: format!("{} is missing or unreadable", manifest.display()),
            install: install(),
        }),
    }
}

/// Builds `source` (a JavaScript module) into the component `output`.
pub(super) fn build(
    source: &Path,
    output: &Path,
    progress: &dyn Fn(&str),
) -> Result<(), BuildError> {
    let source = canonical(source)?;
    progress(&format!(
        "checking esbuild {ESBUILD} and componentize-js {COMPONENTIZE_JS}"
    ));
    let node_modules = tools()?;
    check_version(&node_modules, COMPONENTIZE_JS_PACKAGE, COMPONENTIZE_JS)?;
    check_version(&node_modules, "esbuild", ESBUILD)?;
    check_version(&node_modules, PREVIEW2_SHIM_PACKAGE, PREVIEW2_SHIM)?;
    let work = work_dir()?;
    std::fs::write(work.path().join("livehost.js"), SDK).map_err(io)?;
    let driver = work.path().join("build.mjs");
    std::fs::write(&driver, DRIVER).map_err(io)?;
    let output = std::path::absolute(output).map_err(io)?;
    let mut command = node();
    command
        .arg(&driver)
        .arg(&node_modules)
        .arg(work.path())
        .arg(&source)
        .arg(&output);
    let name = source.file_name().map_or_else(
        || source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let out = run_tool(
        &mut command,
        &format!("Building {name}: esbuild bundles it, componentize-js makes the component"),
        "about 30 s",
        progress,
    )
    .map_err(|e| BuildError::NoToolchain {
        tool: "node (Node.js 20 or later)".into(),
        language: "JavaScript",
        error: e.to_string(),
        install: "install Node.js from your system's packages or nodejs.org".into(),
    })?;
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    match out.status.code() {
        Some(0) => Ok(()),
        // build.mjs could not load the tools: an incomplete install.
        Some(2) => Err(BuildError::BrokenToolchain {
            error: stderr,
            install: install(),
        }),
        _ => Err(BuildError::Code(stderr)),
    }
}
