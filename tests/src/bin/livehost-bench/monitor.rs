//! `--monitors N`: researchers watching the session in the console while
//! it runs. Each logs in with the admin token and opens the session
//! monitor's websocket (every group's log), reading it as the console's
//! page does and counting the log entries it receives.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use hyper::Method;
use livehost_tests::server::request_with;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Logs in to the console at `addr`; returns the login cookie
/// (`name=value`).
pub async fn log_in(addr: &str, token: &str) -> Result<String, String> {
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .finish();
    let (status, headers, page) = request_with(
        Method::POST,
        &format!("http://{addr}/admin/login"),
        &[("content-type", "application/x-www-form-urlencoded")],
        form.into_bytes(),
    )
    .await;
    headers
        .get(hyper::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .ok_or_else(|| format!("the console login failed ({status}): {page}"))
}

/// Watches `session` until `until`; adds the entries it received to
/// `entries`.
pub async fn watch(
    addr: String,
    cookie: String,
    session: String,
    until: Instant,
    entries: Arc<AtomicU64>,
) -> Result<(), String> {
    let mut req = format!("ws://{addr}/admin/sessions/{session}/live")
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let h = req.headers_mut();
    h.insert("cookie", cookie.parse().map_err(|_| "a bad cookie")?);
    h.insert(
        "origin",
        format!("http://{addr}")
            .parse()
            .map_err(|_| "a bad origin")?,
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .map_err(|e| format!("the monitor did not open: {e}"))?;
    loop {
        let frame = tokio::select! {
            f = ws.next() => f,
            _ = tokio::time::sleep_until(until) => return Ok(()),
        };
        match frame {
            Some(Ok(Message::Text(text))) => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| e.to_string())?;
                if let Some(batch) = v.get("messages").and_then(|m| m.as_array()) {
                    entries.fetch_add(batch.len() as u64, Ordering::Relaxed);
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("the monitor broke off: {e}")),
            None => return Err("the host closed the monitor".into()),
        }
    }
}
