//! Two `livehost` nodes behind HAProxy, started with docs/haproxy.cfg as
//! it ships (docs/cluster.md): the CLI works against the proxy's address,
//! sessions land on both nodes and are played through the proxy, each node
//! lists the other's sessions, a console login holds on both; node b is
//! killed with SIGKILL mid-session: node a's session goes on untouched,
//! b's answers 503 through the proxy, and once b is back on its data file
//! its session resumes with every acknowledged bid. An experiment uploaded
//! while b was down is fetched by b when a session of it lands there.
//!
//! Needs Debian's haproxy (`.ci/run` installs it).

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hyper::Method;
use livehost_tests::process::{Process, livehost, start_at};
use livehost_tests::server::{PageView, TOKEN, http, request_with};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_livehost");

/// A free loopback port (the nodes' and the proxy's addresses are in each
/// other's configuration before they start).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Node `node` on `data`, listening at `port`, told about `peer`.
fn node(node: &str, data: &Path, port: u16, peer: u16) -> Process {
    let peer = format!("http://127.0.0.1:{peer}");
    start_at(
        BIN,
        &[
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--admin-token",
            TOKEN,
            "--node",
            node,
            "--peer",
            &peer,
            "--trusted-proxy",
            "127.0.0.1",
        ],
        &format!("127.0.0.1:{port}"),
    )
}

/// HAProxy with the shipped configuration, stopped when dropped.
struct Proxy(Child);

impl Proxy {
    fn start(bind: SocketAddr, a: u16, b: u16) -> Proxy {
        let config = livehost_tests::workspace_root().join("docs/haproxy.cfg");
        let child = Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(&config)
            .env("LIVEHOST_PROXY_BIND", bind.to_string())
            .env("LIVEHOST_NODE_A", format!("127.0.0.1:{a}"))
            .env("LIVEHOST_NODE_B", format!("127.0.0.1:{b}"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start haproxy ({e}): install Debian's haproxy package (.ci/run does)"
                )
            });
        Proxy(child)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `livehost <args> --url <proxy>`: its standard output, standard error and
/// whether it succeeded.
fn cli(args: &[&str], url: &str) -> (String, String, bool) {
    let out = livehost(BIN, args)
        .args(["--url", url, "--admin-token", TOKEN])
        .output()
        .expect("run livehost");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn cli_ok(args: &[&str], url: &str) -> String {
    let (out, err, ok) = cli(args, url);
    assert!(ok, "livehost {args:?} failed: {out}{err}");
    out
}

/// Waits (bounded) until `GET url` answers `want`.
async fn until_status(url: &str, want: u16) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        let answer = livehost::http::client::request(Method::GET, url, None, None, vec![]).await;
        match answer {
            Ok(a) if a.status.as_u16() == want => {
                return String::from_utf8_lossy(&a.body).into_owned();
            }
            Ok(a) => last = format!("{} {}", a.status, String::from_utf8_lossy(&a.body)),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not answer {want} within 20 s; last: {last}");
}

/// A created session: its code and its participants' codes.
fn created(out: &str) -> (String, Vec<String>) {
    let session = out.split_whitespace().nth(1).unwrap().to_string();
    let links = out
        .split_whitespace()
        .filter(|w| w.starts_with("http://") && w.contains("/p/"))
        .map(|link| link.rsplit('/').next().unwrap().to_string())
        .collect();
    (session, links)
}

/// Bids `bid` from the first participant's page and checks the second's
/// page is shown it.
async fn bid(first: &mut PageView, second: &mut PageView, bid: u64) {
    let id = first.send(&json!(bid)).await;
    let replies = first.until_ack(id).await.unwrap();
    assert_eq!(replies, vec![json!({"id_in_group": 1, "bid": bid})]);
    assert_eq!(second.recv().await, json!({"id_in_group": 1, "bid": bid}));
}

/// The bids a session's history holds, from a fresh page view.
async fn history(proxy: SocketAddr, code: &str) -> Vec<Value> {
    let mut view = PageView::open(proxy, code, Some("Auction"), "history").await;
    let id = view.send(&json!({})).await;
    view.until_ack(id).await.unwrap()
}

#[test]
fn two_nodes_behind_haproxy_keep_serving_when_one_is_killed_and_it_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (free_port(), free_port());
    let proxy: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let url = format!("http://{proxy}");
    let (data_a, data_b) = (dir.path().join("a.redb"), dir.path().join("b.redb"));
    let a = node("a", &data_a, pa, pb);
    let b = node("b", &data_b, pb, pa);
    let _haproxy = Proxy::start(proxy, pa, pb);
    let rt = livehost_tests::rt();
    rt.block_on(until_status(&format!("{url}/healthz"), 200));
    let health = rt.block_on(until_status(&format!("http://127.0.0.1:{pb}/healthz"), 200));
    assert_eq!(health, r#"{"status":"ok","node":"b"}"#);

    // One upload through the proxy: the node it reaches sends it on.
    let auction = livehost_tests::guest_path("auction");
    let out = cli_ok(&["upload", auction.to_str().unwrap()], &url);
    assert!(out.contains("also on http://127.0.0.1:"), "{out}");

    // Sessions through the proxy, until each node has one (the proxy picks
    // the node; bounded).
    let (mut on_a, mut on_b) = (None, None);
    for _ in 0..10 {
        let (session, links) = created(&cli_ok(&["session", "create", "auction", "-n", "2"], &url));
        assert_eq!(links.len(), 2);
        for code in &links {
            assert_eq!(
                code[..2],
                session[..2],
                "participants carry their session's node"
            );
        }
        match &session[..2] {
            "a-" => on_a = Some((session, links)),
            "b-" => on_b = Some((session, links)),
            other => panic!("a code without a node: {other}"),
        }
        if on_a.is_some() && on_b.is_some() {
            break;
        }
    }
    let (session_a, links_a) = on_a.expect("the proxy put a session on node a");
    let (session_b, links_b) = on_b.expect("the proxy put a session on node b");

    // Either node lists both nodes' sessions.
    for port in [pa, pb] {
        let out = cli_ok(&["session", "list"], &format!("http://127.0.0.1:{port}"));
        assert!(
            out.contains(&session_a) && out.contains(&session_b),
            "{out}"
        );
        assert!(out.contains("node a") && out.contains("node b"), "{out}");
    }

    rt.block_on(async {
        // A console login made through the proxy holds on both nodes.
        let (cookie, pages) = console_pages(&url, &[&session_a, &session_b]).await;
        for (session, status) in pages {
            assert_eq!(
                status, 200,
                "{session}'s console page with the login {cookie}"
            );
        }

        let mut a1 = PageView::open(proxy, &links_a[0], Some("Auction"), "a1").await;
        let mut a2 = PageView::open(proxy, &links_a[1], Some("Auction"), "a2").await;
        let mut b1 = PageView::open(proxy, &links_b[0], Some("Auction"), "b1").await;
        let mut b2 = PageView::open(proxy, &links_b[1], Some("Auction"), "b2").await;
        for view in [&mut a2, &mut b2] {
            let id = view.send(&json!({})).await;
            view.until_ack(id).await.unwrap();
        }
        for n in 1..=3 {
            bid(&mut a1, &mut a2, 10 + n).await;
            bid(&mut b1, &mut b2, 20 + n).await;
        }

        // Node b dies mid-session.
        tokio::task::spawn_blocking(move || b.kill()).await.unwrap();
        // Node a's session goes on, on the sockets it had.
        for n in 4..=6 {
            bid(&mut a1, &mut a2, 10 + n).await;
        }
        // Node b's pages are told their node is unavailable, not sent to a.
        let page = until_status(&format!("{url}/p/{}", links_b[0]), 503).await;
        assert!(page.contains("unavailable"), "{page}");
        let (status, page) = http(Method::GET, &format!("{url}/p/{}", links_a[0]), None).await;
        assert!(
            status.is_success() && page.contains("You are bidder 1"),
            "{page}"
        );
        // The list says which node did not answer.
        let (out, err, ok) = cli(&["session", "list"], &url);
        assert!(ok, "{err}");
        assert!(
            out.contains(&session_a) && !out.contains(&session_b),
            "{out}"
        );
        assert!(err.contains(&format!("127.0.0.1:{pb}")), "{err}");
        // An upload now reaches node a only, and says so.
        let chat = livehost_tests::guest_path("chat");
        let (out, err, ok) = cli(&["upload", chat.to_str().unwrap()], &url);
        assert!(!ok && err.contains("NOT on"), "{out}{err}");
    });

    // Node b comes back on its data file.
    let b = node("b", &data_b, pb, pa);
    rt.block_on(async {
        until_status(&format!("{url}/p/{}", links_b[0]), 200).await;
        let bids: Vec<Value> = (21..=23)
            .map(|n| json!({"id_in_group": 1, "bid": n}))
            .collect();
        assert_eq!(
            history(proxy, &links_b[1]).await,
            bids,
            "nothing b acked was lost"
        );
        // New page views (a view's message ids start again at 1, and the
        // host remembers which it applied per view).
        let mut b1 = PageView::open(proxy, &links_b[0], Some("Auction"), "b1-again").await;
        let mut b2 = PageView::open(proxy, &links_b[1], Some("Auction"), "b2-again").await;
        let id = b2.send(&json!({})).await;
        b2.until_ack(id).await.unwrap();
        bid(&mut b1, &mut b2, 24).await;
        let bids: Vec<Value> = (11..=16)
            .map(|n| json!({"id_in_group": 1, "bid": n}))
            .collect();
        assert_eq!(
            history(proxy, &links_a[1]).await,
            bids,
            "a's session untouched"
        );
    });

    // The experiment b missed: a session of it created on b fetches it
    // from a.
    let out = cli_ok(
        &["session", "create", "chat", "-n", "3"],
        &format!("http://127.0.0.1:{pb}"),
    );
    let (session, _) = created(&out);
    assert!(session.starts_with("b-"), "{out}");

    // The data through the proxy: b's export has each of its four bids once.
    let folder = dir.path().join("export");
    cli_ok(
        &["export", &session_b, "--out", folder.to_str().unwrap()],
        &url,
    );
    let messages = std::fs::read_to_string(folder.join("messages.csv")).unwrap();
    for n in 21..=24 {
        let bid = format!(",Auction,0,{n},");
        let logged = messages.lines().filter(|l| l.contains(&bid)).count();
        assert_eq!(logged, 1, "bid {n} once in {messages}");
    }

    assert!(a.terminate().success());
    assert!(b.terminate().success());
}

/// Logs in to the console through the proxy and GETs each session's
/// console page with that login: the cookie and each page's status.
async fn console_pages(url: &str, sessions: &[&str]) -> (String, Vec<(String, u16)>) {
    let (status, headers, page) = request_with(
        Method::POST,
        &format!("{url}/admin/login"),
        &[("content-type", "application/x-www-form-urlencoded")],
        format!("token={TOKEN}").into_bytes(),
    )
    .await;
    assert_eq!(status.as_u16(), 303, "{page}");
    let cookie = headers
        .get(hyper::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .to_string();
    let mut pages = Vec::new();
    for s in sessions {
        let (status, _, _) = request_with(
            Method::GET,
            &format!("{url}/admin/sessions/{s}"),
            &[("cookie", &cookie)],
            Vec::new(),
        )
        .await;
        pages.push((s.to_string(), status.as_u16()));
    }
    (cookie, pages)
}
