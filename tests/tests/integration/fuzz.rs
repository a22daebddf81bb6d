//! Property-based fuzzing (proptest) of what the network can send a host:
//! page-view frames, HTTP requests on any route, and uploaded components.
//! Whatever arrives, the host answers it (an error names what is wrong),
//! never fails with a server error, and keeps serving. CI runs a short
//! run; `LIVEHOST_FUZZ_CASES=5000 cargo test -p livehost-tests --test integration fuzz::`
//! runs a long one.

use std::sync::Arc;

use hyper::Method;
use livehost_tests::server::{Frame, TOKEN, TestServer, http};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn runner() -> TestRunner {
    let cases = std::env::var("LIVEHOST_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A server with the auction and no rate limit, on its own runtime.
fn server() -> (tokio::runtime::Runtime, Arc<TestServer>) {
    let rt = livehost_tests::rt();
    let server = rt.block_on(TestServer::start_with(|config, _| {
        config.sockets.rate_per_sec = 1e9;
        config.sockets.burst = 1e9;
    }));
    (rt, Arc::new(server))
}

/// The host still serves: its index answers.
async fn healthy(server: &TestServer) {
    let (status, _) = http(Method::GET, &server.url("/"), None).await;
    assert!(status.is_success(), "the host stopped serving: {status}");
}

/// A JSON value of any shape, a few levels deep.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::hash_map(".{0,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A frame a page could send: anything, a live message of any shape, or
/// binary bytes.
#[derive(Debug, Clone)]
enum Sent {
    Text(String),
    Binary(Vec<u8>),
}

fn any_frame() -> impl Strategy<Value = Sent> {
    prop_oneof![
        ".{0,64}".prop_map(Sent::Text),
        (any_json(), any_json())
            .prop_map(|(id, data)| Sent::Text(json!({"id": id, "data": data}).to_string())),
        (any::<u32>(), any_json())
            .prop_map(|(id, data)| Sent::Text(json!({"id": id, "data": data}).to_string())),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Sent::Binary),
    ]
}

/// The highest message number among `frames` that the host could take
/// as a live message's id.
fn highest_id(frames: &[Sent]) -> u64 {
    frames
        .iter()
        .filter_map(|f| match f {
            Sent::Text(t) => serde_json::from_str::<serde_json::Value>(t)
                .ok()?
                .get("id")?
                .as_u64(),
            Sent::Binary(_) => None,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn any_page_view_frames_are_answered_and_the_view_goes_on() {
    let (rt, server) = server();
    let session = rt.block_on(server.session("auction", 2));
    let code = session.participants[0].code.clone();
    let case = std::sync::atomic::AtomicU64::new(0);
    runner()
        .run(&prop::collection::vec(any_frame(), 1..8), |frames| {
            // A page view of its own for each case, so that no case's
            // message is taken for another's as already applied.
            let n = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let view_id = format!("fuzz{n}");
            rt.block_on(async {
                let mut view = server.page_view(&code, Some("Auction"), &view_id).await;
                for frame in &frames {
                    match frame {
                        Sent::Text(t) => view.send_raw(t).await,
                        Sent::Binary(b) => view.send_binary(b.clone()).await,
                    }
                }
                // Then a real message, numbered past every frame's: it
                // reaches the experiment (acked as applied now, not "again")
                // on the same view, after an answer to every frame before it.
                let sentinel = highest_id(&frames).max(u64::from(u32::MAX)) + 1;
                view.send_raw(&json!({"id": sentinel, "data": {}}).to_string())
                    .await;
                // Bounded: each frame gets at most its answer and replies.
                let mut acked = false;
                for _ in 0..10_000 {
                    match view.frame().await {
                        Frame::Ack { id, again } if id == sentinel => {
                            assert!(
                                !again,
                                "the sentinel was taken as applied already after {frames:?}"
                            );
                            acked = true;
                            break;
                        }
                        Frame::Error { id: Some(id), text } if id == sentinel => {
                            panic!("the sentinel was refused ({text}) after {frames:?}")
                        }
                        f @ (Frame::Closed { .. } | Frame::Dropped { .. }) => {
                            panic!("the view ended ({f:?}) after {frames:?}")
                        }
                        _ => {}
                    }
                }
                assert!(acked, "no answer to the sentinel after {frames:?}");
                healthy(&server).await;
            });
            Ok(())
        })
        .unwrap();
}

/// Sends raw request bytes; returns the status code the host answered, or
/// what came instead (a connection reset or closed without an answer is
/// what a panicking handler leaves).
async fn raw_request(server: &TestServer, request: &[u8]) -> Result<u16, String> {
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .write_all(request)
        .await
        .map_err(|e| format!("write: {e}"))?;
    // The status line is the first 12 bytes; read until it is whole.
    let mut answer = Vec::new();
    let mut buf = [0u8; 256];
    while answer.len() < 12 {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
            .await
            .map_err(|_| "no answer within 10 s".to_string())?
            .map_err(|e| format!("read after {answer:?}: {e}"))?;
        if n == 0 {
            return Err(format!(
                "closed after {:?} without a status line",
                String::from_utf8_lossy(&answer)
            ));
        }
        answer.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&answer);
    line.strip_prefix("HTTP/1.1 ")
        .and_then(|l| l.get(..3))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not a status line: {line:?}"))
}

#[test]
fn any_http_request_gets_an_answer_that_is_not_a_server_error() {
    let (rt, server) = server();
    let session = rt.block_on(server.session("auction", 2));
    let code = session.participants[0].code.clone();
    let method = prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        Just("PUT".to_string()),
        Just("DELETE".to_string()),
        Just("HEAD".to_string()),
        "[A-Z]{1,8}",
    ];
    let path = prop_oneof![
        "/[a-z/%?=&.0-9]{0,40}",
        Just(format!("/p/{code}")),
        "/p/[a-zA-Z0-9]{0,20}(/next)?",
        "/api/(experiments|sessions)(/[a-z0-9]{0,12})?",
        "/live/[a-zA-Z0-9]{0,12}\\?view=[a-z]{0,4}",
        "/.{0,30}",
    ];
    let with_token = any::<bool>();
    let body = prop::collection::vec(any::<u8>(), 0..200);
    runner()
        .run(&(method, path, with_token, body), |(method, path, token, body)| {
            rt.block_on(async {
                let mut request = format!(
                    "{method} {path} HTTP/1.1\r\nhost: fuzz\r\ncontent-length: {}\r\ncontent-type: application/x-www-form-urlencoded\r\n",
                    body.len()
                );
                if token {
                    request.push_str(&format!("authorization: Bearer {TOKEN}\r\n"));
                }
                request.push_str("connection: close\r\n\r\n");
                let mut bytes = request.into_bytes();
                bytes.extend_from_slice(&body);
                let status = raw_request(&server, &bytes)
                    .await
                    .unwrap_or_else(|e| panic!("{method} {path:?} with {} body bytes: {e}", body.len()));
                assert!(
                    status < 500,
                    "{method} {path:?} with {} body bytes: {status}",
                    body.len()
                );
                healthy(&server).await;
            });
            Ok(())
        })
        .unwrap();
}

/// A change to a component: bytes overwritten, or the file cut short.
#[derive(Debug, Clone)]
enum Damage {
    Overwrite(Vec<(prop::sample::Index, u8)>),
    Truncate(prop::sample::Index),
}

#[test]
fn damaged_components_are_refused_with_a_reason() {
    let (rt, server) = server();
    let component = livehost_tests::guest("auction");
    let damage = prop_oneof![
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)
            .prop_map(Damage::Overwrite),
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
    ];
    runner()
        .run(&damage, |damage| {
            let mut bytes = component.clone();
            match &damage {
                Damage::Overwrite(changes) => {
                    for (at, value) in changes {
                        let i = at.index(bytes.len());
                        bytes[i] = *value;
                    }
                }
                Damage::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            }
            rt.block_on(async {
                let answer = livehost::http::client::request(
                    Method::POST,
                    &server.url("/api/experiments"),
                    Some(TOKEN),
                    Some("application/wasm"),
                    bytes,
                )
                .await
                .expect("an answer");
                let status = answer.status.as_u16();
                // Still valid (the bytes changed were not checked), or
                // refused with the reason.
                if !answer.status.is_success() {
                    assert!(
                        (400..500).contains(&status),
                        "{damage:?}: {status} {:?}",
                        answer.body
                    );
                    let text: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
                    assert!(
                        text["error"].as_str().is_some_and(|e| !e.is_empty()),
                        "{damage:?}: {text}"
                    );
                }
                healthy(&server).await;
            });
            Ok(())
        })
        .unwrap();
}
