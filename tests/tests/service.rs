//! The `livehost` binary as a lab runs it: `serve` stopped with SIGTERM
//! (calls in flight finished, pages' sockets closed with 1001, exit 0) and
//! restarted on the same file; the `upload` and `session` commands against
//! it; and `demo` serving the bundled examples (and the Python auction,
//! which it builds) with their links at `/`.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hyper::Method;
use livehost_tests::server::{Frame, PageView, TOKEN, http};
use serde_json::json;

/// A running `livehost` process and the address it printed.
struct Process {
    child: Child,
    addr: SocketAddr,
}

fn livehost(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_livehost"));
    // From the workspace's root, as the README's commands run (the demo
    // finds the Python auction's source there).
    cmd.args(args)
        .current_dir(livehost_tests::workspace_root())
        .env("LIVEHOST_CACHE_DIR", livehost_tests::cache_dir())
        .env("RUST_LOG", "warn")
        .env_remove("LIVEHOST_ADMIN_TOKEN")
        .env_remove("LIVEHOST_URL");
    cmd
}

/// Starts `livehost <args> --listen 127.0.0.1:0` and reads the address
/// from the line it prints when it listens.
fn start(args: &[&str]) -> Process {
    let mut child = livehost(args)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start livehost");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    // Bounded: the process prints at most a token line and the address.
    for _ in 0..5 {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(i) = line.find("http://") {
            let addr = line[i + 7..]
                .split(['/', ' '])
                .next()
                .unwrap()
                .parse()
                .expect("an address");
            std::thread::spawn(move || for _ in lines {});
            return Process { child, addr };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("livehost did not say where it listens");
}

impl Process {
    fn terminate(mut self) -> std::process::ExitStatus {
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

fn serve(data: &Path) -> Process {
    start(&[
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--admin-token",
        TOKEN,
    ])
}

fn cli(args: &[&str], url: &str) -> String {
    let out = livehost(args)
        .args(["--url", url, "--admin-token", TOKEN])
        .output()
        .expect("run livehost");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "livehost {args:?} failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn sigterm_finishes_calls_closes_pages_and_a_restart_resumes() {
    let auction = livehost_tests::guest_path("auction");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = serve(&data);
    let url = format!("http://{}", server.addr);
    let out = cli(&["upload", auction.to_str().unwrap()], &url);
    assert!(out.starts_with("uploaded auction ("), "{out}");
    let out = cli(&["session", "create", "auction", "-n", "2"], &url);
    let links: Vec<&str> = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .collect();
    assert_eq!(links.len(), 2, "{out}");
    let code = |link: &str| link.rsplit('/').next().unwrap().to_string();
    let (a, b) = (code(links[0]), code(links[1]));
    livehost_tests::rt().block_on(async {
        let mut view_a = PageView::open(server.addr, &a, Some("Auction"), "a").await;
        let mut view_b = PageView::open(server.addr, &b, Some("Auction"), "b").await;
        let id = view_a.send(&json!(21)).await;
        view_a.answer(id).await.unwrap();
        view_b.recv().await;
        // A message sent just before the signal is still answered.
        let id = view_a.send(&json!(22)).await;
        let status = tokio::task::spawn_blocking(move || server.terminate())
            .await
            .unwrap();
        assert!(
            status.success(),
            "livehost exits cleanly on SIGTERM: {status}"
        );
        let mut closed = false;
        for _ in 0..4 {
            match view_a.frame().await {
                Frame::Closed { code, .. } => {
                    assert_eq!(code, 1001, "pages are told the host is going away");
                    closed = true;
                    break;
                }
                Frame::Error { id: Some(e), text } if e == id => {
                    panic!("the last bid failed: {text}")
                }
                _ => {}
            }
        }
        assert!(closed, "the page's socket was closed");

        let server = serve(&data);
        let mut view = PageView::open(server.addr, &b, Some("Auction"), "after").await;
        let id = view.send(&json!({})).await;
        let history = view.answer(id).await.unwrap();
        assert_eq!(history.first(), Some(&json!({"id_in_group": 1, "bid": 21})));
        assert!(history.len() <= 2, "{history:?}");
        let (status, page) =
            http(Method::GET, &format!("http://{}/p/{a}", server.addr), None).await;
        assert!(
            status.is_success() && page.contains("You are bidder 1"),
            "{page}"
        );
        let out = cli(
            &["session", "show", &session_of(&out)],
            &format!("http://{}", server.addr),
        );
        assert!(out.contains("round 1, Auction"), "{out}");
        assert!(
            tokio::task::spawn_blocking(move || server.terminate())
                .await
                .unwrap()
                .success()
        );
    });
}

/// The session code from `session create`'s first line.
fn session_of(out: &str) -> String {
    out.split_whitespace().nth(1).unwrap().to_string()
}

/// The examples the demo serves.
const EXAMPLES: [&str; 7] = [
    "auction",
    "tic-tac-toe",
    "chat",
    "ten-messages",
    "bid-validation",
    "countdown",
    "shared-counter",
];

#[test]
fn demo_serves_the_examples_with_their_links() {
    for name in EXAMPLES {
        livehost_tests::guest_path(name);
    }
    let examples = livehost_tests::guest_path("auction")
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let demo = start(&[
        "demo",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--examples",
        examples.to_str().unwrap(),
    ]);
    livehost_tests::rt().block_on(async {
        let (status, index) = http(Method::GET, &format!("http://{}/", demo.addr), None).await;
        assert!(status.is_success());
        for name in EXAMPLES.iter().chain(&["auction-python"]) {
            assert!(
                index.contains(&format!("<h3>{name}</h3>")),
                "{name} is not listed: {index}"
            );
        }
        let first = index.find("href=\"/p/").unwrap() + 6;
        let link = &index[first..first + index[first..].find('"').unwrap()];
        let (status, page) = http(Method::GET, &format!("http://{}{link}", demo.addr), None).await;
        assert!(
            status.is_success() && page.contains("You are bidder 1"),
            "{page}"
        );
    });
    assert!(demo.terminate().success());
}

impl Process {
    /// SIGKILL: no clean stop at all.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_host_killed_mid_call_keeps_the_committed_segments_and_showed_nothing_else() {
    let streaming = livehost_tests::guest_path("streaming");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = serve(&data);
    let url = format!("http://{}", server.addr);
    cli(&["upload", streaming.to_str().unwrap()], &url);
    let out = cli(&["session", "create", "streaming", "-n", "2"], &url);
    let session = session_of(&out);
    let links: Vec<&str> = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://"))
        .collect();
    let code = |link: &str| link.rsplit('/').next().unwrap().to_string();
    let (a, b) = (code(links[0]), code(links[1]));
    let received = livehost_tests::rt().block_on(async {
        let mut sender = PageView::open(server.addr, &a, Some("live"), "a").await;
        let mut other = PageView::open(server.addr, &b, Some("live"), "b").await;
        sender
            .send(&json!({"do": "stream", "n": 50, "ms": 100}))
            .await;
        let mut seen = 0;
        while seen < 3 {
            if let Frame::Recv(v) = other.frame().await {
                seen = v["i"].as_u64().unwrap();
            }
        }
        seen
    });
    server.kill();
    // Reopen the file as the restarted host would.
    let store = livehost::store::Store::open(&data).unwrap();
    let state = store.session_state(&session).unwrap();
    let emitted: u64 = state
        .iter()
        .find(|(_, key, _)| key == "emitted")
        .map(|(_, _, v)| v.parse().unwrap())
        .unwrap();
    assert!(
        emitted >= received,
        "a page saw message {received}, but only {emitted} segments are committed"
    );
    assert!(emitted < 50, "the call was cut short");
    let log = store.messages(&session, None, 1000).unwrap();
    let segments: Vec<u32> = log.iter().map(|(_, m)| m.segment).collect();
    assert_eq!(
        segments,
        (1..=emitted as u32).collect::<Vec<_>>(),
        "every committed segment is logged"
    );
    store.close();
}
