//! Shared helpers of the end-to-end tests: building the guest components
//! from this workspace's sources (once per test process; cargo's own lock
//! serialises concurrent test binaries) and opening a host on a temporary
//! data file that shares one compiled-component cache.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use livehost::live::CreatedSession;
use livehost::{Config, Livehost};

pub mod browser;
pub mod fake_llm;
pub mod otree_page;
pub mod process;
pub mod sdk_guests;
pub mod server;
pub mod storage;

/// Every guest crate the tests use: the examples and the misbehaving guest.
pub const GUESTS: &[&str] = &[
    "auction",
    "ten-messages",
    "tic-tac-toe",
    "chat",
    "bid-validation",
    "countdown",
    "shared-counter",
    "llm-chat",
    "faulty",
    "streaming",
    "legacy",
    "bench-auction",
    "rust-pages",
    "rust-async-pages",
    "rust-session-hooks",
];

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn target_dir() -> PathBuf {
    workspace_root().join("target")
}

/// Compiled components survive between test binaries and runs.
pub fn cache_dir() -> PathBuf {
    target_dir().join("livehost-test-cache")
}

static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Builds a guest crate for wasm32-wasip2 (profile `guest`), once per test
/// process, and returns the path of its component.
pub fn guest_path(name: &str) -> PathBuf {
    let out = target_dir().join("guests");
    let file = out
        .join("wasm32-wasip2")
        .join("guest")
        .join(format!("{}.wasm", name.replace('-', "_")));
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if !built.iter().any(|b| b == name) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(workspace_root())
            .args([
                "build",
                "--quiet",
                "--profile",
                "guest",
                "--target",
                "wasm32-wasip2",
                "-p",
                name,
                "--target-dir",
            ])
            .arg(&out)
            // Flags meant for the host build must not leak into the guests'.
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .unwrap_or_else(|e| panic!("cannot run cargo to build guest {name}: {e}"));
        assert!(status.success(), "building guest {name} failed ({status})");
        built.push(name.to_string());
    }
    file
}

static OPS_BUILT: Mutex<bool> = Mutex::new(false);

/// The `ops` guest (`tests/guests/ops`, a workspace of its own): builds its
/// component and its native harness runner (and the workspace's
/// `fetcher` guest), once per test process, and returns their paths
/// `(component, runner)`.
pub fn ops_guest() -> (PathBuf, PathBuf) {
    let out = build_ops_workspace();
    (
        out.join("wasm32-wasip2/guest/ops.wasm"),
        out.join("debug/ops-harness"),
    )
}

/// The `fetcher` guest's component (`tests/guests/ops/fetcher`: an async
/// guest that fetches as its message says).
pub fn fetcher_guest() -> PathBuf {
    build_ops_workspace().join("wasm32-wasip2/guest/fetcher.wasm")
}

fn build_ops_workspace() -> PathBuf {
    let manifest = workspace_root().join("tests/guests/ops/Cargo.toml");
    let out = target_dir().join("ops");
    let mut built = OPS_BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if !*built {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        for args in [
            &[
                "-p",
                "ops",
                "-p",
                "fetcher",
                "--lib",
                "--profile",
                "guest",
                "--target",
                "wasm32-wasip2",
            ][..],
            &["-p", "ops", "--bin", "ops-harness"][..],
        ] {
            let status = Command::new(&cargo)
                .args(["build", "--quiet", "--offline", "--manifest-path"])
                .arg(&manifest)
                .arg("--target-dir")
                .arg(&out)
                .args(args)
                .env_remove("RUSTFLAGS")
                .env_remove("CARGO_ENCODED_RUSTFLAGS")
                .env_remove("CARGO_TARGET_DIR")
                .status()
                .unwrap_or_else(|e| panic!("cannot run cargo to build tests/guests/ops: {e}"));
            assert!(
                status.success(),
                "building tests/guests/ops {args:?} failed ({status})"
            );
        }
        *built = true;
    }
    out
}

/// The bytes of a guest component, by crate name.
pub fn guest(name: &str) -> Vec<u8> {
    let file = guest_path(name);
    std::fs::read(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
}

thread_local! {
    /// The step the test on this thread is at (see [`Steps`]).
    static STEP: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// Names the steps of a long test, so that a failure says which step
/// failed: after `let mut steps = Steps::new("a researcher runs a
/// session")`, each `steps.step("log in")` names what follows, and a panic
/// on this thread prints `failed in step "log in" of ...` before its
/// message. Dropping it (the test's end) forgets the step.
pub struct Steps {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Steps {
    pub fn new(test: &str) -> Steps {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let default = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                STEP.with(|s| {
                    if let Some((test, step)) = &*s.borrow() {
                        eprintln!("failed in step {step:?} of {test:?}:");
                    }
                });
                default(info);
            }));
        });
        STEP.with(|s| *s.borrow_mut() = Some((test.to_string(), "start".to_string())));
        Steps {
            _not_send: std::marker::PhantomData,
        }
    }

    /// What the test does from here on.
    pub fn step(&mut self, name: &str) {
        STEP.with(|s| {
            if let Some((_, step)) = &mut *s.borrow_mut() {
                *step = name.to_string();
            }
        });
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        STEP.with(|s| *s.borrow_mut() = None);
    }
}

/// A two-worker tokio runtime, as the tests run the host on.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The host's defaults for `data_file`, with the tests' shared cache.
pub fn config(data_file: &Path) -> Config {
    let mut config = Config::new(data_file);
    config.cache_dir = cache_dir();
    config
}

/// Uploads a guest to `host` and creates a session of `participants`.
pub async fn create_session(
    host: &Livehost,
    guest_name: &str,
    participants: u32,
) -> CreatedSession {
    let record = host
        .add_experiment(&guest(guest_name))
        .await
        .expect("upload");
    host.create_session(&record.sha, participants)
        .await
        .expect("session")
}

/// A host on a fresh temporary data file.
pub struct TestHost {
    pub host: Livehost,
    pub dir: tempfile::TempDir,
}

impl TestHost {
    pub fn new() -> TestHost {
        Self::with(|_| {})
    }

    pub fn with(adjust: impl FnOnce(&mut Config)) -> TestHost {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = config(&dir.path().join("data.redb"));
        adjust(&mut config);
        let host = Livehost::open(config).expect("open host");
        TestHost { host, dir }
    }

    pub fn data_file(&self) -> PathBuf {
        self.dir.path().join("data.redb")
    }

    /// Uploads a guest and creates a session of `participants`; returns the
    /// participants' codes in participant order.
    pub async fn session(&self, guest_name: &str, participants: u32) -> Vec<String> {
        create_session(&self.host, guest_name, participants)
            .await
            .participants
            .into_iter()
            .map(|p| p.code)
            .collect()
    }
}

impl Default for TestHost {
    fn default() -> Self {
        Self::new()
    }
}
