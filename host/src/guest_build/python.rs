//! `livehost build app.py`: an experiment written in Python with
//! livehost's SDK (`guest-sdk/python/livehost`), made a component by
//! componentize-py (pinned: [`COMPONENTIZE_PY`]). The source is one
//! module, an app's folder, or an oTree project (a folder with
//! settings.py: every app its session configs name, into one component).

use std::path::Path;
use std::process::Command;

use super::{BuildError, canonical, io, run_tool, work_dir};

/// The componentize-py release livehost is built and tested with.
pub const COMPONENTIZE_PY: &str = "0.25.1";

/// The Python SDK's files, written next to the build: the package
/// `livehost`, and `otree` (whose `otree.api` is the same SDK).
const PYTHON_SDK: &[(&str, &str)] = &[
    (
        "livehost/__init__.py",
        include_str!("../../../guest-sdk/python/livehost/__init__.py"),
    ),
    (
        "livehost/_host.py",
        include_str!("../../../guest-sdk/python/livehost/_host.py"),
    ),
    (
        "livehost/_models.py",
        include_str!("../../../guest-sdk/python/livehost/_models.py"),
    ),
    (
        "livehost/_pages.py",
        include_str!("../../../guest-sdk/python/livehost/_pages.py"),
    ),
    (
        "livehost/_world.py",
        include_str!("../../../guest-sdk/python/livehost/_world.py"),
    ),
    (
        "livehost/_session_hooks.py",
        include_str!("../../../guest-sdk/python/livehost/_session_hooks.py"),
    ),
    (
        "livehost/_admin_views.py",
        include_str!("../../../guest-sdk/python/livehost/_admin_views.py"),
    ),
    (
        "livehost/_arrival_grouping.py",
        include_str!("../../../guest-sdk/python/livehost/_arrival_grouping.py"),
    ),
    (
        "livehost/_json.py",
        include_str!("../../../guest-sdk/python/livehost/_json.py"),
    ),
    (
        "livehost/_async_world.py",
        include_str!("../../../guest-sdk/python/livehost/_async_world.py"),
    ),
    (
        "livehost/_template_vars.py",
        include_str!("../../../guest-sdk/python/livehost/_template_vars.py"),
    ),
    (
        "livehost/_forms.py",
        include_str!("../../../guest-sdk/python/livehost/_forms.py"),
    ),
    (
        "livehost/_format.py",
        include_str!("../../../guest-sdk/python/livehost/_format.py"),
    ),
    (
        "livehost/_project_settings.py",
        include_str!("../../../guest-sdk/python/livehost/_project_settings.py"),
    ),
    (
        "otree/__init__.py",
        include_str!("../../../guest-sdk/python/otree/__init__.py"),
    ),
    (
        "otree/api.py",
        include_str!("../../../guest-sdk/python/otree/api.py"),
    ),
];

fn componentize_py() -> Command {
    Command::new(
        std::env::var_os("LIVEHOST_COMPONENTIZE_PY").unwrap_or_else(|| "componentize-py".into()),
    )
}

/// Checks that the pinned componentize-py is installed.
fn check_toolchain() -> Result<(), BuildError> {
    let out = componentize_py()
        .arg("--version")
        .output()
        .map_err(no_toolchain)?;
    let version = String::from_utf8_lossy(&out.stdout);
    let found = version.split_whitespace().nth(1).unwrap_or("").to_string();
    if found != COMPONENTIZE_PY {
        return Err(BuildError::WrongToolchain {
            tool: "componentize-py".into(),
            found,
            wanted: COMPONENTIZE_PY.into(),
            install: install(),
        });
    }
    Ok(())
}

fn install() -> String {
    format!("install it with `pip install componentize-py=={COMPONENTIZE_PY}`")
}

fn no_toolchain(e: std::io::Error) -> BuildError {
    BuildError::NoToolchain {
        tool: format!("componentize-py {COMPONENTIZE_PY}"),
        language: "Python",
        error: e.to_string(),
        install: install(),
    }
}

/// The lines of a Python traceback that say what went wrong: the last
/// `File ...` line of the experiment's code and the error itself.
fn python_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with(|c: char| c.is_ascii_digit())
                && !l.trim_start().starts_with("at ")
        })
        .collect();
    let error = lines
        .iter()
        .rev()
        .find(|l| {
            let t = l.trim();
            !t.is_empty()
                && !t.starts_with("Caused by")
                && !t.starts_with("Stack backtrace")
                && !t.starts_with('^')
                && !t.starts_with('~')
        })
        .map_or("(no message)", |l| l.trim());
    let place = lines
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with("File \"/2/"))
        .map(|l| l.trim().replacen("\"/2/", "\"", 1));
    match place {
        Some(p) => format!("{error} ({p})"),
        None => error.to_string(),
    }
}

/// Builds `source` (a Python module, or an oTree app's folder) into the
/// component `output`.
pub(super) fn build(
    source: &Path,
    output: &Path,
    progress: &dyn Fn(&str),
) -> Result<(), BuildError> {
    let source = canonical(source)?;
    let module = source
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .ok_or_else(|| {
            BuildError::Code(format!(
                "{} is not a Python module name: use letters, digits and _ only",
                source.display()
            ))
        })?
        .to_string();
    // A project is served from its settings; its folder is the search
    // path, so its apps (and modules) import each other as packages.
    let project = source.is_dir() && source.join("settings.py").is_file();
    let app_dir = if project {
        source.as_path()
    } else {
        source.parent().unwrap_or(Path::new("."))
    };
    progress(&format!("checking componentize-py {COMPONENTIZE_PY}"));
    check_toolchain()?;
    let work = work_dir()?;
    let wit = work.path().join("wit");
    let main_dir = work.path().join("main");
    let sdk_dir = work.path().join("sdk");
    std::fs::create_dir_all(&main_dir).map_err(io)?;
    for package in ["livehost", "otree"] {
        std::fs::create_dir_all(sdk_dir.join(package)).map_err(io)?;
    }
    for (name, text) in PYTHON_SDK {
        std::fs::write(sdk_dir.join(name), text).map_err(io)?;
    }
    // A module with an `async def live_method` is built for the async world.
    // An app's folder: every module in it (oTree 3 keeps the live method
    // in models.py).
    let files: Vec<std::path::PathBuf> = if source.is_dir() {
        python_files(&source, project)?
    } else {
        vec![source.clone()]
    };
    let mut text = String::new();
    for file in &files {
        text += &std::fs::read_to_string(file).map_err(|e| BuildError::Read {
            path: file.clone(),
            error: e.to_string(),
        })?;
    }
    let is_async = text.contains("async def");
    // Both worlds with `pages`: the host renders oTree templates and calls
    // the page methods.
    let (world, class) = if is_async {
        (
            "async-app",
            "from livehost._async_world import AsyncWitWorld as WitWorld",
        )
    } else {
        ("app", "WitWorld = _world.WitWorld")
    };
    // A project is named by its folder (the build sees it under another name).
    let serve = if project {
        format!(
            "import settings as _settings\nfrom livehost import _world\n\n_world.serve_project(_settings, {module:?})\n"
        )
    } else {
        format!(
            "import {module} as _experiment\nfrom livehost import _world\n\n_world.serve(_experiment)\n"
        )
    };
    std::fs::write(
        main_dir.join("livehost_main.py"),
        format!(
            "{serve}{class}\nPages = _world.Pages\nProject = _world.ProjectExport\nfrom livehost._session_hooks import SessionHooks\nfrom livehost._admin_views import AdminViews\nfrom livehost._arrival_grouping import ArrivalGrouping\n"
        ),
    )
    .map_err(io)?;
    let output = std::path::absolute(output).map_err(io)?;
    // The search paths are mounted as /0, /1, /2: the experiment's own
    // directory is /2 (its templates are read from there at build time).
    let mut command = componentize_py();
    command
        .arg("-d")
        .arg(&wit)
        .args(["-w", world, "componentize", "livehost_main", "-p"])
        .arg(&main_dir)
        .arg("-p")
        .arg(&sdk_dir)
        .arg("-p")
        .arg(app_dir)
        .arg("-o")
        .arg(&output);
    let out = run_tool(
        &mut command,
        &format!(
            "Building {module} with componentize-py: Python and the experiment into one component"
        ),
        "10 to 20 s",
        progress,
    )
    .map_err(no_toolchain)?;
    if !out.status.success() {
        return Err(BuildError::Code(python_error(&String::from_utf8_lossy(
            &out.stderr,
        ))));
    }
    Ok(())
}

/// The Python files of an app's folder (its modules), or of a project
/// (every module of every folder but `_static`, `_templates` and hidden
/// ones).
fn python_files(folder: &Path, project: bool) -> Result<Vec<std::path::PathBuf>, BuildError> {
    let read = |path: &Path| {
        std::fs::read_dir(path).map_err(|e| BuildError::Read {
            path: path.to_path_buf(),
            error: e.to_string(),
        })
    };
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(here) = folders.pop() {
        for entry in read(&here)?.filter_map(|e| e.ok()) {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                let skip = name.starts_with('.')
                    || name.starts_with('_') && name != "__init__"
                    || name == "node_modules";
                if project && !skip {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|x| x == "py") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
