//! The other nodes of a cluster (`--peer`, docs/cluster.md). Sessions stay
//! on the node that made them; what a researcher sees of the cluster is put
//! together here:
//!
//! - the session list (admin API and console) has every node's sessions:
//!   this node's and each peer's, asked with `GET /api/sessions?local=true`;
//! - an experiment uploaded to one node is sent on to its peers
//!   (`POST /api/experiments?local=true`), so that the proxy may create a
//!   session of it on any node.
//!
//! `local=true` marks a peer's own request: it is answered from this node
//! alone, so no request goes round the cluster. Nodes call each other with
//! the admin token they share; a peer that does not answer within its
//! deadline is named in the answer, never waited for without end.

use std::time::Duration;

use bytes::Bytes;
use hyper::Method;
use serde::{Deserialize, Serialize};

use super::App;
use super::admin_api::{self, SessionSummary, Uploaded};
use super::client::{Answer, ClientError, peer_request};
use super::response::ApiError;

/// The header of a session list that misses the sessions of peers that did
/// not answer: each peer's address and why.
pub const UNREACHABLE_HEADER: &str = "livehost-unreachable-peers";

/// How long a peer may take to list its sessions.
const LIST_DEADLINE: Duration = Duration::from_secs(5);
/// How long a peer may take to take an upload (a Python experiment is
/// tens of MiB, and the peer compiles it before it answers).
const UPLOAD_DEADLINE: Duration = Duration::from_secs(300);

/// The peers this node was told about, and the token they share.
#[derive(Clone, Default)]
pub struct Peers {
    urls: Vec<String>,
    token: String,
}

/// A peer that did not answer, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PeerFailure {
    pub peer: String,
    pub error: String,
}

/// How an upload went on one peer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PeerUpload {
    pub peer: String,
    /// Whether the peer has the experiment now.
    pub installed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Why `--peer` was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    #[error(
        "--peer {0:?} is not a node's address: give each peer like http://10.0.0.2:8000 (its own address, not the proxy's)"
    )]
    BadUrl(String),
    #[error(
        "--peer needs the admin token itself (--admin-token or --admin-token-file, the same on every node): this node sends it to its peers"
    )]
    NoToken,
}

impl Peers {
    /// The peers at `urls`, called with `token`; `token` is needed only
    /// when there are peers.
    pub fn new(urls: &[String], token: Option<&str>) -> Result<Peers, PeerError> {
        if urls.is_empty() {
            return Ok(Peers::default());
        }
        let token = token.ok_or(PeerError::NoToken)?;
        let mut checked = Vec::with_capacity(urls.len());
        for url in urls {
            let trimmed = url.trim().trim_end_matches('/');
            let uri: hyper::Uri = trimmed
                .parse()
                .map_err(|_| PeerError::BadUrl(url.clone()))?;
            let path_free = matches!(uri.path(), "" | "/") && uri.query().is_none();
            if !matches!(uri.scheme_str(), Some("http" | "https"))
                || uri.authority().is_none()
                || !path_free
            {
                return Err(PeerError::BadUrl(url.clone()));
            }
            checked.push(trimmed.to_string());
        }
        Ok(Peers {
            urls: checked,
            token: token.to_string(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }

    /// Every peer's sessions, and the peers that did not answer.
    pub async fn sessions(&self) -> (Vec<SessionSummary>, Vec<PeerFailure>) {
        let asks = self.urls.iter().map(|peer| async move {
            let url = format!("{peer}/api/sessions?local=true");
            call(
                peer,
                LIST_DEADLINE,
                peer_request(Method::GET, &url, &self.token, None),
            )
            .await
            .and_then(|answer| json(peer, &answer))
            .and_then(|v| {
                serde_json::from_value::<Vec<SessionSummary>>(v).map_err(|e| PeerFailure {
                    peer: peer.clone(),
                    error: format!("its session list is not one this version reads: {e}"),
                })
            })
        });
        let mut sessions = Vec::new();
        let mut failures = Vec::new();
        for answer in futures_util::future::join_all(asks).await {
            match answer {
                Ok(list) => sessions.extend(list),
                Err(f) => failures.push(f),
            }
        }
        (sessions, failures)
    }

    /// Sends an uploaded component to every peer.
    pub async fn upload(&self, component: Bytes) -> Vec<PeerUpload> {
        let sends = self.urls.iter().map(|peer| {
            let component = component.to_vec();
            async move {
                let url = format!("{peer}/api/experiments?local=true");
                let sent = peer_request(
                    Method::POST,
                    &url,
                    &self.token,
                    Some(("application/wasm", component)),
                );
                match call(peer, UPLOAD_DEADLINE, sent)
                    .await
                    .and_then(|answer| json(peer, &answer))
                {
                    Ok(_) => PeerUpload {
                        peer: peer.clone(),
                        installed: true,
                        error: None,
                    },
                    Err(f) => PeerUpload {
                        peer: peer.clone(),
                        installed: false,
                        error: Some(f.error),
                    },
                }
            }
        });
        futures_util::future::join_all(sends).await
    }

    /// The component of the experiment `wanted` (a SHA, its start, or a
    /// name, as a new session names it) from the first peer that has it.
    pub async fn component(&self, wanted: &str) -> Option<(String, Bytes)> {
        let wanted =
            percent_encoding::utf8_percent_encode(wanted, percent_encoding::NON_ALPHANUMERIC);
        for peer in &self.urls {
            let url = format!("{peer}/api/experiments/{wanted}/component?local=true");
            let asked = peer_request(Method::GET, &url, &self.token, None);
            match call(peer, UPLOAD_DEADLINE, asked).await {
                Ok(answer) if answer.status.is_success() => {
                    return Some((peer.clone(), answer.body));
                }
                Ok(_) => {}
                Err(f) => {
                    tracing::warn!(peer = %f.peer, error = %f.error, "a peer was not asked for an experiment");
                }
            }
        }
        None
    }
}

/// The JSON of a peer's answer, or why it refused.
fn json(peer: &str, answer: &Answer) -> Result<serde_json::Value, PeerFailure> {
    answer.json().map_err(|e| PeerFailure {
        peer: peer.to_string(),
        error: e.to_string(),
    })
}

/// A call to `peer` within `deadline`.
async fn call<T>(
    peer: &str,
    deadline: Duration,
    request: impl Future<Output = Result<T, ClientError>>,
) -> Result<T, PeerFailure> {
    let failed = |error: String| PeerFailure {
        peer: peer.to_string(),
        error,
    };
    match tokio::time::timeout(deadline, request).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(failed(e.to_string())),
        Err(_) => Err(failed(format!("no answer within {} s", deadline.as_secs()))),
    }
}

impl App {
    /// The cluster's sessions (this node's alone with `local`, or without
    /// peers), and the peers that did not answer.
    pub(super) async fn all_sessions(
        &self,
        local: bool,
    ) -> Result<(Vec<SessionSummary>, Vec<PeerFailure>), ApiError> {
        let own = admin_api::sessions(&self.host)?;
        let peers = &self.options.peers;
        if local || peers.is_empty() {
            return Ok((own, Vec::new()));
        }
        let (theirs, unreachable) = peers.sessions().await;
        for f in &unreachable {
            tracing::warn!(peer = %f.peer, error = %f.error, "a peer did not list its sessions");
        }
        Ok((merge(own, theirs), unreachable))
    }

    /// Stores an uploaded component here and, unless `local`, on every peer.
    pub(super) async fn install(
        &self,
        component: Bytes,
        local: bool,
    ) -> Result<(hyper::StatusCode, Uploaded), ApiError> {
        let (status, mut uploaded) = admin_api::upload(&self.host, &component).await?;
        if !local && !self.options.peers.is_empty() {
            uploaded.peers = self.options.peers.upload(component).await;
            for p in uploaded.peers.iter().filter(|p| !p.installed) {
                tracing::warn!(peer = %p.peer, error = p.error.as_deref().unwrap_or(""), sha = %uploaded.experiment.sha, "a peer did not take an uploaded experiment");
            }
        }
        Ok((status, uploaded))
    }

    /// Creates the session `wanted` describes. An experiment this node does
    /// not have (it was down when it was uploaded) is first fetched from a
    /// peer that has it: the proxy may have picked any node.
    pub(super) async fn create_session_with_peers(
        &self,
        wanted: admin_api::NewSession,
        base_url: &str,
    ) -> Result<admin_api::SessionInfo, ApiError> {
        let name = wanted.experiment.trim();
        if let Err(missing) = admin_api::find_experiment(&self.host, name) {
            if missing.status != hyper::StatusCode::NOT_FOUND || self.options.peers.is_empty() {
                return Err(missing);
            }
            let Some((peer, component)) = self.options.peers.component(name).await else {
                return Err(ApiError::not_found(format!(
                    "{} (nor does any other node of the cluster have it)",
                    missing.text
                )));
            };
            let (_, got) = admin_api::upload(&self.host, &component).await?;
            tracing::info!(peer = %peer, sha = %got.experiment.sha, "experiment fetched from a peer for a new session");
        }
        admin_api::create(&self.host, wanted, base_url).await
    }
}

/// This node's sessions and its peers', each once (a peer list may name
/// this node too), in the order they were created.
pub fn merge(mut own: Vec<SessionSummary>, theirs: Vec<SessionSummary>) -> Vec<SessionSummary> {
    let mut seen: std::collections::HashSet<String> = own.iter().map(|s| s.code.clone()).collect();
    own.extend(theirs.into_iter().filter(|s| seen.insert(s.code.clone())));
    own.sort_by(|a, b| a.created_ms.cmp(&b.created_ms).then(a.code.cmp(&b.code)));
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peers_are_node_addresses_and_need_the_token() {
        let urls = |u: &[&str]| u.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(Peers::new(&[], None).unwrap().is_empty());
        assert!(matches!(
            Peers::new(&urls(&["http://10.0.0.2:8000"]), None),
            Err(PeerError::NoToken)
        ));
        let ok = Peers::new(
            &urls(&["http://10.0.0.2:8000/", "https://b.lab"]),
            Some("t"),
        )
        .unwrap();
        assert_eq!(ok.urls, ["http://10.0.0.2:8000", "https://b.lab"]);
        for bad in [
            "10.0.0.2:8000",
            "ftp://x",
            "http://x/api",
            "http://x/?a=1",
            "",
        ] {
            assert!(
                matches!(
                    Peers::new(&urls(&[bad]), Some("t")),
                    Err(PeerError::BadUrl(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn merged_lists_have_each_session_once_oldest_first() {
        let s = |code: &str, at: u64| SessionSummary {
            code: code.into(),
            experiment: "e".into(),
            name: "n".into(),
            participants: 2,
            created_ms: at,
            closed_ms: None,
            node: crate::live::NodeId::of_code(code).map(str::to_string),
        };
        let merged = merge(
            vec![s("a-1", 5), s("a-2", 9)],
            vec![s("b-1", 7), s("a-2", 9)],
        );
        let codes: Vec<_> = merged.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, ["a-1", "b-1", "a-2"]);
        assert_eq!(merged[1].node.as_deref(), Some("b"));
    }
}
