//! The admin API (`/api/...`), behind the bearer token: uploading
//! experiments and creating and watching sessions. Every answer is JSON;
//! every error is `{"error": text}` with a 4xx/5xx status.
//!
//! | method | path | body | answer |
//! |---|---|---|---|
//! | POST | `/api/experiments` | the component's `.wasm` bytes | 201 (200 if stored already) experiment |
//! | GET | `/api/experiments` | | list of experiments |
//! | POST | `/api/sessions` | `{"experiment": sha, sha prefix or name, "participants": n, "config": {..}?, "allow": [{"host": "api.example.org", "headers": {"Authorization": "Bearer .."}}]?}` | 201 session with participant links |
//! | GET | `/api/sessions` | | list of sessions |
//! | GET | `/api/sessions/{code}` | | session with each participant's page, group, connection, last activity |
//! | GET | `/api/sessions/{code}/export/{part}.{csv,json}` | | the part (`participants`, `state`, `rows`, `messages`), streamed ([`crate::export`]) |
//! | POST | `/api/sessions/{code}/participants/{participant code}/advance` | | the participant moved past their page without before-next: their new position |
//! | POST | `/api/sessions/{code}/close` | | the session closed for good: `{code, closed_ms}` |

use hyper::StatusCode;
use serde::{Deserialize, Serialize};

use super::response::ApiError;
use crate::experiment::ExperimentInfo;
use crate::live::{Livehost, SessionError, SessionOptions, UploadError};
use crate::store::{AllowedHost, Allowlist, ExperimentRecord, Scheme, SessionRecord};

/// An experiment as the API lists it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExperimentSummary {
    pub sha: String,
    pub name: String,
    pub players_per_group: u32,
    pub rounds: u32,
    pub pages: Vec<String>,
    pub size: u64,
    pub uploaded_ms: u64,
    /// An oTree project's session configs, in its order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_configs: Vec<ConfigSummary>,
}

/// A session config of an oTree project, as listed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfigSummary {
    pub name: String,
    pub display_name: String,
    pub app_sequence: Vec<String>,
    /// Its `num_demo_participants`: the size of a session created without one.
    #[serde(default)]
    pub num_demo_participants: Option<u32>,
}

impl From<&ExperimentRecord> for ExperimentSummary {
    fn from(r: &ExperimentRecord) -> Self {
        ExperimentSummary {
            sha: r.sha.clone(),
            name: r.info.name.clone(),
            players_per_group: r.info.players_per_group,
            rounds: r.info.rounds,
            pages: r.info.pages.iter().map(|p| p.name.clone()).collect(),
            size: r.size,
            uploaded_ms: r.uploaded_ms,
            session_configs: r
                .info
                .session_configs
                .iter()
                .map(|c| ConfigSummary {
                    name: c.name.clone(),
                    display_name: c.display_name().to_string(),
                    app_sequence: c.app_sequence.clone(),
                    num_demo_participants: c.demo_participants(),
                })
                .collect(),
        }
    }
}

/// The answer to an upload.
#[derive(Debug, Serialize, Deserialize)]
pub struct Uploaded {
    #[serde(flatten)]
    pub experiment: ExperimentSummary,
    /// False when these exact bytes were stored already.
    pub new: bool,
    pub info: ExperimentInfo,
    /// How the upload went on each of a cluster's other nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peers: Vec<super::peers::PeerUpload>,
}

/// `POST /api/sessions`.
#[derive(Debug, Serialize, Deserialize)]
pub struct NewSession {
    /// A SHA, a unique prefix of one (8 characters or more), or an
    /// experiment's name (its latest upload).
    pub experiment: String,
    /// How many participants; 0 or absent: the session config's
    /// `num_demo_participants`.
    #[serde(default)]
    pub participants: u32,
    /// An oTree project's session config, by name (its SESSION_CONFIGS);
    /// absent: its first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_config: Option<String>,
    /// The session's configuration, which the experiment reads as the
    /// session state key `config` (not for secrets). With a session
    /// config: changes to its values, e.g. `{"participation_fee": 5}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Hosts the experiment may send HTTP requests to (async live
    /// methods), each with headers livehost adds (API keys), which neither
    /// the experiment nor this API ever shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<AllowHost>,
}

/// One entry of a new session's outbound allowlist.
#[derive(Debug, Serialize, Deserialize)]
pub struct AllowHost {
    /// `name` or `name:port`.
    pub host: String,
    /// `https` (the default) or `http`: the one scheme requests may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    /// Whether the host may be a loopback, link-local or private address.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_addresses: bool,
}

impl AllowHost {
    fn check(self) -> Result<AllowedHost, ApiError> {
        let host = self.host.trim().to_ascii_lowercase();
        let authority = host
            .parse::<hyper::http::uri::Authority>()
            .ok()
            .filter(|_| !host.is_empty() && !host.contains('@'));
        let Some(authority) = authority else {
            return Err(ApiError::bad_request(format!(
                "{:?} is not a host for the allowlist: give a name or name:port, without scheme or path (e.g. \"api.openai.com\"; the scheme goes in \"scheme\")",
                self.host
            )));
        };
        let scheme = match self
            .scheme
            .as_deref()
            .map(|s| s.trim().to_ascii_lowercase())
        {
            None => Scheme::Https,
            Some(s) if s == "https" => Scheme::Https,
            Some(s) if s == "http" => Scheme::Http,
            Some(s) => {
                return Err(ApiError::bad_request(format!(
                    "{s:?} is not a scheme for the allowlist entry {host}: give \"https\" (the default) or \"http\""
                )));
            }
        };
        let name = authority.host();
        let ip = crate::web_client::ip_literal(name);
        if ip.is_some_and(|ip| !crate::web_client::is_public(ip)) && !self.private_addresses {
            return Err(ApiError::bad_request(format!(
                "{host} is not a public address: if the experiment is meant to call a server of the lab's own network, give the entry \"private_addresses\": true"
            )));
        }
        if scheme == Scheme::Http
            && !self.headers.is_empty()
            && !crate::web_client::is_this_machine(name)
        {
            return Err(ApiError::bad_request(format!(
                "the headers for {host} would go over plain HTTP, where anyone on the way can read them: give the entry \"scheme\": \"https\" (headers go over http only to this machine's loopback: localhost, 127.0.0.1 or ::1)"
            )));
        }
        let mut headers = Vec::new();
        for (name, value) in self.headers {
            if hyper::header::HeaderName::from_bytes(name.as_bytes()).is_err()
                || hyper::header::HeaderValue::from_str(&value).is_err()
            {
                return Err(ApiError::bad_request(format!(
                    "the header {name:?} for {host} is not a valid HTTP header"
                )));
            }
            headers.push((name, value));
        }
        Ok(AllowedHost {
            host,
            scheme,
            headers,
            private_addresses: self.private_addresses,
        })
    }
}

/// A participant as the API shows it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ParticipantInfo {
    pub participant_id: u32,
    pub group_id: u32,
    pub id_in_group: u32,
    pub code: String,
    /// The participant's page link.
    pub link: String,
    /// Their current page (committed position); `None` once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default)]
    pub round: u32,
    #[serde(default)]
    pub finished: bool,
    /// Open page views (tabs) on this host now.
    #[serde(default)]
    pub connected: usize,
    /// Last page load or live message, ms since the Unix epoch.
    #[serde(default)]
    pub last_activity_ms: Option<u64>,
    /// Last live message (since the host started), ms since the Unix epoch.
    #[serde(default)]
    pub last_message_ms: Option<u64>,
}

/// A session as the API shows it.
#[derive(Debug, Serialize, Deserialize)]
pub struct SessionInfo {
    pub code: String,
    pub experiment: String,
    pub name: String,
    pub created_ms: u64,
    /// When the experimenter closed it (none: open).
    #[serde(default)]
    pub closed_ms: Option<u64>,
    /// The session's room link: one address for everybody, each arrival
    /// handed the next participant nobody uses yet.
    #[serde(default)]
    pub room: String,
    /// The hosts on the session's outbound allowlist, as `scheme://host`
    /// (their headers are never shown).
    #[serde(default)]
    pub allow: Vec<String>,
    /// The session config it plays (an oTree project's), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_config: Option<String>,
    pub participants: Vec<ParticipantInfo>,
    /// Its apps with an admin report (`admin-report?app=...&round=...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admin_reports: Vec<AdminReportInfo>,
    /// Its apps' own export tables (`custom-export/{app}/{function}.csv`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_exports: Vec<CustomExportInfo>,
}

/// An app of a session with an admin report.
#[derive(Debug, Serialize, Deserialize)]
pub struct AdminReportInfo {
    pub app: String,
    pub rounds: u32,
}

/// One of a session's custom export tables.
#[derive(Debug, Serialize, Deserialize)]
pub struct CustomExportInfo {
    pub app: String,
    pub function: String,
}

/// A session in the list.
#[derive(Debug, Serialize, Deserialize)]
pub struct SessionSummary {
    pub code: String,
    pub experiment: String,
    pub name: String,
    pub participants: u32,
    pub created_ms: u64,
    /// When the experimenter closed it (none: open).
    #[serde(default)]
    pub closed_ms: Option<u64>,
    /// The node of a cluster that keeps it (none: a single host's).
    #[serde(default)]
    pub node: Option<String>,
}

fn store_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e)
}

/// Stores an uploaded component after checking it and its page templates.
pub async fn upload(host: &Livehost, bytes: &[u8]) -> Result<(StatusCode, Uploaded), ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::bad_request(
            "the request body is empty: send the bytes of the experiment's .wasm component",
        ));
    }
    let (record, new) = host
        .add_experiment_checked(bytes)
        .await
        .map_err(|e| match e {
            UploadError::Store(e) => store_error(e),
            other => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
        })?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Uploaded {
            experiment: ExperimentSummary::from(&record),
            new,
            info: record.info,
            peers: Vec::new(),
        },
    ))
}

pub fn experiments(host: &Livehost) -> Result<Vec<ExperimentSummary>, ApiError> {
    Ok(host
        .experiments()
        .map_err(store_error)?
        .iter()
        .map(ExperimentSummary::from)
        .collect())
}

/// Finds an experiment by SHA, SHA prefix or name.
pub(crate) fn find_experiment(host: &Livehost, wanted: &str) -> Result<ExperimentRecord, ApiError> {
    let all = host.experiments().map_err(store_error)?;
    if let Some(r) = all.iter().find(|r| r.sha == wanted) {
        return Ok(r.clone());
    }
    if wanted.len() >= 8 {
        let matches: Vec<_> = all.iter().filter(|r| r.sha.starts_with(wanted)).collect();
        match matches.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => {}
            _ => {
                return Err(ApiError::bad_request(format!(
                    "{wanted:?} is the start of {} experiments' SHAs: give more of it",
                    matches.len()
                )));
            }
        }
    }
    // By name: the latest upload (the list is oldest first).
    all.iter()
        .rev()
        .find(|r| r.info.name == wanted)
        .cloned()
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no experiment has the SHA or name {wanted:?}: GET /api/experiments lists them, or upload it first"
            ))
        })
}

/// The body of `POST /api/sessions`.
pub fn new_session(body: &[u8]) -> Result<NewSession, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not a new session ({e}): send {{\"experiment\": \"<sha or name>\", \"participants\": <n>}}"
        ))
    })
}

/// `GET /api/experiments/{wanted}/component`: the component's bytes (a
/// cluster's node fetching an experiment it missed).
pub fn component(
    host: &Livehost,
    wanted: &str,
) -> Result<hyper::Response<super::response::Body>, ApiError> {
    let record = find_experiment(host, wanted)?;
    let bytes = host
        .store()
        .experiment_bytes(&record.sha)
        .map_err(store_error)?
        .ok_or_else(|| {
            ApiError::not_found(format!("the component of {} is not stored", record.sha))
        })?;
    Ok(super::response::bytes("application/wasm", bytes))
}

/// Creates the session `wanted` describes (the console's form too).
pub async fn create(
    host: &Livehost,
    wanted: NewSession,
    base_url: &str,
) -> Result<SessionInfo, ApiError> {
    let experiment = find_experiment(host, wanted.experiment.trim())?;
    let allow = wanted
        .allow
        .into_iter()
        .map(AllowHost::check)
        .collect::<Result<Vec<_>, _>>()?;
    let session_config = wanted
        .session_config
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty());
    let options = SessionOptions {
        config_name: session_config,
        config: wanted.config,
        allowlist: Allowlist { allow },
        ..Default::default()
    };
    let created = host
        .create_session_with(&experiment.sha, wanted.participants, options)
        .await
        .map_err(|e| match e {
            SessionError::Store(e) => store_error(e),
            SessionError::Load(_) => store_error(e),
            other => ApiError::bad_request(other.to_string()),
        })?;
    session(host, &created.code, base_url)
}

pub fn sessions(host: &Livehost) -> Result<Vec<SessionSummary>, ApiError> {
    let names = experiment_names(host)?;
    Ok(host
        .sessions()
        .map_err(store_error)?
        .into_iter()
        .map(|s: SessionRecord| SessionSummary {
            name: names.get(&s.experiment).cloned().unwrap_or_default(),
            node: crate::live::NodeId::of_code(&s.code).map(str::to_string),
            code: s.code,
            experiment: s.experiment,
            participants: s.participants,
            created_ms: s.created_ms,
            closed_ms: s.closed_ms,
        })
        .collect())
}

fn experiment_names(
    host: &Livehost,
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    Ok(host
        .experiments()
        .map_err(store_error)?
        .into_iter()
        .map(|r| (r.sha, r.info.name))
        .collect())
}

/// The session's record; 404 if there is none.
pub fn find_session(host: &Livehost, code: &str) -> Result<SessionRecord, ApiError> {
    host.session(code).map_err(store_error)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "no session has the code {code:?}: GET /api/sessions lists them"
        ))
    })
}

pub fn session(host: &Livehost, code: &str, base_url: &str) -> Result<SessionInfo, ApiError> {
    let record = find_session(host, code)?;
    let experiment = host
        .experiment_record(&record.experiment)
        .map_err(store_error)?
        .ok_or_else(|| {
            ApiError::internal("the session's experiment is missing from the data file")
        })?;
    let info = &experiment.info;
    // The session's apps (every app, for a session of no config).
    let apps: Vec<(String, u32)> = info
        .app_list()
        .iter()
        .filter(|a| record.apps.is_empty() || record.apps.contains(&a.name))
        .map(|a| (a.name.clone(), a.rounds))
        .collect();
    let views = &info.admin_views;
    let admin_reports = apps
        .iter()
        .filter(|(a, _)| views.admin_reports.contains(a))
        .map(|(app, rounds)| AdminReportInfo {
            app: app.clone(),
            rounds: *rounds,
        })
        .collect();
    let custom_exports = views
        .custom_exports
        .iter()
        .filter(|(a, _)| apps.iter().any(|(app, _)| app == a))
        .map(|(app, function)| CustomExportInfo {
            app: app.clone(),
            function: function.clone(),
        })
        .collect();
    let participants = host
        .session_participants(code)
        .map_err(store_error)?
        .into_iter()
        .map(|p| {
            let presence = host.page_views().presence(&p.code);
            ParticipantInfo {
                link: format!("{base_url}/p/{}", p.code),
                page: if p.finished {
                    None
                } else {
                    info.page(p.page_index).map(|pg| pg.name.clone())
                },
                round: p.round,
                finished: p.finished,
                connected: presence.connected,
                last_activity_ms: presence.last_activity_ms,
                last_message_ms: presence.last_message_ms,
                participant_id: p.participant_id,
                group_id: p.group_id,
                id_in_group: p.id_in_group,
                code: p.code,
            }
        })
        .collect();
    Ok(SessionInfo {
        code: record.code,
        name: info.name.clone(),
        experiment: record.experiment,
        created_ms: record.created_ms,
        closed_ms: record.closed_ms,
        room: format!("{base_url}/room/{code}"),
        allow: record
            .allowlist
            .allow
            .iter()
            .map(AllowedHost::origin)
            .collect(),
        session_config: record.config_name,
        participants,
        admin_reports,
        custom_exports,
    })
}

/// `GET /api/sessions/{code}/payments`: what to pay each participant.
pub async fn payments(host: &Livehost, code: &str) -> Result<crate::live::Payments, ApiError> {
    host.payments(code).await.map_err(|e| match e {
        SessionError::UnknownSession(_) => ApiError::not_found(e.to_string()),
        SessionError::Store(e) => store_error(e),
        other => ApiError::bad_request(other.to_string()),
    })
}

/// `GET /api/sessions/{code}/export/{part}.{format}`: the part, streamed
/// from a blocking task through a small queue (a slow download holds the
/// export back instead of filling memory).
pub fn export(
    host: &Livehost,
    code: &str,
    file: &str,
) -> Result<hyper::Response<super::response::Body>, ApiError> {
    use crate::export::{ExportError, Format, Part};
    let (part, format) = file.rsplit_once('.').ok_or_else(|| {
        ApiError::not_found(format!(
            "there is no export {file:?}: ask for participants, state, rows or messages, as .csv or .json (e.g. messages.csv)"
        ))
    })?;
    let part: Part = part
        .parse()
        .map_err(|e: ExportError| ApiError::not_found(e.to_string()))?;
    let format: Format = format
        .parse()
        .map_err(|e: ExportError| ApiError::not_found(e.to_string()))?;
    match host.check_export(code) {
        Ok(()) => {}
        Err(e @ ExportError::UnknownSession(_)) => return Err(ApiError::not_found(e.to_string())),
        Err(e) => return Err(ApiError::internal(e)),
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(4);
    let session = code.to_string();
    let host = host.clone();
    tokio::task::spawn_blocking(move || {
        let mut sink = |chunk: Vec<u8>| {
            tx.blocking_send(Ok(bytes::Bytes::from(chunk)))
                .map_err(|_| ExportError::Abandoned)
        };
        match host.export(&session, part, format, &mut sink) {
            Ok(()) | Err(ExportError::Abandoned) => {}
            Err(e) => {
                tracing::error!(session = %session, part = part.name(), error = %e, "an export failed");
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            }
        }
    });
    let filename = format!("{code}-{}.{}", part.name(), format.extension());
    Ok(super::response::download(
        format.content_type(),
        &filename,
        rx,
    ))
}

/// `POST /api/sessions/{session}/participants/{code}/advance`: moves a
/// stuck participant past their page (logged as an `admin` message).
pub async fn advance(
    host: &Livehost,
    session: &str,
    code: &str,
) -> Result<crate::live::Position, ApiError> {
    use crate::live::{AdvanceError, LiveError};
    host.admin_advance(session, code).await.map_err(|e| match e {
        AdvanceError::Live(LiveError::UnknownParticipant) => ApiError::not_found(format!(
            "session {session:?} has no participant with code {code:?}: `livehost session show {session}` lists its participants"
        )),
        AdvanceError::Live(LiveError::SessionClosed) => ApiError::new(
            StatusCode::CONFLICT,
            format!("session {session:?} is closed: nobody moves on in it any more"),
        ),
        AdvanceError::Live(LiveError::Finished) => ApiError::new(
            StatusCode::CONFLICT,
            format!("participant {code:?} has finished the experiment: there is no page to move them past"),
        ),
        AdvanceError::Live(e @ (LiveError::Busy | LiveError::Store(_))) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the participant could not be moved on now ({e}): try again in a moment"),
        ),
        other => ApiError::internal(format!("the participant could not be moved on: {other}")),
    })
}

/// `POST /api/sessions/{code}/close`: closes the session for good (logged
/// as an `admin` message); closing it again changes nothing.
pub async fn close(host: &Livehost, code: &str) -> Result<serde_json::Value, ApiError> {
    match host.close_session(code).await {
        Ok(closed_ms) => Ok(serde_json::json!({ "code": code, "closed_ms": closed_ms })),
        Err(e @ SessionError::UnknownSession(_)) => Err(ApiError::not_found(e.to_string())),
        Err(e) => Err(ApiError::internal(format!(
            "the session could not be closed: {e}"
        ))),
    }
}
