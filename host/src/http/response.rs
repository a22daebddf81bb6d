//! Building responses: HTML pages, JSON for the admin API, redirects, and
//! the admin API's errors as a type.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Response, StatusCode};

/// The body of every response the host makes.
pub type Body = Full<Bytes>;

fn with_type(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()));
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
    r
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
