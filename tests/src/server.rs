//! The real server for end-to-end tests: [`TestServer`] runs
//! `livehost::http::serve` on a loopback port over a temporary data file;
//! [`PageView`] is a websocket client that speaks live.js's protocol; and
//! [`http`] sends plain requests (pages, forms, the admin API).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
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
pub const TOKEN: &str = "test-admin-token-0123456789";

/// How long a test waits for any one frame or answer.
pub const WAIT: Duration = Duration::from_secs(20);

/// A server on a loopback port.
pub struct TestServer {
    pub addr: SocketAddr,
    pub host: Livehost,
    pub data_file: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server on `data_file` with the tests' defaults, adjusted by
    /// `adjust`.
    pub async fn start_with(
        data_file: &Path,
        adjust: impl FnOnce(&mut Config, &mut ServeOptions),
    ) -> TestServer {
        Self::start_on(data_file, "127.0.0.1:0", adjust).await
    }

    /// Starts a server listening on `addr`.
    pub async fn start_on(
        data_file: &Path,
        addr: &str,
        adjust: impl FnOnce(&mut Config, &mut ServeOptions),
    ) -> TestServer {
        let mut config = crate::config(data_file);
        let mut options = ServeOptions::new(AdminToken::from_token(TOKEN));
        adjust(&mut config, &mut options);
        let host = Livehost::open(config).expect("open host");
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind a loopback port");
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
            host,
            data_file: data_file.to_path_buf(),
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn start(data_file: &Path) -> TestServer {
        Self::start_with(data_file, |_, _| {}).await
    }

    /// Stops as on SIGTERM and closes the data file.
    pub async fn stop(mut self) {
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
        drop(self);
        host.shutdown().await;
    }

    /// Stops the server (as on SIGTERM) and starts it again on the same
    /// data file and address, as a restarted service would.
    pub async fn restart(self) -> TestServer {
        let (file, addr) = (self.data_file.clone(), self.addr.to_string());
        self.stop().await;
        Self::start_on(&file, &addr, |_, _| {}).await
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

    /// Uploads a guest by crate name; returns its SHA.
    pub async fn upload(&self, guest: &str) -> String {
        let answer = self
            .api(
                Method::POST,
                "/api/experiments",
                Some(("application/wasm", crate::guest(guest))),
            )
            .await
            .unwrap_or_else(|e| panic!("uploading {guest}: {e}"));
        answer["sha"].as_str().expect("sha").to_string()
    }

    /// Uploads a guest and creates a session through the admin API.
    pub async fn session(&self, guest: &str, participants: u32) -> SessionInfo {
        let sha = self.upload(guest).await;
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
    let Answer { status, body } = client::request(method, url, None, ct, body)
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
    let (_, page) = http(Method::GET, &url, None).await;
    let mut form: Vec<String> = ["_page", "_round"]
        .iter()
        .filter_map(|f| hidden_field(&page, f).map(|v| format!("{f}={}", encode(&v))))
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
}

/// What a page view receives.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Recv(Value),
    Ack { id: u64, again: bool },
    Error { id: Option<u64>, text: String },
    Moved,
    Closed { code: u16, reason: String },
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
        PageView { ws, next_id: 1 }
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
        PageView { ws, next_id: 1 }
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

    /// The next frame (pings and the like skipped).
    pub async fn frame(&mut self) -> Frame {
        loop {
            let m = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a frame within the wait");
            let text = match m {
                Some(Ok(Message::Text(t))) => t.to_string(),
                Some(Ok(Message::Close(c))) => {
                    return Frame::Closed {
                        code: c.as_ref().map_or(1005, |c| u16::from(c.code)),
                        reason: c.map(|c| c.reason.to_string()).unwrap_or_default(),
                    };
                }
                None | Some(Err(_)) => {
                    return Frame::Closed {
                        code: 1006,
                        reason: String::new(),
                    };
                }
                Some(Ok(_)) => continue,
            };
            let v: Value = serde_json::from_str(&text).expect("frames are JSON");
            return if let Some(r) = v.get("recv") {
                Frame::Recv(r.clone())
            } else if let Some(id) = v.get("ack") {
                Frame::Ack {
                    id: id.as_u64().expect("ack id"),
                    again: v.get("again") == Some(&Value::Bool(true)),
                }
            } else if let Some(e) = v.get("error") {
                Frame::Error {
                    id: v.get("id").and_then(Value::as_u64),
                    text: e.as_str().unwrap_or_default().to_string(),
                }
            } else if v.get("moved").is_some() {
                Frame::Moved
            } else {
                panic!("unknown frame {text}")
            };
        }
    }

    /// The next frame that is not a page move.
    pub async fn frame_not_moved(&mut self) -> Frame {
        loop {
            match self.frame().await {
                Frame::Moved => continue,
                f => return f,
            }
        }
    }

    /// The next `liveRecv` payload.
    pub async fn recv(&mut self) -> Value {
        match self.frame_not_moved().await {
            Frame::Recv(v) => v,
            other => panic!("expected a reply, got {other:?}"),
        }
    }

    /// Waits for the answer to message `id`: its replies to this view come
    /// first (returned), then the ack; or the error text.
    pub async fn answer(&mut self, id: u64) -> Result<Vec<Value>, String> {
        let mut got = Vec::new();
        loop {
            match self.frame_not_moved().await {
                Frame::Recv(v) => got.push(v),
                Frame::Ack { id: a, .. } if a == id => return Ok(got),
                Frame::Error { id: Some(e), text } if e == id => return Err(text),
                other => panic!("waiting for the answer to {id}, got {other:?}"),
            }
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
