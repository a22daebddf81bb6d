//! The real server for end-to-end tests: [`TestServer`] runs
//! `livehost::http::serve` on a loopback port over a temporary data file;
//! [`PageView`] is a websocket client that speaks live.js's protocol; and
//! [`http`] sends plain requests (pages, forms, the admin API).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hyper::{Method, StatusCode};
use livehost::http::admin_api::SessionInfo;
use livehost::http::client::{self, Answer};
use livehost::http::{AdminToken, ServeOptions};
use livehost::{Config, Livehost};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The admin token of test servers.
pub const TOKEN: &str = "test-admin-token-0123456789abcdef";

/// How long a test waits for any one frame or answer.
pub const WAIT: Duration = Duration::from_secs(20);

/// A server on a loopback port, over a data file in a temporary folder of
/// its own (kept across [`TestServer::restart`], removed when the last
/// server on it is dropped).
pub struct TestServer {
    pub addr: SocketAddr,
    pub host: Livehost,
    pub data_file: PathBuf,
    dir: Arc<tempfile::TempDir>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server with the tests' defaults on a fresh data file.
    pub async fn start() -> TestServer {
        Self::start_with(|_, _| {}).await
    }

    /// Starts a server on a fresh data file with the tests' defaults,
    /// adjusted by `adjust`.
    pub async fn start_with(adjust: impl FnOnce(&mut Config, &mut ServeOptions)) -> TestServer {
        let dir = Arc::new(tempfile::tempdir().expect("a temporary folder"));
        Self::start_in(dir, "127.0.0.1:0", adjust).await
    }

    /// Starts a server on `dir`'s data file, listening on `addr`.
    async fn start_in(
        dir: Arc<tempfile::TempDir>,
        addr: &str,
        adjust: impl FnOnce(&mut Config, &mut ServeOptions),
    ) -> TestServer {
        let mut config = crate::config(&dir.path().join("data.redb"));
        let mut options = ServeOptions::new(AdminToken::from_token(TOKEN));
        adjust(&mut config, &mut options);
        let host = Livehost::open(config).expect("open host");
        Self::serve(host, dir, addr, options).await
    }

    /// Serves a host opened by the caller (on a storage backend of its
    /// own, say); `adjust` sets the server's options.
    pub async fn start_on_host(
        host: Livehost,
        adjust: impl FnOnce(&mut ServeOptions),
    ) -> TestServer {
        let dir = Arc::new(tempfile::tempdir().expect("a temporary folder"));
        let mut options = ServeOptions::new(AdminToken::from_token(TOKEN));
        adjust(&mut options);
        Self::serve(host, dir, "127.0.0.1:0", options).await
    }

    async fn serve(
        host: Livehost,
        dir: Arc<tempfile::TempDir>,
        addr: &str,
        options: ServeOptions,
    ) -> TestServer {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .unwrap_or_else(|e| panic!("bind {addr}: {e}"));
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(livehost::http::serve(
            listener,
            host.clone(),
            options,
            async {
                let _ = stopped.await;
            },
        ));
        TestServer {
            addr,
            data_file: host.config().data_file.clone(),
            host,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The server's own temporary folder (the data file is in it).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stops as on SIGTERM and closes the data file.
    pub async fn stop(self) {
        drop(self.stop_keeping_data().await);
    }

    /// [`TestServer::stop`], keeping the data file (at `data_file`) until
    /// the folder returned is dropped.
    pub async fn stop_keeping_data(mut self) -> Arc<tempfile::TempDir> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(30), task)
                .await
                .expect("the server stops within 30 s")
                .expect("the server task");
        }
        let host = self.host.clone();
        let dir = self.dir.clone();
        drop(self);
        host.shutdown().await;
        dir
    }

    /// Stops the server (as on SIGTERM) and starts it again on the same
    /// data file and address, as a restarted service would.
    pub async fn restart(self) -> TestServer {
        self.restart_with(|_, _| {}).await
    }

    /// [`TestServer::restart`] with other settings.
    pub async fn restart_with(
        self,
        adjust: impl FnOnce(&mut Config, &mut ServeOptions),
    ) -> TestServer {
        let (dir, addr) = (self.dir.clone(), self.addr.to_string());
        self.stop().await;
        Self::start_in(dir, &addr, adjust).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// An admin API request with the right token.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Result<Value, client::ClientError> {
        client::api(method, &self.url(path), TOKEN, body).await
    }

    /// `POST /api/sessions` with `body` (a JSON object): the new session,
    /// or the API's error.
    pub async fn create_session(&self, body: Value) -> Result<Value, client::ClientError> {
        self.api(
            Method::POST,
            "/api/sessions",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }

    /// The text of element `id` of participant `code`'s page, read by
    /// HTTP (its first text node), or what the page is if it has none.
    pub async fn page_text(&self, code: &str, id: &str) -> String {
        let (_, html) = http(Method::GET, &self.url(&format!("/p/{code}")), None).await;
        let marker = format!("id=\"{id}\"");
        let Some(at) = html.find(&marker) else {
            return format!("(no #{id} on the page: {html})");
        };
        let rest = &html[at..];
        let start = rest.find('>').map_or(0, |i| i + 1);
        let end = rest.find('<').unwrap_or(rest.len());
        rest[start..end.max(start)].trim().to_string()
    }

    /// Uploads a guest by crate name; returns its SHA.
    pub async fn upload(&self, guest: &str) -> String {
        self.upload_bytes(guest, crate::guest(guest)).await
    }

    /// Uploads the component `bytes` (named `what` in a failure); returns
    /// its SHA.
    pub async fn upload_bytes(&self, what: &str, bytes: Vec<u8>) -> String {
        let answer = self
            .api(
                Method::POST,
                "/api/experiments",
                Some(("application/wasm", bytes)),
            )
            .await
            .unwrap_or_else(|e| panic!("uploading {what}: {e}"));
        answer["sha"].as_str().expect("sha").to_string()
    }

    /// Uploads a guest and creates a session through the admin API.
    pub async fn session(&self, guest: &str, participants: u32) -> SessionInfo {
        self.session_of(guest, crate::guest(guest), participants)
            .await
    }

    /// Uploads the component `bytes` and creates a session of it.
    pub async fn session_of(&self, guest: &str, bytes: Vec<u8>, participants: u32) -> SessionInfo {
        let sha = self.upload_bytes(guest, bytes).await;
        let body = serde_json::json!({ "experiment": sha, "participants": participants });
        let answer = self
            .api(
                Method::POST,
                "/api/sessions",
                Some(("application/json", body.to_string().into_bytes())),
            )
            .await
            .unwrap_or_else(|e| panic!("creating a session of {guest}: {e}"));
        serde_json::from_value(answer).expect("a session")
    }

    /// Opens a page view of participant `code`.
    pub async fn page_view(&self, code: &str, page: Option<&str>, view: &str) -> PageView {
        PageView::open(self.addr, code, page, view).await
    }
}

/// A plain HTTP request; returns the status and the body as text.
pub async fn http(method: Method, url: &str, form: Option<&str>) -> (StatusCode, String) {
    let (ct, body) = match form {
        Some(f) => (
            Some("application/x-www-form-urlencoded"),
            f.as_bytes().to_vec(),
        ),
        None => (None, Vec::new()),
    };
    let Answer { status, body, .. } = client::request(method, url, None, ct, body)
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A request with the given headers (cookies, `Origin`, ...); returns the
/// status, the response's headers and its body as text.
pub async fn request_with(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (StatusCode, hyper::HeaderMap, String) {
    let uri: hyper::Uri = url.parse().expect("a URL");
    let authority = uri.authority().expect("a host").to_string();
    let stream = TcpStream::connect(&authority).await.expect("connect");
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("HTTP handshake");
    tokio::spawn(conn);
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(uri.path_and_query().map_or("/", |p| p.as_str()));
    // The URL's host unless the caller gives a `host` of its own (as a
    // reverse proxy would).
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req = req.header(hyper::header::HOST, &authority);
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let req = req
        .body(http_body_util::Full::new(bytes::Bytes::from(body)))
        .expect("a request");
    let res = tokio::time::timeout(WAIT, sender.send_request(req))
        .await
        .expect("an answer within the wait")
        .expect("an answer");
    let status = res.status();
    let headers = res.headers().clone();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("the body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// The value of a hidden form field in a page's HTML.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// HTML text back to plain text (the entities minijinja writes).
pub fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Presses next as a browser would: reads the page's hidden fields, posts
/// the form. `Ok(())` when the host moved the participant (303), else the
/// error shown on the page.
pub async fn press_next(
    addr: SocketAddr,
    code: &str,
    fields: &[(&str, &str)],
) -> Result<(), String> {
    let url = format!("http://{addr}/p/{code}");
    let (status, page) = http(Method::GET, &url, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the page of {code} before next: {page}"
    );
    let mut form: Vec<String> = ["_page", "_round"]
        .iter()
        .map(|f| {
            let v = hidden_field(&page, f)
                .unwrap_or_else(|| panic!("the page of {code} has no {f} field: {page}"));
            format!("{f}={}", encode(&v))
        })
        .collect();
    form.extend(
        fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v))),
    );
    let (status, body) = http(Method::POST, &url, Some(&form.join("&"))).await;
    if status == StatusCode::SEE_OTHER {
        return Ok(());
    }
    let marker = "<div class=\"error\" id=\"error_message\">";
    match body.find(marker) {
        Some(i) => {
            let rest = &body[i + marker.len()..];
            Err(unescape(&rest[..rest.find("</div>").unwrap_or(rest.len())]))
        }
        None => Err(format!("status {status} without an error message: {body}")),
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A page view's websocket, speaking live.js's frames.
pub struct PageView {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Page moves are passed over (see [`PageView::skipping_moves`]).
    skip_moves: bool,
}

/// What a page view receives.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Recv(Value),
    Ack {
        id: u64,
        again: bool,
    },
    Error {
        id: Option<u64>,
        text: String,
    },
    Moved,
    /// A close frame.
    Closed {
        code: u16,
        reason: String,
    },
    /// The socket ended without a close frame, or failed.
    Dropped {
        error: String,
    },
}

impl PageView {
    pub async fn open(addr: SocketAddr, code: &str, page: Option<&str>, view: &str) -> PageView {
        let mut url = format!("ws://{addr}/live/{code}?view={view}");
        if let Some(p) = page {
            url.push_str(&format!("&page={}", encode(p)));
        }
        let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(&url))
            .await
            .expect("websocket connect in time")
            .unwrap_or_else(|e| panic!("websocket {url}: {e}"));
        PageView {
            ws,
            next_id: 1,
            skip_moves: false,
        }
    }

    /// A view that passes over page moves, for a test that presses next
    /// as it goes and does not check where pages move (a scenario); every
    /// other view fails on a move it does not wait for.
    pub fn skipping_moves(mut self) -> PageView {
        self.skip_moves = true;
        self
    }

    /// `liveSend(data)`: returns the message's id.
    pub async fn send(&mut self, data: &Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&serde_json::json!({ "id": id, "data": data }).to_string())
            .await;
        id
    }

    /// Opens a page view whose socket has a small receive buffer, for a
    /// page that never reads.
    pub async fn open_small_window(addr: SocketAddr, code: &str, view: &str) -> PageView {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.set_recv_buffer_size(4096).expect("receive buffer");
        let stream = socket.connect(addr).await.expect("connect");
        let url = format!("ws://{addr}/live/{code}?view={view}");
        let (ws, _) = tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(stream))
            .await
            .expect("websocket handshake");
        PageView {
            ws,
            next_id: 1,
            skip_moves: false,
        }
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.ws
            .send(Message::binary(bytes))
            .await
            .expect("send a binary frame");
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws
            .send(Message::text(text.to_string()))
            .await
            .expect("send a frame");
    }

    /// The next frame (pings and the like skipped). A socket that ends
    /// without a close frame, or fails, is [`Frame::Dropped`], never a
    /// normal close.
    pub async fn frame(&mut self) -> Frame {
        loop {
            let m = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("no frame within {WAIT:?}"));
            let text = match m {
                Some(Ok(Message::Text(t))) => t.to_string(),
                Some(Ok(Message::Close(c))) => {
                    return Frame::Closed {
                        code: c.as_ref().map_or(1005, |c| u16::from(c.code)),
                        reason: c.map(|c| c.reason.to_string()).unwrap_or_default(),
                    };
                }
                None => {
                    return Frame::Dropped {
                        error: "the socket ended without a close frame".into(),
                    };
                }
                Some(Err(e)) => {
                    return Frame::Dropped {
                        error: e.to_string(),
                    };
                }
                Some(Ok(Message::Binary(b))) => {
                    panic!("the host sent a binary frame ({} bytes)", b.len())
                }
                Some(Ok(_)) => continue,
            };
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("a frame that is not JSON ({e}): {text}"));
            return if let Some(r) = v.get("recv") {
                Frame::Recv(r.clone())
            } else if let Some(id) = v.get("ack") {
                Frame::Ack {
                    id: id
                        .as_u64()
                        .unwrap_or_else(|| panic!("an ack without a number: {text}")),
                    again: v.get("again") == Some(&Value::Bool(true)),
                }
            } else if let Some(e) = v.get("error") {
                Frame::Error {
                    id: v.get("id").and_then(Value::as_u64),
                    text: e
                        .as_str()
                        .unwrap_or_else(|| panic!("an error without a text: {text}"))
                        .to_string(),
                }
            } else if v.get("moved") == Some(&Value::Bool(true)) {
                if self.skip_moves {
                    continue;
                }
                Frame::Moved
            } else {
                panic!("unknown frame {text}")
            };
        }
    }

    /// The next frame, which must be a page move.
    pub async fn moved(&mut self) {
        match self.frame().await {
            Frame::Moved => {}
            other => panic!("expected the page to move, got {other:?}"),
        }
    }

    /// The next `liveRecv` payload; anything else (a move, an ack, a
    /// close) fails the test.
    pub async fn recv(&mut self) -> Value {
        match self.frame().await {
            Frame::Recv(v) => v,
            other => panic!("expected a reply, got {other:?}"),
        }
    }

    /// Waits for the answer to message `id`: the replies to this view that
    /// come first (returned), then its ack (`Ok`) or its error (`Err`).
    /// Anything else on the way (a move, an answer to another message, a
    /// close) fails the test.
    pub async fn until_ack(&mut self, id: u64) -> Result<Vec<Value>, String> {
        let mut got = Vec::new();
        // Bounded: each frame comes within WAIT or the test fails.
        for _ in 0..100_000 {
            match self.frame().await {
                Frame::Recv(v) => got.push(v),
                Frame::Ack { id: a, .. } if a == id => return Ok(got),
                Frame::Error { id: Some(e), text } if e == id => return Err(text),
                other => {
                    panic!("waiting for the answer to {id} (after {got:?}), got {other:?}")
                }
            }
        }
        panic!("no answer to {id} in 100,000 frames")
    }

    /// The next frame, which must be the ack of message `id` with its
    /// `again` flag (a resend of a message applied already) as given.
    pub async fn ack(&mut self, id: u64, again: bool) {
        match self.frame().await {
            Frame::Ack { id: a, again: g } if a == id && g == again => {}
            other => panic!("expected the ack of {id} (again: {again}), got {other:?}"),
        }
    }
}

/// Runs the `livehost` command `bin` (the test's
/// `env!("CARGO_BIN_EXE_livehost")`) with the admin token, off the
/// runtime's workers (the server runs on them).
pub async fn run_cli(bin: &'static str, args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(bin)
            .args(&args)
            .env("LIVEHOST_ADMIN_TOKEN", TOKEN)
            .output()
            .expect("run livehost")
    })
    .await
    .expect("the livehost command")
}

/// The participants' codes of a session as the admin API shows it.
pub fn participant_codes(session: &Value) -> Vec<String> {
    session["participants"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
