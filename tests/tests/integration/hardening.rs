//! What a security review asked of the host as a lab runs it: the data
//! file and a generated admin token readable by livehost's user only (the
//! token's path printed, never the token), short admin tokens refused,
//! participant codes kept out of the log at info level, pages sent with
//! `Referrer-Policy: no-referrer`, the CLI's token over https (or to this
//! machine), and the systemd unit's hardening.

use std::path::Path;

use hyper::Method;
use livehost_tests::process::{livehost, start, start_logging};
use livehost_tests::server::{TOKEN, http, participant_codes, request_with};
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
