//! The researcher console at `/admin`: plain HTML pages rendered here,
//! forms that post back here, and a little JavaScript
//! (`assets/console/console.js`) for the upload's progress and the live
//! monitor. Behind a login made with the admin token ([`console_login`]).
//!
//! | method | path | what |
//! |---|---|---|
//! | GET, POST | `/admin/login` | the login form; posting the token sets the login cookie |
//! | POST | `/admin/logout` | ends the login |
//! | GET | `/admin/experiments` | the uploaded versions, and the upload |
//! | POST | `/admin/experiments` | an upload (the script's; answers JSON as the admin API) |
//! | GET, POST | `/admin/sessions` | the sessions; posting creates one |
//! | GET | `/admin/sessions/{code}` | a session: links, the monitor, the message log, downloads |
//! | GET | `/admin/sessions/{code}/live?group=g` | the monitor's websocket ([`session_monitor`]) |
//! | GET | `/admin/sessions/{code}/export/{part}.{csv,json}` | a download ([`crate::export`]) |
//! | POST | `/admin/sessions/{code}/close` | closes the session |
//! | POST | `/admin/sessions/{code}/participants/{p}/advance` | moves a participant past their page |
//!
//! Every POST but the login's must carry the login's CSRF token.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::header::{CACHE_CONTROL, HeaderValue, SET_COOKIE};
use hyper::{Method, Request, Response, StatusCode};
use minijinja::value::Serde;
use minijinja::{Value, context};

use super::console_login::{self, CSRF_FIELD, CSRF_HEADER, Login};
use super::response::{ApiError, Body, json, see_other};
use super::{App, admin_api, session_monitor};
use crate::export::{Format, Part};

/// A console page's answer.
type Answer = Response<Body>;

/// Why a request whose `Origin` is not this host was refused.
const ORIGIN_REFUSED: &str = "This request came from a page at another address than this host's (its Origin), so it was refused: open the console at the address you use for it and try again. Behind a reverse proxy, pass the Host header on unchanged or start livehost with --public-url.";

fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `path?name=text` (or `path?...&name=text`), the text URL-encoded.
fn with_query(path: &str, name: &str, text: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(name, text)
        .finish();
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}{query}")
}

impl App {
    /// Whether the login cookie gets `Secure`: when the request came in
    /// at the https public URL (not, say, through an SSH tunnel over
    /// plain http, where a browser would drop a `Secure` cookie).
    fn secure_cookies(&self, headers: &hyper::HeaderMap) -> bool {
        let host = headers
            .get(hyper::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        // Host names only: a proxy may drop the port (nginx's `$host`).
        let name = |authority: &str| {
            let authority = authority.split('/').next().unwrap_or("");
            match authority.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_string(),
                _ => authority.to_string(),
            }
            .to_ascii_lowercase()
        };
        self.options
            .public_url
            .as_deref()
            .and_then(|u| u.strip_prefix("https://"))
            .is_some_and(|authority| !host.is_empty() && name(authority) == name(host))
    }

    fn console_page(&self, status: StatusCode, name: &str, ctx: Value) -> Answer {
        let mut r = self.templates.host_page(status, name, ctx);
        let h = r.headers_mut();
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // No other site may show the console in a frame.
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
        h.insert(
            "content-security-policy",
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        r
    }

    fn login_page(&self, status: StatusCode, error: Option<&str>) -> Answer {
        self.console_page(status, "console/login.html", context! { error })
    }

    /// Routes `/admin/...`.
    pub(super) async fn console(self: &Arc<Self>, req: Request<Incoming>) -> Answer {
        let path = req.uri().path().to_string();
        let segments: Vec<&str> = path
            .strip_prefix("/admin")
            .unwrap_or(&path)
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let method = req.method().clone();
        let login = self.logins.find(req.headers());
        match (&method, segments.as_slice(), login) {
            (&Method::GET, [], Some(_)) => see_other("/admin/sessions"),
            (&Method::GET, ["login"], Some(_)) => see_other("/admin/sessions"),
            (&Method::GET, [] | ["login"], None) => self.login_page(StatusCode::OK, None),
            (&Method::POST, ["login"], _) => self.log_in(req).await,
            (&Method::GET, _, None) => see_other("/admin/login"),
            (_, _, None) if req.headers().contains_key(CSRF_HEADER) => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "your console login has ended: reload the page and log in again",
            )
            .response(),
            (_, _, None) => self.login_page(
                StatusCode::UNAUTHORIZED,
                Some("You are not logged in (or your login has ended): log in again."),
            ),
            (_, _, Some(login)) => self.logged_in(req, &segments, &login).await,
        }
    }

    async fn log_in(&self, req: Request<Incoming>) -> Answer {
        if !console_login::same_origin(req.headers(), self.options.public_url.as_deref(), false) {
            return self.login_page(StatusCode::FORBIDDEN, Some(ORIGIN_REFUSED));
        }
        let secure = self.secure_cookies(req.headers());
        if !self.per_address.login_attempt(self.client(&req)) {
            tracing::warn!("console logins refused: too many attempts from one address");
            return self.login_page(
                StatusCode::TOO_MANY_REQUESTS,
                Some(&format!(
                    "Too many login attempts from your address: wait a minute and try again (at most {} a minute).",
                    super::per_address::LOGINS_PER_WINDOW
                )),
            );
        }
        let body = match self
            .read_body(req.into_body(), 16 * 1024, "login form")
            .await
        {
            Ok(b) => b,
            Err(e) => return self.login_page(e.status, Some(&e.text)),
        };
        let fields = form_fields(&body);
        let token = field(&fields, "token").unwrap_or("");
        if token.trim().is_empty() {
            return self.login_page(
                StatusCode::BAD_REQUEST,
                Some("Enter the admin token: livehost wrote it to a file beside its data file at its first start (`<data file>.admin-token`), or it was started with --admin-token."),
            );
        }
        if !self.options.admin_token.matches(token) {
            tracing::warn!("a console login with a wrong admin token");
            return self.login_page(
                StatusCode::UNAUTHORIZED,
                Some("That is not the admin token: use the one in `<data file>.admin-token`, or the one livehost was started with."),
            );
        }
        let (id, _) = self.logins.start();
        let mut r = see_other("/admin/sessions");
        if let Some(cookie) = console_login::login_cookie(&id, secure) {
            r.headers_mut().insert(SET_COOKIE, cookie);
        }
        tracing::info!("console login");
        r
    }

    async fn logged_in(
        self: &Arc<Self>,
        req: Request<Incoming>,
        segments: &[&str],
        login: &Login,
    ) -> Answer {
        let base = self.base_url(&req);
        let method = req.method().clone();
        if method != Method::GET {
            if !console_login::same_origin(req.headers(), self.options.public_url.as_deref(), false)
            {
                return self.console_error(StatusCode::FORBIDDEN, ORIGIN_REFUSED, login);
            }
            // Scripts send the token as a header; forms as a field.
            let sent = req
                .headers()
                .get(CSRF_HEADER)
                .map(|v| v.to_str().unwrap_or("").to_string());
            if let Some(sent) = sent {
                if !login.csrf_matches(&sent) {
                    return ApiError::new(
                        StatusCode::FORBIDDEN,
                        "the console's CSRF token is missing or wrong: reload the page and try again",
                    )
                    .response();
                }
                return match (&method, segments) {
                    (&Method::POST, ["experiments"]) => self.upload(req).await,
                    _ => ApiError::not_found(format!(
                        "the console has no {method} {} for scripts",
                        req.uri().path()
                    ))
                    .response(),
                };
            }
        }
        match (&method, segments) {
            (&Method::GET, ["experiments"]) => self.experiments_page(login),
            (&Method::GET, ["sessions"]) => {
                let error = super::query_param(&req, "error");
                self.sessions_page(login, StatusCode::OK, error.as_deref())
                    .await
            }
            (&Method::GET, ["sessions", code]) => {
                let note = super::query_param(&req, "note");
                let error = super::query_param(&req, "error");
                // oTree's Payments view: what to pay each participant.
                let payments = self.host.payments(code).await.ok();
                self.session_page(
                    login,
                    code,
                    &base,
                    note.as_deref(),
                    error.as_deref(),
                    payments,
                )
            }
            (&Method::GET, ["sessions", code, "live"]) => {
                self.monitor_socket(req, login, code.to_string(), base)
            }
            (&Method::GET, ["sessions", code, "export", file]) => {
                admin_api::export(&self.host, code, file)
                    .unwrap_or_else(|e| self.console_error(e.status, &e.text, login))
            }
            (&Method::GET, ["sessions", code, "report"]) => {
                let (app, round) = (
                    super::query_param(&req, "app"),
                    super::query_param(&req, "round"),
                );
                super::admin_report::admin_report(
                    &self.host,
                    &self.templates,
                    code,
                    app.as_deref(),
                    round.as_deref(),
                )
                .await
            }
            (&Method::GET, ["sessions", code, "custom-export", app, file]) => {
                super::admin_report::custom_export(&self.host, code, app, file)
                    .await
                    .unwrap_or_else(|e| self.console_error(e.status, &e.text, login))
            }
            (&Method::POST, _) => {
                let body = match self.read_body(req.into_body(), 64 * 1024, "form").await {
                    Ok(b) => b,
                    Err(e) => return self.console_error(e.status, &e.text, login),
                };
                let fields = form_fields(&body);
                if !field(&fields, CSRF_FIELD).is_some_and(|s| login.csrf_matches(s)) {
                    return self.console_error(
                        StatusCode::FORBIDDEN,
                        "This form was not sent by the console's own page (its CSRF token is missing or old): reload the page and send it again.",
                        login,
                    );
                }
                self.form(segments, &fields, &base, login).await
            }
            _ => self.console_error(
                StatusCode::NOT_FOUND,
                "The console has no page at this address.",
                login,
            ),
        }
    }

    /// The console's forms (the CSRF token already checked).
    async fn form(
        &self,
        segments: &[&str],
        fields: &[(String, String)],
        base: &str,
        login: &Login,
    ) -> Answer {
        match segments {
            ["logout"] => {
                self.logins.end(login);
                tracing::info!("console logout");
                let mut r = see_other("/admin/login");
                r.headers_mut()
                    .insert(SET_COOKIE, console_login::logout_cookie());
                r
            }
            ["sessions"] => match self.create_session(fields, base).await {
                Ok(code) => see_other(&format!("/admin/sessions/{code}")),
                Err(e) => self.sessions_page(login, e.status, Some(&e.text)).await,
            },
            ["sessions", code, "close"] => {
                let to = format!("/admin/sessions/{code}");
                match admin_api::close(&self.host, code).await {
                    Ok(_) => {
                        tracing::info!(session = %code, "session closed from the console");
                        see_other(&with_query(&to, "note", "The session is closed."))
                    }
                    Err(e) => see_other(&with_query(&to, "error", &e.text)),
                }
            }
            ["sessions", session, "participants", code, "advance"] => {
                // Back to the log of the group that was shown.
                let to = match field(fields, "group").and_then(|g| g.parse::<u32>().ok()) {
                    Some(g) => format!("/admin/sessions/{session}?group={g}"),
                    None => format!("/admin/sessions/{session}"),
                };
                match admin_api::advance(&self.host, session, code).await {
                    Ok(p) => {
                        let at = match &p.page {
                            Some(page) => format!("round {}, page {page}", p.round),
                            None => "the end (finished)".to_string(),
                        };
                        tracing::info!(session = %session, participant = p.participant_id, "participant moved on from the console");
                        see_other(&with_query(
                            &to,
                            "note",
                            &format!("Participant {} moved on to {at}.", p.participant_id),
                        ))
                    }
                    Err(e) if e.status == StatusCode::NOT_FOUND => see_other(&with_query(
                        &to,
                        "error",
                        "This session has no such participant: reload the page.",
                    )),
                    Err(e) => see_other(&with_query(&to, "error", &e.text)),
                }
            }
            _ => self.console_error(
                StatusCode::NOT_FOUND,
                "The console takes no form at this address.",
                login,
            ),
        }
    }

    fn console_error(&self, status: StatusCode, text: &str, login: &Login) -> Answer {
        self.console_page(
            status,
            "console/error.html",
            context! { csrf => &login.csrf, error => text },
        )
    }

    async fn upload(&self, req: Request<Incoming>) -> Answer {
        let bytes = match self
            .read_body(req.into_body(), self.options.max_upload_bytes, "upload")
            .await
        {
            Ok(b) => b,
            Err(e) => return e.response(),
        };
        match self.install(bytes, false).await {
            Ok((status, uploaded)) => {
                tracing::info!(sha = %uploaded.experiment.sha, name = %uploaded.experiment.name, new = uploaded.new, "experiment uploaded from the console");
                json(status, &uploaded)
            }
            Err(e) => e.response(),
        }
    }

    fn experiments_page(&self, login: &Login) -> Answer {
        let mut experiments = match admin_api::experiments(&self.host) {
            Ok(l) => l,
            Err(e) => return self.console_error(e.status, &e.text, login),
        };
        // Newest first.
        experiments.reverse();
        self.console_page(
            StatusCode::OK,
            "console/experiments.html",
            context! {
                csrf => &login.csrf,
                section => "experiments",
                experiments => Serde(&experiments),
                max_upload_mib => self.options.max_upload_bytes / (1024 * 1024),
                max_upload_bytes => self.options.max_upload_bytes,
            },
        )
    }

    async fn sessions_page(
        &self,
        login: &Login,
        status: StatusCode,
        error: Option<&str>,
    ) -> Answer {
        let (mut experiments, (mut sessions, unreachable)) = match (
            admin_api::experiments(&self.host),
            self.all_sessions(false).await,
        ) {
            (Ok(e), Ok(s)) => (e, s),
            (Err(e), _) | (_, Err(e)) => return self.console_error(e.status, &e.text, login),
        };
        let clustered = sessions.iter().any(|s| s.node.is_some());
        // Newest first.
        experiments.reverse();
        sessions.reverse();
        self.console_page(
            status,
            "console/sessions.html",
            context! {
                csrf => &login.csrf,
                section => "sessions",
                experiments => Serde(&experiments),
                sessions => Serde(&sessions),
                clustered,
                unreachable => Serde(&unreachable),
                error,
            },
        )
    }

    async fn create_session(
        &self,
        fields: &[(String, String)],
        base: &str,
    ) -> Result<String, ApiError> {
        // An oTree project's choice is `<sha>#<session config>`.
        let choice = field(fields, "experiment").unwrap_or("").trim();
        let (experiment, session_config) = match choice.split_once('#') {
            Some((sha, config)) => (sha, Some(config.to_string())),
            None => (choice, None),
        };
        if experiment.is_empty() {
            return Err(ApiError::bad_request(
                "Choose an experiment (upload one on the Experiments page first).",
            ));
        }
        // Left empty: the session config's num_demo_participants.
        let participants: u32 = match field(fields, "participants").unwrap_or("").trim() {
            "" => 0,
            n => n.parse().map_err(|_| {
                ApiError::bad_request("The number of participants must be a whole number, e.g. 4.")
            })?,
        };
        let config = match field(fields, "config").map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(serde_json::from_str::<serde_json::Value>(text).map_err(|e| {
                ApiError::bad_request(format!(
                    "The configuration is not JSON ({e}): write an object such as {{\"endowment\": 100}}, or leave it empty."
                ))
            })?),
        };
        let wanted = admin_api::NewSession {
            experiment: experiment.to_string(),
            participants,
            session_config,
            config,
            allow: Vec::new(),
        };
        let session = self.create_session_with_peers(wanted, base).await?;
        tracing::info!(session = %session.code, experiment = %session.name, participants = session.participants.len(), "session created from the console");
        Ok(session.code)
    }

    fn session_page(
        &self,
        login: &Login,
        code: &str,
        base: &str,
        note: Option<&str>,
        error: Option<&str>,
        payments: Option<crate::live::Payments>,
    ) -> Answer {
        let info = match admin_api::session(&self.host, code, base) {
            Ok(i) => i,
            Err(e) if e.status == StatusCode::NOT_FOUND => {
                return self.console_error(
                    e.status,
                    &format!("There is no session {code:?}: the Sessions page lists them."),
                    login,
                );
            }
            Err(e) => return self.console_error(e.status, &e.text, login),
        };
        let groups: Vec<u32> = {
            let mut g: Vec<u32> = info.participants.iter().map(|p| p.group_id).collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        let downloads: Vec<Value> = Part::ALL
            .iter()
            .map(|part| {
                let files: Vec<Value> = [Format::Csv, Format::Json]
                    .iter()
                    .map(|f| {
                        let file = format!("{}.{}", part.name(), f.extension());
                        context! {
                            href => format!("/admin/sessions/{code}/export/{file}"),
                            file => format!("{code}-{file}"),
                            label => f.extension().to_uppercase(),
                        }
                    })
                    .collect();
                context! { part => part.name(), files }
            })
            .collect();
        self.console_page(
            StatusCode::OK,
            "console/session.html",
            context! {
                csrf => &login.csrf,
                section => "sessions",
                figures => Serde(&self.host.metrics().session(code)),
                page_views_open => info.participants.iter().map(|p| p.connected).sum::<usize>(),
                session => Serde(&info),
                groups,
                downloads,
                payments => payments.map(Serde),
                note,
                error,
            },
        )
    }

    /// `GET /admin/sessions/{code}/live`: the monitor's websocket.
    fn monitor_socket(
        self: &Arc<Self>,
        req: Request<Incoming>,
        login: &Login,
        code: String,
        base: String,
    ) -> Answer {
        if !console_login::same_origin(req.headers(), self.options.public_url.as_deref(), true) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "the monitor's websocket opens only from the console's own page",
            )
            .response();
        }
        if let Err(e) = admin_api::find_session(&self.host, &code) {
            return e.response();
        }
        let group = match super::query_param(&req, "group").as_deref() {
            None | Some("") | Some("all") => None,
            Some(g) => match g.parse::<u32>() {
                Ok(g) if g > 0 => Some(g),
                _ => {
                    return ApiError::bad_request(
                        "group must be a group's number (1, 2, ...) or \"all\"",
                    )
                    .response();
                }
            },
        };
        let app = self.clone();
        let login = login.clone();
        super::websocket(req, None, move |ws| async move {
            let host = app.host.clone();
            let shutdown = app.shutdown.clone();
            let logins = app.logins.clone();
            let _open = app.sockets_open.clone();
            // The monitor must not hold the app: serving ends when it drops.
            drop(app);
            session_monitor::run(
                host,
                ws,
                session_monitor::Watch {
                    session: code,
                    group,
                    base_url: base,
                },
                move || logins.active(&login),
                shutdown,
            )
            .await;
        })
    }
}
