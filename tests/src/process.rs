//! A `livehost` process for the tests that run the binary: started with
//! `--listen 127.0.0.1:0`, its address read from what it prints, stopped
//! with SIGTERM (or killed).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `livehost` process and the address it printed.
pub struct Process {
    child: Child,
    pub addr: SocketAddr,
    /// What it printed up to and with the line giving its address.
    pub printed: Vec<String>,
    /// Its log (standard error), as it comes, if [`start_logging`] started it.
    pub log: Option<std::sync::Arc<std::sync::Mutex<String>>>,
}

/// The `livehost` binary under test (`bin`: the test's
/// `env!("CARGO_BIN_EXE_livehost")`), run from the workspace's root.
pub fn livehost(bin: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    // From the workspace's root, as the README's commands run (the demo
    // finds the Python auction's source there).
    cmd.args(args)
        .current_dir(crate::workspace_root())
        .env("LIVEHOST_CACHE_DIR", crate::cache_dir())
        .env("RUST_LOG", "warn")
        .env_remove("LIVEHOST_ADMIN_TOKEN")
        .env_remove("LIVEHOST_URL");
    cmd
}

/// Starts `livehost <args> --listen 127.0.0.1:0` and reads the address
/// from the line it prints when it listens.
pub fn start(bin: &str, args: &[&str]) -> Process {
    start_at(bin, args, "127.0.0.1:0")
}

/// [`start`] listening at `listen` (a cluster's node, whose address its
/// peers and the proxy know before it starts).
pub fn start_at(bin: &str, args: &[&str], listen: &str) -> Process {
    let child = livehost(bin, args)
        .args(["--listen", listen])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start livehost");
    listening(child, None)
}

/// [`start`] with the log at `level` (`RUST_LOG`) kept in [`Process::log`].
pub fn start_logging(bin: &str, args: &[&str], level: &str) -> Process {
    let mut child = livehost(bin, args)
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", level)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start livehost");
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let stderr = child.stderr.take().expect("stderr");
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut log) = kept.lock() {
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
    listening(child, Some(log))
}

/// Reads `child`'s standard output up to the line giving its address.
fn listening(mut child: Child, log: Option<std::sync::Arc<std::sync::Mutex<String>>>) -> Process {
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    // Bounded: the process prints at most a token line and the address.
    for _ in 0..5 {
        let Some(Ok(line)) = lines.next() else { break };
        printed.push(line.clone());
        if let Some(i) = line.find("http://") {
            let addr = line[i + 7..]
                .split(['/', ' '])
                .next()
                .unwrap()
                .parse()
                .expect("an address");
            std::thread::spawn(move || for _ in lines {});
            return Process {
                child,
                addr,
                printed,
                log,
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("livehost did not say where it listens");
}

impl Process {
    /// The process id (for its /proc figures).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("livehost did not stop within 30 s of SIGTERM");
    }
}

impl Process {
    /// SIGKILL: no clean stop at all.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test that fails leaves no host running (it would hold the test
/// runner's output open).
impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
