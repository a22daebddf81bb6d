//! Bootstrap 5 for experiment pages, as oTree serves it to its pages: the
//! npm package pinned in `assets/bootstrap/package-lock.json` (with its
//! integrity hash) is installed with `npm ci` into this build's own output
//! folder, and its CSS and JavaScript bundle are embedded in the binary
//! (`http/static_files.rs` serves them). Nothing of Bootstrap is kept in the
//! repository; a build needs `npm` and the npm registry once per target
//! folder.

use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [&str; 2] = ["css/bootstrap.min.css", "js/bootstrap.bundle.min.js"];

fn main() {
    println!("cargo:rerun-if-changed=assets/bootstrap/package.json");
    println!("cargo:rerun-if-changed=assets/bootstrap/package-lock.json");
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let install = out.join("bootstrap");
    std::fs::create_dir_all(&install).expect("cannot create the build's bootstrap folder");
    let mut changed = false;
    for name in ["package.json", "package-lock.json"] {
        let from = manifest.join("assets/bootstrap").join(name);
        let text =
            std::fs::read(&from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
        let to = install.join(name);
        if std::fs::read(&to).ok().as_deref() != Some(&text[..]) {
            std::fs::write(&to, &text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", to.display()));
            changed = true;
        }
    }
    let dist = install.join("node_modules/bootstrap/dist");
    if changed || !FILES.iter().all(|f| dist.join(f).is_file()) {
        npm_ci(&install);
    }
    for file in FILES {
        let name = Path::new(file).file_name().expect("a file name");
        std::fs::copy(dist.join(file), out.join(name))
            .unwrap_or_else(|e| panic!("npm ci did not install bootstrap's {file}: {e}"));
    }
}

fn npm_ci(dir: &Path) {
    // No peer dependencies: the bundle already holds Popper.
    let status = Command::new(std::env::var_os("NPM").unwrap_or_else(|| "npm".into()))
        .args([
            "ci",
            "--legacy-peer-deps",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ])
        .current_dir(dir)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`npm ci` of Bootstrap 5 (host/assets/bootstrap) failed ({s}): livehost embeds Bootstrap from the npm registry; check that the registry can be reached"
        ),
        Err(e) => panic!(
            "npm was not found ({e}): livehost embeds Bootstrap 5 from the npm registry at build time; install Node.js with npm (e.g. `apt install npm`), or set NPM to its path"
        ),
    }
}
