//! Building responses: HTML pages, JSON for the admin API, redirects,
//! downloads streamed as they are produced, and the admin API's errors as a
//! type.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Frame;
use hyper::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use hyper::{Response, StatusCode};
use tokio::sync::mpsc;

/// The body of every response the host makes: whole, or streamed.
pub type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// A body sent whole.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// Chunks from a producer, sent as they come (chunked encoding). An error
/// from the producer aborts the response, so a download that failed half
/// way is never taken for a whole one.
struct Chunks(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl hyper::body::Body for Chunks {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx).map(|c| c.map(|r| r.map(Frame::data)))
    }
}

/// A file download (`Content-Disposition: attachment`) whose chunks come
/// from `chunks` as they are produced.
pub fn download(
    content_type: &'static str,
    filename: &str,
    chunks: mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> Response<Body> {
    let mut r = Response::new(Chunks(chunks).boxed_unsync());
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    h.insert(
        CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    if let Ok(v) =
        hyper::header::HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
    {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}

fn with_type(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut r = Response::new(full(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    r.headers_mut().insert(
        CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    r
}

/// Text of `content_type` (the metrics).
pub fn text(content_type: &'static str, body: String) -> Response<Body> {
    with_type(StatusCode::OK, content_type, body)
}

/// Bytes of a binary type (a component a cluster's node asks a peer for).
pub fn bytes(content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    with_type(StatusCode::OK, content_type, body)
}

pub fn html(status: StatusCode, body: String) -> Response<Body> {
    with_type(status, "text/html; charset=utf-8", body)
}

pub fn json(status: StatusCode, value: &impl serde::Serialize) -> Response<Body> {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    with_type(status, "application/json", body)
}

pub fn asset(content_type: &'static str, body: &'static str) -> Response<Body> {
    let mut r = with_type(StatusCode::OK, content_type, body);
    r.headers_mut().insert(
        CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-cache"),
    );
    for_sandboxed_pages(&mut r);
    r
}

/// The sandbox a participant's page runs in (`Content-Security-Policy`):
/// its HTML is the experiment's own, scripts included (and any hole in
/// them, such as a chat that puts participants' text in innerHTML), and
/// the researcher console is on the same host. Without `allow-same-origin`
/// the page has an opaque origin: its scripts cannot read the console's
/// pages or send its cookie with a request, and a form post it makes says
/// `Origin: null`, which the console refuses. Scripts, forms (next,
/// oTree's own), popups, dialogs and downloads work as on any page; the
/// page's websockets go to its own host, which does not check their Origin.
pub const PARTICIPANT_SANDBOX: &str = "sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads";

/// `r` as a participant's page: in [`PARTICIPANT_SANDBOX`].
pub fn participant_page(mut r: Response<Body>) -> Response<Body> {
    r.headers_mut().insert(
        hyper::header::CONTENT_SECURITY_POLICY,
        hyper::header::HeaderValue::from_static(PARTICIPANT_SANDBOX),
    );
    r
}

/// Static files are public, and the sandboxed pages that load them are of
/// an opaque origin: readable from any origin (fonts, module scripts and a
/// page's fetches of its data need it).
fn for_sandboxed_pages(r: &mut Response<Body>) {
    r.headers_mut().insert(
        hyper::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        hyper::header::HeaderValue::from_static("*"),
    );
}

/// A file of an experiment's `_static/`, typed by its name's extension
/// and cached by the browser (its address names the experiment's version).
pub fn static_file(path: &str, bytes: Bytes) -> Response<Body> {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mut r = Response::new(full(bytes));
    if let Ok(v) = hyper::header::HeaderValue::from_str(mime.essence_str()) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r.headers_mut().insert(
        CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("public, max-age=86400, immutable"),
    );
    for_sandboxed_pages(&mut r);
    // An HTML file among them is the experiment's too: it runs sandboxed
    // if opened as a page.
    participant_page(r)
}

/// 303 See Other: after a POST, the browser GETs `location`.
pub fn see_other(location: &str) -> Response<Body> {
    let mut r = with_type(StatusCode::SEE_OTHER, "text/plain; charset=utf-8", "");
    if let Ok(v) = hyper::header::HeaderValue::from_str(location) {
        r.headers_mut().insert(LOCATION, v);
    }
    r
}

/// An admin API request that failed: a status and a text that says what
/// went wrong and what to do, sent as `{"error": text}`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{text}")]
pub struct ApiError {
    pub status: StatusCode,
    pub text: String,
}

impl ApiError {
    pub fn new(status: StatusCode, text: impl Into<String>) -> ApiError {
        ApiError {
            status,
            text: text.into(),
        }
    }

    pub fn bad_request(text: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, text)
    }

    pub fn not_found(text: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, text)
    }

    pub fn internal(text: impl std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, text.to_string())
    }

    pub fn response(&self) -> Response<Body> {
        json(self.status, &serde_json::json!({ "error": self.text }))
    }
}
