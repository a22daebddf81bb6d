//! The console's session monitor: one websocket per open monitor page,
//! which the host writes to and the page only reads.
//!
//! Frames (JSON text):
//! - `{"session": {...}}`: the session as `GET /api/sessions/{code}` shows
//!   it (each participant's page, group, round, open page views, last
//!   activity; whether it is closed). Sent at once, then whenever it
//!   changes (looked at twice a second).
//! - `{"message": {...}}`: a message-log entry of the watched group (and
//!   the session-wide ones), or of every group: first the last
//!   [`HISTORY`] entries from the data file, then each new one as soon as
//!   its commit is durable ([`crate::store::MessageFeed`]).
//! - `{"missed": n}`: the monitor fell behind and some entries are not
//!   shown (the export has them; `n` counts every session's).
//!
//! The monitor closes with 4401 when the login it was opened with ends
//! (logout, expiry), and with 1001 when the host stops.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{broadcast, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::Socket;
use super::admin_api;
use crate::live::Livehost;
use crate::store::{MessageRecord, StoreError};

/// Entries from the data file a monitor starts with.
pub const HISTORY: usize = 200;
/// How often the participants' positions and presence are looked at.
const LOOK_EVERY: Duration = Duration::from_millis(500);

/// What a monitor watches.
pub struct Watch {
    pub session: String,
    /// One group's log (with the session-wide entries), or every group's.
    pub group: Option<u32>,
    /// For the participants' links.
    pub base_url: String,
}

/// The close code when the monitor's login has ended.
pub const LOGIN_ENDED: u16 = 4401;

/// A message-log entry as the console shows it: `data` and each reply's
/// payload as JSON (text if a stored value no longer parses).
pub fn entry_json(seq: u64, m: &MessageRecord) -> Value {
    let as_json = |text: &str| {
        serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_string()))
    };
    json!({
        "seq": seq,
        "kind": m.kind.name(),
        "time_ms": m.time_ms,
        "participant_id": m.participant_id,
        "group_id": m.group_id,
        "round": m.round,
        "page": m.page,
        "segment": m.segment,
        "data": as_json(&m.data),
        "replies": as_json(&crate::export::replies_json(m)),
        "error": m.error,
        "run_us": m.run_us,
    })
}

fn frame(value: &Value) -> Message {
    Message::text(value.to_string())
}

/// Runs a monitor until its page closes it, the session disappears, or the
/// host stops.
pub async fn run(
    host: Livehost,
    mut ws: Socket,
    watch: Watch,
    logged_in: impl Fn() -> bool,
    mut shutdown: watch::Receiver<bool>,
) {
    let Watch {
        session,
        group,
        base_url,
    } = watch;
    let concerns = |m: &MessageRecord| group.is_none_or(|g| m.group_id == g || m.group_id == 0);
    // Watch first, then read the history: an entry committed in between is
    // in both, and shown once.
    let mut feed = host.store().message_feed().watch();
    // Finding a quiet group's entries may read many: off the workers.
    let store = host.store().clone();
    let (s, g) = (session.clone(), group);
    let history = tokio::task::spawn_blocking(move || store.recent_messages(&s, g, HISTORY))
        .await
        .unwrap_or_else(|e| Err(StoreError::Io(format!("the reading task failed: {e}"))));
    let history = match history {
        Ok(h) => h,
        Err(e) => {
            let _ = ws
                .send(frame(
                    &json!({ "error": format!("the message log could not be read: {e}") }),
                ))
                .await;
            return;
        }
    };
    let shown: HashSet<u64> = history.iter().map(|(seq, _)| *seq).collect();
    for (seq, m) in &history {
        if ws
            .send(frame(&json!({ "message": entry_json(*seq, m) })))
            .await
            .is_err()
        {
            return;
        }
    }
    let mut look = tokio::time::interval(LOOK_EVERY);
    let mut last_seen = String::new();
    loop {
        tokio::select! {
            _ = look.tick() => {
                if !logged_in() {
                    let _ = ws
                        .send(Message::Close(Some(CloseFrame {
                            code: CloseCode::from(LOGIN_ENDED),
                            reason: "your console login has ended: log in again".into(),
                        })))
                        .await;
                    break;
                }
                let info = match admin_api::session(&host, &session, &base_url) {
                    Ok(info) => info,
                    Err(e) => {
                        let _ = ws.send(frame(&json!({ "error": e.text }))).await;
                        break;
                    }
                };
                let now = json!({ "session": info }).to_string();
                if now != last_seen {
                    if ws.send(Message::text(now.clone())).await.is_err() {
                        break;
                    }
                    last_seen = now;
                }
            }
            entry = feed.recv() => match entry {
                Ok(e) => {
                    if *e.session != *session || !concerns(&e.record) || shown.contains(&e.seq) {
                        continue;
                    }
                    if ws.send(frame(&json!({ "message": entry_json(e.seq, &e.record) }))).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    if ws.send(frame(&json!({ "missed": n }))).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = ws.next() => match incoming {
                // The page sends nothing; pings are answered by tungstenite.
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => {
                let _ = ws
                    .send(Message::Close(Some(CloseFrame {
                        code: CloseCode::Away,
                        reason: "the host is restarting".into(),
                    })))
                    .await;
                break;
            }
        }
    }
}
