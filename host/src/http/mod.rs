//! The host as a web service: one hyper service on a TCP listener.
//!
//! | path | what |
//! |---|---|
//! | `GET /` | index: the demo's participant links, else a short notice |
//! | `GET /healthz` | `{"status":"ok"}` (and a cluster's `"node"`) while the data file takes writes |
//! | `GET /metrics` | Prometheus's metrics, admin token ([`crate::metrics`]) |
//! | `GET /static/live.js`, `/static/timer.js`, `/static/style.css` | the pages' scripts (liveSend, a timed page's countdown) and style |
//! | `GET /static/bootstrap5/...` | Bootstrap 5's CSS and JS bundle, for oTree pages |
//! | `GET /chat/{code}` | a chat box's websocket (oTree's `{{ chat }}`) |
//! | `GET /static/chat.js` | the chat box's script |
//! | `GET /static/e/{sha}/{path}` | a file of an experiment's `_static/` (`{{ static 'path' }}`) |
//! | `GET, POST /p/{code}` | a participant's page, and its next button ([`pages`]) |
//! | `GET /live/{code}?page=..&view=..` | a page view's websocket ([`crate::live::participant_socket`]) |
//! | `GET, POST /room/{session}` | the session's room link: hands each arrival a participant ([`room`]) |
//! | `/admin/...` | the researcher console, behind a login ([`console`], [`console_login`], [`session_monitor`]) |
//! | `GET /static/console.js`, `/static/console.css` | the console's script and style |
//! | `/api/...` | the admin API, bearer token ([`admin_api`], [`admin_token`]) |
//!
//! [`serve`] runs until its shutdown future resolves, then stops accepting,
//! lets requests and live messages in flight finish, and closes page views'
//! sockets with 1001 (live.js reconnects to the restarted host). The caller
//! then closes the [`Livehost`], which commits everything submitted.

pub mod admin_api;
mod admin_report;
pub mod admin_token;
pub mod client;
mod connections;
mod console;
mod console_login;
mod pages;
mod peers;
mod per_address;
pub mod response;
mod room;
mod session_monitor;

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, HOST, WWW_AUTHENTICATE};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use minijinja::context;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

pub use admin_token::AdminToken;
pub use connections::ConnectionLimits;
pub use peers::{PeerError, PeerUpload, Peers, UNREACHABLE_HEADER as UNREACHABLE_PEERS};
use response::{ApiError, Body, json};

use crate::live::chat_socket::{self, ChatRequest};
use crate::live::participant_socket::{self, ViewRequest};
use crate::live::{ClientMessageId, Livehost};

/// How the service is set up.
#[derive(Clone)]
pub struct ServeOptions {
    pub admin_token: AdminToken,
    /// The address participants reach the host at (for links), e.g.
    /// `https://lab.example.org`; default: `http://` + the request's Host.
    pub public_url: Option<String>,
    /// List every session's participant links at `/` (the demo).
    pub index_lists_sessions: bool,
    /// Largest component upload accepted.
    pub max_upload_bytes: usize,
    /// Largest form a next button may post.
    pub max_form_bytes: usize,
    /// Connections' caps and requests' deadlines.
    pub connections: ConnectionLimits,
    /// Room-link seats one client address may take in a session (a lab's
    /// machines behind one NAT share an address).
    pub room_seats_per_address: u32,
    /// A cluster's other nodes ([`peers`]).
    pub peers: Peers,
}

impl ServeOptions {
    pub fn new(admin_token: AdminToken) -> ServeOptions {
        ServeOptions {
            admin_token,
            public_url: None,
            index_lists_sessions: false,
            max_upload_bytes: 64 * 1024 * 1024,
            max_form_bytes: 64 * 1024,
            connections: ConnectionLimits::default(),
            room_seats_per_address: 60,
            peers: Peers::default(),
        }
    }
}

struct App {
    host: Livehost,
    options: ServeOptions,
    templates: pages::Templates,
    shutdown: watch::Receiver<bool>,
    /// Each page view's and monitor's task holds a clone; [`serve`] waits
    /// for all to drop.
    sockets_open: mpsc::Sender<()>,
    /// The researcher console's logins (monitors hold a clone).
    logins: Arc<console_login::ConsoleLogins>,
    /// The room links' recent arrivals.
    room_arrivals: room::Arrivals,
    /// Login attempts and room seats by client address.
    per_address: per_address::PerAddress,
}

/// A request's connection (a request extension): the address it comes
/// from, and its place under the caps, held by the connection's task and,
/// once it is upgraded, by its websocket's.
#[derive(Clone)]
struct Connection {
    peer: std::net::IpAddr,
    _place: Arc<connections::Place>,
}

impl App {
    /// The client `req` comes from (see [`ConnectionLimits::client`]).
    fn client<B>(&self, req: &Request<B>) -> std::net::IpAddr {
        let peer = req
            .extensions()
            .get::<Connection>()
            .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.peer);
        self.options.connections.client(peer, req.headers())
    }
}

/// Serves on `listener` until `shutdown` resolves; returns once every
/// request and page view has finished (or after a grace period).
pub async fn serve(
    listener: TcpListener,
    host: Livehost,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    // Pages that were timing out when the host stopped time out as planned
    // (or at once, if their deadline passed meanwhile).
    match host.resume_timeouts() {
        Ok(0) => {}
        Ok(n) => tracing::info!(pages = n, "page timeouts resumed"),
        Err(e) => {
            tracing::error!(error = %e, "the page deadlines could not be read: pages timed before this start will not time out by themselves")
        }
    }
    let (stop, stopping) = watch::channel(false);
    let (sockets_open, mut sockets_closed) = mpsc::channel::<()>(1);
    let connections = connections::Connections::new(options.connections.clone());
    let logins = Arc::new(console_login::ConsoleLogins::new(
        options.admin_token.login_key(),
    ));
    let app = Arc::new(App {
        host,
        options,
        templates: pages::Templates::new(),
        shutdown: stopping,
        sockets_open,
        logins,
        room_arrivals: room::Arrivals::default(),
        per_address: per_address::PerAddress::default(),
    });
    // Each connection's task holds a clone; dropped when it ends.
    let (connections_open, mut connections_closed) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, go on.
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let place = match connections.admit(peer) {
                    Ok(place) => place,
                    Err(refused) => {
                        // Closed at once: the client sees a reset, as from
                        // a full server.
                        tracing::debug!(?refused, "a connection over the caps was closed");
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let mut stopping = app.shutdown.clone();
                let app = app.clone();
                let connection = Connection {
                    peer: peer.ip(),
                    _place: Arc::new(place),
                };
                let held = connection.clone();
                let service = service_fn(move |mut req: Request<Incoming>| {
                    let app = app.clone();
                    req.extensions_mut().insert(connection.clone());
                    // A participant's address holds their code: a link on
                    // their page must not hand it on. The console's pages
                    // keep their referrer to themselves only: with none at
                    // all a browser's form posts say `Origin: null`, which
                    // the console's same-origin check refuses.
                    let path = req.uri().path();
                    let policy = if path.starts_with("/admin") || path.starts_with("/api/") {
                        "same-origin"
                    } else {
                        "no-referrer"
                    };
                    async move {
                        let mut response = app.handle(req).await;
                        response.headers_mut().insert(
                            hyper::header::REFERRER_POLICY,
                            hyper::header::HeaderValue::from_static(policy),
                        );
                        Ok::<_, Infallible>(response)
                    }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(connections.limits().header_read)
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades();
                let open = connections_open.clone();
                tokio::spawn(async move {
                    let _open = open;
                    let _place = held;
                    tokio::pin!(conn);
                    let ended = tokio::select! {
                        r = conn.as_mut() => r,
                        _ = stopping.changed() => {
                            // Finish the request in flight, take no more.
                            conn.as_mut().graceful_shutdown();
                            conn.await
                        }
                    };
                    if let Err(e) = ended {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("stopping: no new connections; finishing requests and live messages in flight");
    let _ = stop.send(true);
    drop(connections_open);
    if tokio::time::timeout(Duration::from_secs(10), connections_closed.recv())
        .await
        .is_err()
    {
        tracing::warn!("some requests did not finish within 10 s; stopping anyway");
    }
    drop(app);
    if tokio::time::timeout(Duration::from_secs(10), sockets_closed.recv())
        .await
        .is_err()
    {
        tracing::warn!("some page views did not close within 10 s; stopping anyway");
    }
}

impl App {
    /// Reads a request's body of at most `limit` bytes, within the deadline
    /// the service's limits give a body of that size.
    async fn read_body(&self, body: Incoming, limit: usize, what: &str) -> Result<Bytes, ApiError> {
        let deadline = self.options.connections.body_deadline_for(limit);
        let collected = Limited::new(body, limit).collect();
        let Ok(read) = tokio::time::timeout(deadline, collected).await else {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the {what} did not arrive within {} s: send it again",
                    deadline.as_secs()
                ),
            ));
        };
        match read {
            Ok(b) => Ok(b.to_bytes()),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the {what} is larger than the limit of {limit} bytes"),
            )),
            Err(e) => Err(ApiError::bad_request(format!(
                "the {what} could not be read: {e}"
            ))),
        }
    }
}

/// A websocket once the handshake is done.
type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// Answers a websocket handshake (101) and runs `task` on the socket once
/// the connection is upgraded; a request that is not a websocket's
/// handshake gets a 400 that says so.
fn websocket<F, Fut>(
    mut req: Request<Incoming>,
    config: Option<WebSocketConfig>,
    task: F,
) -> Response<Body>
where
    F: FnOnce(Socket) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let is_upgrade = req
        .headers()
        .get(hyper::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let key = req.headers().get(hyper::header::SEC_WEBSOCKET_KEY).cloned();
    let Some(key) = key.filter(|_| is_upgrade) else {
        return ApiError::bad_request(
            "this address takes a websocket: open it with new WebSocket(...) (live.js and the console's monitor do)",
        )
        .response();
    };
    let accept = derive_accept_key(key.as_bytes());
    let on_upgrade = hyper::upgrade::on(&mut req);
    // The connection's place under the caps goes with the socket: it is
    // open as long as the socket is.
    let place = req.extensions_mut().remove::<Connection>();
    tokio::spawn(async move {
        let _place = place;
        let upgraded = match on_upgrade.await {
            Ok(u) => u,
            Err(e) => {
                tracing::debug!(error = %e, "websocket upgrade failed");
                return;
            }
        };
        let ws =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, config).await;
        task(ws).await;
    });
    let mut r = Response::new(response::full(Bytes::new()));
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(
        hyper::header::UPGRADE,
        hyper::header::HeaderValue::from_static("websocket"),
    );
    h.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = hyper::header::HeaderValue::from_str(&accept) {
        h.insert(hyper::header::SEC_WEBSOCKET_ACCEPT, v);
    }
    r
}

/// The value of the cookie `name` in a request's `Cookie` headers.
fn cookie(headers: &hyper::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(hyper::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().to_string())
}

/// The value of `name` in URL-encoded `pairs` (a query or a form).
fn encoded_value(pairs: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(pairs)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn query_param(req: &Request<Incoming>, name: &str) -> Option<String> {
    encoded_value(req.uri().query().unwrap_or("").as_bytes(), name)
}

impl App {
    async fn handle(self: &Arc<Self>, req: Request<Incoming>) -> Response<Body> {
        let path = req.uri().path().to_string();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (req.method(), segments.as_slice()) {
            (&Method::GET, [""]) => self.index(),
            (&Method::GET, ["healthz"]) => self.health(),
            (&Method::GET, ["metrics"]) => self.metrics(&req),
            (&Method::GET, ["static", "live.js"]) => response::asset(
                "text/javascript; charset=utf-8",
                include_str!("../../assets/live.js"),
            ),
            (&Method::GET, ["static", "chat.js"]) => response::asset(
                "text/javascript; charset=utf-8",
                include_str!("../../assets/chat.js"),
            ),
            (&Method::GET, ["static", "timer.js"]) => response::asset(
                "text/javascript; charset=utf-8",
                include_str!("../../assets/timer.js"),
            ),
            (&Method::GET, ["static", "style.css"]) => response::asset(
                "text/css; charset=utf-8",
                include_str!("../../assets/style.css"),
            ),
            // Bootstrap 5 at the paths oTree serves it from (see build.rs).
            (&Method::GET, ["static", "bootstrap5", "css", "bootstrap.min.css"]) => {
                response::asset(
                    "text/css; charset=utf-8",
                    include_str!(concat!(env!("OUT_DIR"), "/bootstrap.min.css")),
                )
            }
            (&Method::GET, ["static", "bootstrap5", "js", "bootstrap.bundle.min.js"]) => {
                response::asset(
                    "text/javascript; charset=utf-8",
                    include_str!(concat!(env!("OUT_DIR"), "/bootstrap.bundle.min.js")),
                )
            }
            (&Method::GET, ["static", "console.js"]) => response::asset(
                "text/javascript; charset=utf-8",
                include_str!("../../assets/console/console.js"),
            ),
            (&Method::GET, ["static", "console.css"]) => response::asset(
                "text/css; charset=utf-8",
                include_str!("../../assets/console/console.css"),
            ),
            (&Method::GET, ["static", "e", sha, path @ ..]) => {
                let path = path
                    .iter()
                    .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match self.host.static_file(sha, &path).await {
                    Some(bytes) => response::static_file(&path, bytes),
                    None => self.templates.notice(
                        StatusCode::NOT_FOUND,
                        "Not found",
                        &format!("The experiment has no static file {path:?}: put it in the project's _static/ folder and build again."),
                    ),
                }
            }
            (_, ["admin", ..]) => self.console(req).await,
            (&Method::GET, ["room", session]) => room::show(self, &req, session),
            (&Method::POST, ["room", session]) => {
                let session = session.to_string();
                room::join(self, req, &session).await
            }
            (&Method::GET, ["p", code]) => pages::show(&self.host, &self.templates, code).await,
            (&Method::POST, ["p", code]) => {
                let code = code.to_string();
                match self
                    .read_body(req.into_body(), self.options.max_form_bytes, "form")
                    .await
                {
                    Ok(form) => pages::next(&self.host, &self.templates, &code, &form).await,
                    Err(e) => self
                        .templates
                        .notice(e.status, "The form was not accepted", &e.text),
                }
            }
            (&Method::GET, ["live", code]) => {
                let code = code.to_string();
                self.upgrade(req, code)
            }
            (&Method::GET, ["chat", code]) => {
                let code = code.to_string();
                self.chat(req, code)
            }
            (_, ["api", ..]) => match self.admin(req, &segments[1..].join("/")).await {
                Ok(r) => r,
                Err(e) => e.response(),
            },
            _ => self.templates.notice(
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no page at this address.",
            ),
        }
    }

    fn health(&self) -> Response<Body> {
        match self.host.check_data_file() {
            Ok(()) => {
                let mut ok = serde_json::json!({ "status": "ok" });
                if let Some(node) = &self.host.config().node {
                    ok["node"] = node.as_str().into();
                }
                json(StatusCode::OK, &ok)
            }
            Err(e) => json(
                StatusCode::SERVICE_UNAVAILABLE,
                &serde_json::json!({ "status": "failing", "error": e.to_string() }),
            ),
        }
    }

    /// `GET /metrics`: Prometheus's text format ([`crate::metrics`]), for
    /// the admin token only (it names the sessions in play).
    fn metrics(&self, req: &Request<Incoming>) -> Response<Body> {
        let hint = " (Prometheus: `authorization: {credentials_file: ...}` in the scrape config, see docs/cluster.md)";
        if let Some(refused) = self.unauthorized(req, hint) {
            return refused;
        }
        match self.host.metrics().encode(&self.host.metrics_now()) {
            Ok(text) => response::text(crate::metrics::CONTENT_TYPE, text),
            Err(e) => ApiError::internal(e).response(),
        }
    }

    /// The answer to a request without the admin token (`hint` follows
    /// the reason), if it has none.
    fn unauthorized(&self, req: &Request<Incoming>, hint: &str) -> Option<Response<Body>> {
        let e = self
            .options
            .admin_token
            .check(req.headers().get(AUTHORIZATION))
            .err()?;
        let mut r = ApiError::new(StatusCode::UNAUTHORIZED, format!("{e}{hint}")).response();
        r.headers_mut().insert(
            WWW_AUTHENTICATE,
            hyper::header::HeaderValue::from_static("Bearer"),
        );
        Some(r)
    }

    fn base_url(&self, req: &Request<Incoming>) -> String {
        if let Some(url) = &self.options.public_url {
            return url.trim_end_matches('/').to_string();
        }
        let host = req
            .headers()
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    }

    fn index(&self) -> Response<Body> {
        let version = env!("CARGO_PKG_VERSION");
        if !self.options.index_lists_sessions {
            return self.templates.index(context! { version });
        }
        let listed = (|| -> Result<Vec<minijinja::Value>, crate::store::StoreError> {
            let host = &self.host;
            let mut out = Vec::new();
            for s in host.sessions()? {
                let Some(exp) = host.experiment_record(&s.experiment)? else {
                    continue;
                };
                let participants: Vec<minijinja::Value> = host
                    .session_participants(&s.code)?
                    .into_iter()
                    .map(|p| {
                        let at = if p.finished {
                            "finished".to_string()
                        } else {
                            let page = exp.info.page(p.page_index).map_or("", |pg| pg.name.as_str());
                            format!("round {}, {page}", p.round)
                        };
                        context! { code => p.code, group_id => p.group_id, id_in_group => p.id_in_group, where => at }
                    })
                    .collect();
                out.push(context! {
                    code => s.code,
                    experiment => exp.info.name,
                    players_per_group => exp.info.players_per_group,
                    participants,
                });
            }
            Ok(out)
        })();
        match listed {
            Ok(sessions) => self.templates.index(context! { version, sessions }),
            Err(e) => self.templates.notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "The data file could not be read",
                &e.to_string(),
            ),
        }
    }

    /// `GET /live/{code}`: the websocket handshake, then the page view's
    /// task.
    fn upgrade(self: &Arc<Self>, req: Request<Incoming>, code: String) -> Response<Body> {
        let page = query_param(&req, "page");
        let view = query_param(&req, "view");
        if let Some(v) = &view
            && !ClientMessageId::valid_view(v)
        {
            return ApiError::bad_request(
                "the view parameter must be 1 to 64 letters, digits, '-' or '_'",
            )
            .response();
        }
        let limit = self.host.page_views().limits().max_message_bytes;
        // Frames a little over the limit are read and answered with an
        // error; far larger ones end the connection.
        let hard = (limit * 4).max(1 << 20);
        self.participant_socket(req, hard, move |host, ws, shutdown| {
            participant_socket::run(host, ws, ViewRequest { code, page, view }, shutdown)
        })
    }

    /// A participant's websocket taking frames of at most `max_frame`
    /// bytes, served by `task` until it ends (counted as an open socket,
    /// which a clean stop waits for).
    fn participant_socket<F, Fut>(
        self: &Arc<Self>,
        req: Request<Incoming>,
        max_frame: usize,
        task: F,
    ) -> Response<Body>
    where
        F: FnOnce(Livehost, Socket, tokio::sync::watch::Receiver<bool>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        // Participants' frames are small: an 8 KiB read buffer instead of
        // tungstenite's 128 KiB keeps 10,000 open page views in about a
        // tenth of the memory (larger frames still arrive, in several
        // reads).
        let config = WebSocketConfig::default()
            .read_buffer_size(8 * 1024)
            .max_message_size(Some(max_frame))
            .max_frame_size(Some(max_frame));
        let app = self.clone();
        websocket(req, Some(config), move |ws| async move {
            let _open = app.sockets_open.clone();
            let shutdown = app.shutdown.clone();
            let host = app.host.clone();
            drop(app);
            task(host, ws, shutdown).await;
        })
    }

    /// A chat box's websocket (see `live::chat_socket`).
    fn chat(self: &Arc<Self>, req: Request<Incoming>, code: String) -> Response<Body> {
        let param = |name| query_param(&req, name).unwrap_or_default();
        let request = ChatRequest {
            code,
            channel: param("channel"),
            nickname: param("nickname"),
            token: param("token"),
        };
        let hard = crate::live::MAX_CHAT_CHARS * 4 + 1024;
        self.participant_socket(req, hard, move |host, ws, shutdown| {
            chat_socket::run(host, ws, request, shutdown)
        })
    }

    async fn admin(&self, req: Request<Incoming>, path: &str) -> Result<Response<Body>, ApiError> {
        if let Some(refused) = self.unauthorized(&req, "") {
            return Ok(refused);
        }
        let base = self.base_url(&req);
        // A peer's own request, answered from this node alone ([`peers`]).
        let local = query_param(&req, "local").is_some_and(|v| v == "true");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match (req.method().clone(), segments.as_slice()) {
            (Method::POST, ["experiments"]) => {
                let bytes = self
                    .read_body(req.into_body(), self.options.max_upload_bytes, "upload")
                    .await?;
                let (status, uploaded) = self.install(bytes, local).await?;
                tracing::info!(sha = %uploaded.experiment.sha, name = %uploaded.experiment.name, new = uploaded.new, "experiment uploaded");
                Ok(json(status, &uploaded))
            }
            (Method::GET, ["experiments"]) => {
                Ok(json(StatusCode::OK, &admin_api::experiments(&self.host)?))
            }
            (Method::GET, ["experiments", wanted, "component"]) => {
                let wanted = percent_encoding::percent_decode_str(wanted).decode_utf8_lossy();
                admin_api::component(&self.host, &wanted)
            }
            (Method::POST, ["sessions"]) => {
                let body = self
                    .read_body(req.into_body(), 64 * 1024, "request body")
                    .await?;
                let wanted = admin_api::new_session(&body)?;
                let session = self.create_session_with_peers(wanted, &base).await?;
                tracing::info!(session = %session.code, experiment = %session.name, participants = session.participants.len(), "session created");
                Ok(json(StatusCode::CREATED, &session))
            }
            (Method::GET, ["sessions"]) => {
                let (sessions, unreachable) = self.all_sessions(local).await?;
                let mut answer = json(StatusCode::OK, &sessions);
                if !unreachable.is_empty() {
                    let named = unreachable
                        .iter()
                        .map(|f| format!("{} ({})", f.peer, f.error))
                        .collect::<Vec<_>>()
                        .join("; ");
                    if let Ok(v) = hyper::header::HeaderValue::from_str(&named) {
                        answer.headers_mut().insert(peers::UNREACHABLE_HEADER, v);
                    }
                }
                Ok(answer)
            }
            (Method::GET, ["sessions", code]) => Ok(json(
                StatusCode::OK,
                &admin_api::session(&self.host, code, &base)?,
            )),
            (Method::GET, ["sessions", code, "export", file]) => {
                admin_api::export(&self.host, code, file)
            }
            (Method::GET, ["sessions", code, "admin-report"]) => {
                let (app, round) = (query_param(&req, "app"), query_param(&req, "round"));
                Ok(admin_report::admin_report(
                    &self.host,
                    &self.templates,
                    code,
                    app.as_deref(),
                    round.as_deref(),
                )
                .await)
            }
            (Method::GET, ["sessions", code, "custom-export", app, file]) => {
                admin_report::custom_export(&self.host, code, app, file).await
            }
            (Method::GET, ["sessions", code, "payments"]) => Ok(json(
                StatusCode::OK,
                &admin_api::payments(&self.host, code).await?,
            )),
            (Method::POST, ["sessions", code, "close"]) => {
                let closed = admin_api::close(&self.host, code).await?;
                tracing::info!(session = %code, "session closed by the experimenter");
                Ok(json(StatusCode::OK, &closed))
            }
            (Method::POST, ["sessions", session, "participants", code, "advance"]) => {
                let position = admin_api::advance(&self.host, session, code).await?;
                tracing::info!(session = %session, participant = position.participant_id, page = ?position.page, "participant moved on by the experimenter");
                Ok(json(StatusCode::OK, &position))
            }
            (method, _) => Err(ApiError::not_found(format!(
                "the admin API has no {method} /api/{path}: see README's \"Admin API\" for its routes"
            ))),
        }
    }
}
