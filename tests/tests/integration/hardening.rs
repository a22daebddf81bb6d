//! What a security review asked of the host as a lab runs it: the data
//! file and a generated admin token readable by livehost's user only (the
//! token's path printed, never the token), short admin tokens refused,
//! participant codes kept out of the log at info level, pages sent with
//! `Referrer-Policy: no-referrer`, the CLI's token over https (or to this
//! machine), the systemd unit's hardening; requests that never finish
//! arriving dropped, connections capped in all and per address, room seats
//! and console logins per address (a trusted proxy's clients told apart).

use std::path::Path;
use std::time::{Duration, Instant};

use hyper::Method;
use livehost_tests::process::{livehost, start, start_logging};
use livehost_tests::rt;
use livehost_tests::server::{TOKEN, TestServer, http, participant_codes, request_with};
use serde_json::json;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_livehost");

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `GET /api/sessions` with `token`: its status.
fn sessions_with(addr: std::net::SocketAddr, token: &str) -> hyper::StatusCode {
    livehost_tests::rt().block_on(async {
        let auth = format!("Bearer {token}");
        let url = format!("http://{addr}/api/sessions");
        request_with(Method::GET, &url, &[("authorization", &auth)], Vec::new())
            .await
            .0
    })
}

#[cfg(unix)]
#[test]
fn the_data_file_and_a_generated_token_are_for_livehosts_user_only() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("lab").join("data");
    let data = folder.join("livehost.redb");
    let server = start(BIN, &["serve", "--data", data.to_str().unwrap()]);
    let token_file = folder.join("livehost.redb.admin-token");
    let token = std::fs::read_to_string(&token_file).expect("the token's file");
    let token = token.trim().to_string();
    assert_eq!(token.len(), 64, "256 random bits in hex: {token}");
    let printed = server.printed.join("\n");
    assert!(
        printed.contains(&format!("a new admin token is in {}", token_file.display())),
        "{printed}"
    );
    assert!(
        !printed.contains(&token),
        "the token itself is not printed: {printed}"
    );
    assert_eq!(mode(&token_file), 0o600);
    assert_eq!(mode(&data), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&dir.path().join("lab")), 0o700);
    assert_eq!(sessions_with(server.addr, &token), hyper::StatusCode::OK);
    assert!(server.terminate().success());

    // A restart keeps the token (its hash is in the data file) and writes
    // no new one.
    let server = start(BIN, &["serve", "--data", data.to_str().unwrap()]);
    assert!(
        !server.printed.join("\n").contains("a new admin token"),
        "{:?}",
        server.printed
    );
    assert_eq!(sessions_with(server.addr, &token), hyper::StatusCode::OK);
    assert!(server.terminate().success());
}

#[test]
fn an_admin_token_shorter_than_32_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let out = livehost(BIN, &["serve", "--data", data.to_str().unwrap()])
        .args([
            "--listen",
            "127.0.0.1:0",
            "--admin-token",
            "0123456789abcdef0123456789abcde",
        ])
        .output()
        .expect("run livehost");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the admin token is 31 characters long, and it must have at least 32"),
        "{err}"
    );
    let out = livehost(BIN, &["serve", "--data", data.to_str().unwrap()])
        .args(["--listen", "127.0.0.1:0", "--admin-token", "  "])
        .output()
        .expect("run livehost");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is 0 characters long"));
}

#[test]
fn participant_codes_stay_out_of_the_log_and_of_referrers() {
    let auction = livehost_tests::guest_path("auction");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let server = start_logging(
        BIN,
        &[
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--admin-token",
            TOKEN,
        ],
        "info",
    );
    let url = format!("http://{}", server.addr);
    let upload = livehost(BIN, &["upload", auction.to_str().unwrap()])
        .args(["--url", &url, "--admin-token", TOKEN])
        .output()
        .expect("run livehost upload");
    assert!(upload.status.success(), "{upload:?}");
    let codes = livehost_tests::rt().block_on(async {
        let auth = format!("Bearer {TOKEN}");
        let body = json!({"experiment": "auction", "participants": 2}).to_string();
        let session = livehost::http::client::api(
            Method::POST,
            &format!("{url}/api/sessions"),
            TOKEN,
            Some(("application/json", body.into_bytes())),
        )
        .await
        .expect("a session");
        let code = session["code"].as_str().unwrap().to_string();
        let codes = participant_codes(&session);
        // A participant through the room link, one moved on by the
        // experimenter, a page shown.
        let (status, _) = http(
            Method::POST,
            &format!("{url}/room/{code}"),
            Some("arrival=0123456789abcdef0123456789abcdef"),
        )
        .await;
        assert!(status.is_redirection(), "{status}");
        let (status, _, text) = request_with(
            Method::POST,
            &format!(
                "{url}/api/sessions/{code}/participants/{}/advance",
                codes[1]
            ),
            &[("authorization", &auth)],
            Vec::new(),
        )
        .await;
        assert_eq!(status, hyper::StatusCode::OK, "{text}");
        let (status, headers, _) = request_with(
            Method::GET,
            &format!("{url}/p/{}", codes[0]),
            &[],
            Vec::new(),
        )
        .await;
        assert_eq!(status, hyper::StatusCode::OK);
        assert_eq!(headers["referrer-policy"], "no-referrer");
        // The console's pages keep their referrer to the console (a form
        // post must carry its Origin for the console's check).
        let (_, headers, _) =
            request_with(Method::GET, &format!("{url}/admin/login"), &[], Vec::new()).await;
        assert_eq!(headers["referrer-policy"], "same-origin");
        codes
    });
    let log = server.log.clone().expect("the log is kept");
    assert!(server.terminate().success());
    let log = log.lock().unwrap().clone();
    assert!(
        log.contains("a participant joined through the room link"),
        "{log}"
    );
    assert!(
        log.contains("participant moved on by the experimenter"),
        "{log}"
    );
    for code in &codes {
        assert!(!log.contains(code.as_str()), "{code} is in the log:\n{log}");
    }
}

#[test]
fn the_cli_sends_the_admin_token_over_plain_http_only_to_this_machine() {
    let auction = livehost_tests::guest_path("auction");
    let out = livehost(BIN, &["upload", auction.to_str().unwrap()])
        .args(["--url", "http://lab.example.org", "--admin-token", TOKEN])
        .output()
        .expect("run livehost upload");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the admin token would go over plain HTTP to lab.example.org")
            && err.contains("https://"),
        "{err}"
    );
}

#[test]
fn the_systemd_unit_is_hardened() {
    let unit =
        std::fs::read_to_string(livehost_tests::workspace_root().join("docs/livehost.service"))
            .unwrap();
    for line in [
        "UMask=0077",
        "StateDirectoryMode=0700",
        "NoNewPrivileges=true",
        "ProtectSystem=strict",
        "ProtectHome=true",
        "PrivateDevices=true",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "SystemCallFilter=@system-service",
        "CapabilityBoundingSet=",
    ] {
        assert!(
            unit.lines().any(|l| l.trim() == line),
            "the unit has no {line}"
        );
    }
    assert!(
        unit.lines().any(|l| l.starts_with("MemoryMax=")),
        "the unit has no MemoryMax"
    );
    // Rated by systemd where it is installed: "OK" (at most 2.0 of 10).
    let analyze = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output();
    if analyze.is_ok_and(|o| o.status.success()) {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("livehost.service");
        std::fs::write(&copy, &unit).unwrap();
        let out = std::process::Command::new("systemd-analyze")
            .args(["security", "--offline=true", "--threshold=20"])
            .arg(&copy)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "exposure above 2.0:\n{text}");
        assert!(
            text.contains("Overall exposure level for livehost.service"),
            "{text}"
        );
    }
}

/// Opens a TCP connection to `addr` and sends `bytes`.
async fn raw(addr: std::net::SocketAddr, bytes: &[u8]) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// What the host sends on `stream` until it closes it, within `within`
/// (`None`: it kept the connection open that long).
async fn until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let read = tokio::time::timeout(within, stream.read_to_end(&mut got)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => None,
    }
}

#[test]
fn a_request_that_never_finishes_arriving_is_dropped() {
    rt().block_on(async {
        let server = TestServer::start_with(|_, options| {
            options.connections.header_read = Duration::from_millis(500);
            options.connections.body_deadline = Duration::from_millis(500);
        })
        .await;
        // Headers that never end: the connection is closed.
        let started = Instant::now();
        let mut half = raw(server.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
        let closed = until_closed(&mut half, Duration::from_secs(10)).await;
        assert!(closed.is_some(), "a half-sent request held its connection for 10 s");
        assert!(started.elapsed() >= Duration::from_millis(400));
        // A body that never ends: 408, saying what to do.
        let head = format!(
            "POST /api/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"exp"
        );
        let mut slow = raw(server.addr, head.as_bytes()).await;
        let answer = tokio::time::timeout(Duration::from_secs(10), async {
            use tokio::io::AsyncReadExt;
            let mut buf = vec![0u8; 4096];
            let n = slow.read(&mut buf).await.unwrap();
            String::from_utf8_lossy(&buf[..n]).into_owned()
        })
        .await
        .expect("an answer before 10 s");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("did not arrive within"), "{answer}");
        // A whole request is still answered.
        let (status, _) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(status, hyper::StatusCode::OK);
        server.stop().await;
    });
}

#[test]
fn connections_are_capped_in_all_and_per_address_but_a_trusted_proxys() {
    rt().block_on(async {
        // Three from one address; the fourth is closed at once, and takes
        // the place of one that went.
        let server = TestServer::start_with(|_, options| {
            options.connections.max_per_address = 3;
        })
        .await;
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(raw(server.addr, b"").await);
        }
        let mut fourth = raw(server.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
        let closed = until_closed(&mut fourth, Duration::from_secs(5)).await;
        assert_eq!(
            closed.as_deref(),
            Some(""),
            "the fourth connection was served"
        );
        held.pop();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut again = raw(
            server.addr,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        let answer = until_closed(&mut again, Duration::from_secs(5))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        drop(held);
        server.stop().await;

        // A page view's socket holds its connection's place while it is
        // open.
        let server = TestServer::start_with(|_, options| {
            options.connections.max_per_address = 2;
        })
        .await;
        let session = server.session("auction", 2).await;
        let mut views = Vec::new();
        for (n, p) in session.participants.iter().enumerate() {
            let mut view = server
                .page_view(&p.code, Some("Auction"), &n.to_string())
                .await;
            let id = view.send(&serde_json::json!({})).await;
            view.until_ack(id).await.unwrap();
            views.push(view);
        }
        let mut third = raw(server.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
        assert_eq!(
            until_closed(&mut third, Duration::from_secs(5))
                .await
                .as_deref(),
            Some(""),
            "a connection past two open page views was served"
        );
        drop(views);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (status, _) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(status, hyper::StatusCode::OK);
        server.stop().await;

        // In all.
        let server = TestServer::start_with(|_, options| {
            options.connections.max_connections = 2;
        })
        .await;
        let held = [raw(server.addr, b"").await, raw(server.addr, b"").await];
        let mut third = raw(server.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
        assert_eq!(
            until_closed(&mut third, Duration::from_secs(5))
                .await
                .as_deref(),
            Some("")
        );
        drop(held);
        server.stop().await;

        // A trusted proxy's connections count in all only.
        let server = TestServer::start_with(|_, options| {
            options.connections.max_per_address = 1;
            options.connections.trusted_proxy = Some("127.0.0.1".parse().unwrap());
        })
        .await;
        let _held = [raw(server.addr, b"").await, raw(server.addr, b"").await];
        let (status, _) = http(Method::GET, &server.url("/healthz"), None).await;
        assert_eq!(status, hyper::StatusCode::OK);
        server.stop().await;
    });
}

/// `POST /room/{session}` as a new arrival from `forwarded_for` (if set).
async fn join_room(
    server: &TestServer,
    session: &str,
    n: u32,
    forwarded_for: Option<&str>,
) -> (hyper::StatusCode, String) {
    let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
    if let Some(a) = forwarded_for {
        headers.push(("x-forwarded-for", a));
    }
    let (status, _, text) = request_with(
        Method::POST,
        &server.url(&format!("/room/{session}")),
        &headers,
        format!("arrival={n:032x}").into_bytes(),
    )
    .await;
    (status, text)
}

#[test]
fn room_seats_and_console_logins_are_limited_per_address() {
    rt().block_on(async {
        let server = TestServer::start_with(|_, options| {
            options.room_seats_per_address = 2;
        })
        .await;
        let session = server.session("auction", 6).await;
        for n in 1..=2 {
            let (status, text) = join_room(&server, &session.code, n, None).await;
            assert!(status.is_redirection(), "{status}: {text}");
        }
        // The same arrival pressing again is not a new seat.
        let (status, _) = join_room(&server, &session.code, 2, None).await;
        assert!(status.is_redirection(), "{status}");
        let (status, text) = join_room(&server, &session.code, 3, None).await;
        assert_eq!(status, hyper::StatusCode::TOO_MANY_REQUESTS);
        assert!(
            text.contains("2 places in this session have been taken from your address already"),
            "{text}"
        );
        // X-Forwarded-For is not believed from an untrusted peer.
        let (status, _) = join_room(&server, &session.code, 4, Some("203.0.113.9")).await;
        assert_eq!(status, hyper::StatusCode::TOO_MANY_REQUESTS);

        // Console logins: ten tries a minute from one address; the
        // eleventh is refused even with the right token.
        let login = |token: String| {
            let url = server.url("/admin/login");
            async move {
                request_with(
                    Method::POST,
                    &url,
                    &[("content-type", "application/x-www-form-urlencoded")],
                    format!("token={token}").into_bytes(),
                )
                .await
            }
        };
        for _ in 0..10 {
            let (status, _, _) = login("not-the-token".into()).await;
            assert_eq!(status, hyper::StatusCode::UNAUTHORIZED);
        }
        let (status, _, text) = login(TOKEN.into()).await;
        assert_eq!(status, hyper::StatusCode::TOO_MANY_REQUESTS);
        assert!(
            text.contains("Too many login attempts from your address"),
            "{text}"
        );
        server.stop().await;

        // Behind a trusted proxy, each forwarded client has seats of its own.
        let server = TestServer::start_with(|_, options| {
            options.room_seats_per_address = 1;
            options.connections.trusted_proxy = Some("127.0.0.1".parse().unwrap());
        })
        .await;
        let session = server.session("auction", 4).await;
        let (status, _) = join_room(&server, &session.code, 1, Some("203.0.113.9")).await;
        assert!(status.is_redirection(), "{status}");
        let (status, _) = join_room(&server, &session.code, 2, Some("203.0.113.9")).await;
        assert_eq!(status, hyper::StatusCode::TOO_MANY_REQUESTS);
        let (status, _) = join_room(
            &server,
            &session.code,
            3,
            Some("198.51.100.7, 203.0.113.10"),
        )
        .await;
        assert!(status.is_redirection(), "{status}");
        server.stop().await;
    });
}
