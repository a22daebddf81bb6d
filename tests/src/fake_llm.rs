//! A fake OpenAI-compatible chat-completions endpoint on loopback, for the
//! llm-chat tests: `POST /v1/chat/completions` with `stream: true` answers
//! "You asked: <last message>" as server-sent events, one piece at a time
//! with a pause between, and only with the right API key.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

/// A running fake endpoint; stops when dropped.
pub struct FakeLlm {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeLlm {
    /// The endpoint's URL.
    pub fn url(&self) -> String {
        format!("http://{}/v1/chat/completions", self.addr)
    }
}

type Body = BoxBody<Bytes, Infallible>;

fn error(status: StatusCode, text: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(json!({"error": text}).to_string())).boxed());
    *r.status_mut() = status;
    r
}

async fn answer(req: Request<Incoming>, key: String, pause: Duration) -> Response<Body> {
    let authorized = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        == Some(format!("Bearer {key}").as_str());
    if !authorized {
        return error(StatusCode::UNAUTHORIZED, "invalid API key");
    }
    let Ok(body) = req.into_body().collect().await else {
        return error(StatusCode::BAD_REQUEST, "unreadable body");
    };
    let Ok(body) = serde_json::from_slice::<Value>(&body.to_bytes()) else {
        return error(StatusCode::BAD_REQUEST, "not JSON");
    };
    let question = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .to_string();
    let pieces = vec!["You ".to_string(), "asked: ".to_string(), question];
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    tokio::spawn(async move {
        for piece in pieces {
            let event = json!({"choices": [{"delta": {"content": piece}}]});
            if tx
                .send(Bytes::from(format!("data: {event}\n\n")))
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(pause).await;
        }
        let _ = tx.send(Bytes::from_static(b"data: [DONE]\n\n")).await;
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, Infallible>(Frame::data(b)), rx))
    });
    let mut r = Response::new(StreamBody::new(stream).boxed());
    r.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("text/event-stream"),
    );
    r
}

/// Starts the endpoint; it accepts only `Authorization: Bearer <key>`.
pub async fn start(key: &str, pause: Duration) -> FakeLlm {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let key = key.to_string();
    let task = tokio::spawn(async move {
        // Bounded: the tests make a handful of requests.
        for _ in 0..1000 {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let key = key.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req| {
                    let key = key.clone();
                    async move { Ok::<_, Infallible>(answer(req, key, pause).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    FakeLlm { addr, task }
}
