//! The CLI's requests to a host's admin API (`upload`, `session`,
//! `export`; the tests use it too), sent with livehost's one HTTP client
//! ([`crate::web_client`]): `http://` for the host itself or an SSH tunnel,
//! `https://` for a lab's reverse proxy. The admin token goes over plain
//! HTTP only to this machine (an SSH tunnel's end is one).

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE};
use hyper::{Method, Request, StatusCode, Uri};

use crate::web_client;

/// Why a request to the admin API failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "{0:?} is not an http:// or https:// address: give the host's address like http://127.0.0.1:8000"
    )]
    BadUrl(String),
    #[error(
        "the admin token would go over plain HTTP to {0}, where anyone on the way can read it: use the lab's https:// address, or an SSH tunnel to http://127.0.0.1"
    )]
    PlainHttp(String),
    #[error("cannot reach livehost at {url}: {error}; is `livehost serve` running there?")]
    Connect { url: String, error: String },
    #[error("the request to {url} failed: {error}")]
    Request { url: String, error: String },
    /// The host answered with an error (its text).
    #[error("livehost answered {status}: {text}")]
    Refused { status: StatusCode, text: String },
}

/// A response: status and body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The JSON of a successful answer, or the host's error text.
    pub fn json(&self) -> Result<serde_json::Value, ClientError> {
        let value: serde_json::Value =
            serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null);
        if self.status.is_success() {
            Ok(value)
        } else {
            Err(refused(self.status, &self.body))
        }
    }
}

/// Sends one request. `token` goes in `Authorization: Bearer`.
pub async fn request(
    method: Method,
    url: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Result<Answer, ClientError> {
    request_body(method, url, token, content_type, web_client::whole(body)).await
}

/// [`request`] with a body of the caller's (one that reports its progress).
pub async fn request_body(
    method: Method,
    url: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: web_client::RequestBody,
) -> Result<Answer, ClientError> {
    let res = send(method, url, token, content_type, body).await?;
    read_answer(url, res).await
}

/// A response read whole.
async fn read_answer(
    url: &str,
    res: hyper::Response<hyper::body::Incoming>,
) -> Result<Answer, ClientError> {
    let (parts, body) = res.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| ClientError::Request {
            url: url.to_string(),
            error: e.to_string(),
        })?
        .to_bytes();
    Ok(Answer {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

/// GETs `url` from the admin API into the file `to`, chunk by chunk as the
/// host sends it. The file is written under a temporary name and renamed
/// once whole: a download that broke off leaves no file. Returns the bytes
/// written.
pub async fn download(url: &str, token: &str, to: &std::path::Path) -> Result<u64, ClientError> {
    let res = send(
        Method::GET,
        url,
        Some(token),
        None,
        web_client::whole(Vec::new()),
    )
    .await?;
    let status = res.status();
    let mut body = res.into_body();
    if !status.is_success() {
        let bytes = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        return Err(refused(status, &bytes));
    }
    let partial = to.with_extension("part");
    let written = write_body(url, &mut body, &partial, to).await;
    if written.is_err() {
        let _ = tokio::fs::remove_file(&partial).await;
    }
    written
}

/// Writes a response body into `partial`, then renames it to `to`.
async fn write_body(
    url: &str,
    body: &mut hyper::body::Incoming,
    partial: &std::path::Path,
    to: &std::path::Path,
) -> Result<u64, ClientError> {
    let file_error = |e: std::io::Error| ClientError::Request {
        url: url.to_string(),
        error: format!("cannot write {}: {e}", to.display()),
    };
    let mut file = tokio::fs::File::create(partial).await.map_err(file_error)?;
    let mut written = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ClientError::Request {
            url: url.to_string(),
            error: format!("the download broke off after {written} bytes: {e}"),
        })?;
        if let Ok(data) = frame.into_data() {
            tokio::io::AsyncWriteExt::write_all(&mut file, &data)
                .await
                .map_err(file_error)?;
            written += data.len() as u64;
        }
    }
    tokio::io::AsyncWriteExt::flush(&mut file)
        .await
        .map_err(file_error)?;
    drop(file);
    tokio::fs::rename(partial, to).await.map_err(file_error)?;
    Ok(written)
}

/// The host's error answer as a [`ClientError`].
fn refused(status: StatusCode, body: &[u8]) -> ClientError {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
    let text = value
        .get("error")
        .and_then(|e| e.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    ClientError::Refused { status, text }
}

/// Sends one request; the response's body is still to be read.
async fn send(
    method: Method,
    url: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: web_client::RequestBody,
) -> Result<hyper::Response<hyper::body::Incoming>, ClientError> {
    send_to(method, url, token, content_type, body, false).await
}

/// [`send`]; with `to_peer`, the token may go over plain HTTP to another
/// machine: a cluster's node calling the peers its operator named
/// (`--peer`), on the cluster's own network (docs/cluster.md).
async fn send_to(
    method: Method,
    url: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: web_client::RequestBody,
    to_peer: bool,
) -> Result<hyper::Response<hyper::body::Incoming>, ClientError> {
    let uri: Uri = url
        .parse()
        .map_err(|_| ClientError::BadUrl(url.to_string()))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
        return Err(ClientError::BadUrl(url.to_string()));
    }
    let host = uri.host().unwrap_or_default();
    if token.is_some()
        && !to_peer
        && uri.scheme_str() == Some("http")
        && !web_client::is_this_machine(host)
    {
        return Err(ClientError::PlainHttp(host.to_string()));
    }
    let failed = |error: String| ClientError::Request {
        url: url.to_string(),
        error,
    };
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        req = req.header(CONTENT_TYPE, ct);
    }
    let req = req.body(body).map_err(|e| failed(e.to_string()))?;
    let client = web_client::client().map_err(failed)?;
    client.request(req).await.map_err(|e| {
        let error = web_client::describe(&e);
        if e.is_connect() {
            ClientError::Connect {
                url: url.to_string(),
                error,
            }
        } else {
            failed(error)
        }
    })
}

/// Sends a request to the admin API and returns the JSON answer, or the
/// host's error text.
pub async fn api(
    method: Method,
    url: &str,
    token: &str,
    body: Option<(&str, Vec<u8>)>,
) -> Result<serde_json::Value, ClientError> {
    let (ct, bytes) = body.map_or((None, Vec::new()), |(ct, b)| (Some(ct), b));
    let answer = request(method, url, Some(token), ct, bytes).await?;
    answer.json()
}

/// [`api`] with a body that reports its progress ([`web_client::reporting`]).
pub async fn api_body(
    method: Method,
    url: &str,
    token: &str,
    content_type: &str,
    body: web_client::RequestBody,
) -> Result<serde_json::Value, ClientError> {
    request_body(method, url, Some(token), Some(content_type), body)
        .await?
        .json()
}

/// [`request`] from a cluster's node to one of its peers ([`send_to`]).
pub async fn peer_request(
    method: Method,
    url: &str,
    token: &str,
    body: Option<(&str, Vec<u8>)>,
) -> Result<Answer, ClientError> {
    let (ct, bytes) = body.map_or((None, Vec::new()), |(ct, b)| (Some(ct), b));
    let res = send_to(method, url, Some(token), ct, web_client::whole(bytes), true).await?;
    read_answer(url, res).await
}
