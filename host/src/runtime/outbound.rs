//! Outbound HTTP for async live methods (`io.http-fetch`, `io.read-body`):
//! only to the hosts on the session's allowlist, with the secret headers
//! (API keys) the allowlist adds, which the experiment never sees.
//!
//! One request per connection (HTTP/1.1), `http://` or `https://` (rustls
//! with the Mozilla roots of `webpki-roots`). Bodies are read as they
//! arrive, chunk by chunk, each read an await of the guest.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;

/// A host an experiment may call, and the headers livehost adds to every
/// request to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedHost {
    /// `name` or `name:port` (the port when it is not the scheme's default).
    pub host: String,
    /// Added to every request to this host, replacing any the experiment
    /// set with the same name (e.g. `Authorization: Bearer ...`).
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

/// Where a session's experiment may send requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbound {
    pub allow: Vec<AllowedHost>,
}

/// Limits on outbound HTTP.
pub const MAX_REQUESTS_PER_CALL: usize = 16;
pub const MAX_BODY_BYTES: usize = 16 << 20;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(60);

/// A request as the guest asked for it.
pub struct OutboundRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A response's body, read as it arrives.
pub struct Body {
    incoming: Incoming,
    pending: Bytes,
    read: usize,
    done: bool,
}

impl Body {
    /// The next chunk, at most `max` bytes; `None` at the end.
    pub async fn read(&mut self, max: usize) -> Result<Option<Vec<u8>>, String> {
        let max = max.max(1);
        while self.pending.is_empty() && !self.done {
            match tokio::time::timeout(RESPONSE_TIMEOUT, self.incoming.frame()).await {
                Err(_) => return Err("the response body stalled for 60 s".into()),
                Ok(None) => self.done = true,
                Ok(Some(Err(e))) => return Err(format!("reading the response body failed: {e}")),
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.read += data.len();
                        if self.read > MAX_BODY_BYTES {
                            return Err(format!(
                                "the response body is larger than {MAX_BODY_BYTES} bytes"
                            ));
                        }
                        self.pending = data;
                    }
                }
            }
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let n = max.min(self.pending.len());
        Ok(Some(self.pending.split_to(n).to_vec()))
    }
}

fn authority_key(uri: &Uri) -> Option<String> {
    let host = uri.host()?;
    let default = if uri.scheme_str() == Some("https") {
        443
    } else {
        80
    };
    Some(match uri.port_u16() {
        Some(p) if p != default => format!("{host}:{p}"),
        _ => host.to_string(),
    })
}

fn tls_connector() -> Result<tokio_rustls::TlsConnector, String> {
    static CONFIG: std::sync::OnceLock<Result<Arc<rustls::ClientConfig>, String>> =
        std::sync::OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map(|b| Arc::new(b.with_root_certificates(roots).with_no_client_auth()))
        .map_err(|e| format!("TLS is not available: {e}"))
    });
    config.clone().map(tokio_rustls::TlsConnector::from)
}

impl Outbound {
    /// Sends `request` if its host is allowed; returns the status, the
    /// headers and the body to read.
    pub async fn fetch(
        &self,
        request: OutboundRequest,
    ) -> Result<(u16, Vec<(String, String)>, Body), String> {
        let uri: Uri = request
            .url
            .parse()
            .map_err(|_| format!("{:?} is not a URL", request.url))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => {
                return Err(format!(
                    "{:?}: only http:// and https:// URLs can be fetched",
                    request.url
                ));
            }
        };
        let key = authority_key(&uri).ok_or_else(|| format!("{:?} has no host", request.url))?;
        let Some(allowed) = self
            .allow
            .iter()
            .find(|a| a.host.eq_ignore_ascii_case(&key))
        else {
            return Err(format!(
                "{key} is not on this session's allowlist: the admin lists the hosts an experiment may call when creating the session"
            ));
        };
        let host = uri.host().unwrap_or_default().to_string();
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((host.as_str(), port)))
            .await
            .map_err(|_| format!("connecting to {key} timed out"))?
            .map_err(|e| format!("cannot connect to {key}: {e}"))?;
        let _ = tcp.set_nodelay(true);
        let method = hyper::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| format!("{:?} is not an HTTP method", request.method))?;
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(hyper::header::HOST, key.as_str());
        for (name, value) in &request.headers {
            if allowed
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
                || name.eq_ignore_ascii_case("host")
            {
                continue;
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        for (name, value) in &allowed.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let req = builder
            .body(Full::new(Bytes::from(request.body)))
            .map_err(|e| format!("the request is not valid: {e}"))?;
        let response = if https {
            let server_name = rustls::pki_types::ServerName::try_from(host.clone())
                .map_err(|_| format!("{host:?} is not a valid TLS server name"))?;
            let tls = tls_connector()?
                .connect(server_name, tcp)
                .await
                .map_err(|e| format!("TLS with {key} failed: {e}"))?;
            send(TokioIo::new(tls), req, &key).await?
        } else {
            send(TokioIo::new(tcp), req, &key).await?
        };
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok((
            status,
            headers,
            Body {
                incoming: response.into_body(),
                pending: Bytes::new(),
                read: 0,
                done: false,
            },
        ))
    }
}

async fn send<I>(
    io: I,
    req: Request<Full<Bytes>>,
    key: &str,
) -> Result<hyper::Response<Incoming>, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| format!("HTTP with {key} failed: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    tokio::time::timeout(RESPONSE_TIMEOUT, sender.send_request(req))
        .await
        .map_err(|_| format!("{key} did not answer within 60 s"))?
        .map_err(|e| format!("the request to {key} failed: {e}"))
}
