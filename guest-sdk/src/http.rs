//! Outbound HTTP from an async live method (the WIT's `io.http-fetch` and
//! `io.read-body`): only to the hosts the admin put on the session's
//! allowlist, which also adds the secret headers (API keys) itself.
//!
//! ```ignore
//! let url: String = player.session().get_or("config", json!({}))?["url"]...;
//! let mut response = player.fetch(Request::post_json(&url, &body)).await?;
//! while let Some(chunk) = response.chunk().await? { ... }
//! ```
//!
//! Every `fetch` and every `chunk` is an await: the call's segment ends
//! there (its writes committed, its emitted messages delivered), and the
//! group's other live messages are served while the response streams in.

use serde::Serialize;

use crate::backend::Backend;
use crate::error::{Error, Result};

/// An outbound request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// An absolute `http://` or `https://` URL on the session's allowlist.
    pub url: String,
    /// Request headers (livehost adds the allowlist's own, e.g. the key).
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

impl Request {
    /// `GET url`.
    pub fn get(url: impl Into<String>) -> Request {
        Request {
            method: "GET".into(),
            url: url.into(),
            ..Request::default()
        }
    }

    /// `POST url` with a JSON body.
    pub fn post_json(url: impl Into<String>, body: &impl Serialize) -> Result<Request> {
        Ok(Request {
            method: "POST".into(),
            url: url.into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(body)?,
        })
    }

    /// The same request with one more header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A response whose body is read as it arrives.
pub struct Response<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: Vec<(String, String)>,
    body: Option<u32>,
    backend: &'a dyn Backend,
}

impl std::fmt::Debug for Response<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// The most bytes one chunk read asks for.
const CHUNK_BYTES: u32 = 64 * 1024;

impl<'a> Response<'a> {
    pub(crate) fn new(
        status: u16,
        headers: Vec<(String, String)>,
        body: u32,
        backend: &'a dyn Backend,
    ) -> Response<'a> {
        Response {
            status,
            headers,
            body: Some(body),
            backend,
        }
    }

    /// The next part of the body as it arrives; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>> {
        let Some(body) = self.body else {
            return Ok(None);
        };
        let chunk = self
            .backend
            .read_body(body, CHUNK_BYTES)
            .await
            .map_err(Error::from)?;
        if chunk.is_none() {
            self.body = None;
        }
        Ok(chunk)
    }

    /// The rest of the body, as text (invalid UTF-8 replaced).
    pub async fn text(mut self) -> Result<String> {
        let mut all = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend(chunk);
        }
        Ok(String::from_utf8_lossy(&all).into_owned())
    }
}
