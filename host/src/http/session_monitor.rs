//! The console's session monitor: one websocket per open monitor page,
//! which the host writes to and the page only reads.
//!
//! Frames (JSON text):
//! - `{"session": {...}}`: the session as `GET /api/sessions/{code}` shows
//!   it (each participant's page, group, round, open page views, last
//!   activity; whether it is closed). Sent at once, then whenever it
//!   changes (looked at twice a second).
//! - `{"messages": [{...}, ...]}`: message-log entries of the watched
//!   group (and the session-wide ones), or of every group, oldest first:
//!   first the last [`HISTORY`] entries from the data file, then new ones
//!   as soon as their commits are durable ([`crate::store::MessageFeed`]).
//!   Entries that arrive together (a busy session) go in one frame of at
//!   most [`BATCH`].
//! - `{"missed": n}`: the monitor fell behind and some entries are not
//!   shown (the export has them; `n` counts every session's).
//!
//! The monitor closes with 4401 when the login it was opened with ends
//! (logout, expiry), with 1011 and the reason when the session cannot be
//! read, and with 1001 when the host stops.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use tokio::sync::{broadcast, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::Socket;
use super::admin_api;
use crate::live::Livehost;
use crate::store::{LoggedMessage, MessageRecord};

/// Entries from the data file a monitor starts with.
pub const HISTORY: usize = 200;
/// Most entries in one frame.
pub const BATCH: usize = 256;
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
/// payload as JSON (text if a stored value no longer parses). Written
/// straight from the stored text, without building a JSON tree.
#[derive(serde::Serialize)]
pub struct Entry<'a> {
    seq: u64,
    kind: &'static str,
    time_ms: u64,
    participant_id: u32,
    group_id: u32,
    round: u32,
    page: &'a str,
    segment: u32,
    data: JsonOrText<'a>,
    replies: JsonOrText<'a>,
    error: Option<&'a str>,
    run_us: u64,
}

/// Stored JSON text as JSON, or as a string if it no longer parses.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonOrText<'a> {
    Json(&'a RawValue),
    Text(&'a str),
}

impl<'a> JsonOrText<'a> {
    fn of(text: &'a str) -> JsonOrText<'a> {
        serde_json::from_str::<&RawValue>(text).map_or(JsonOrText::Text(text), JsonOrText::Json)
    }
}

impl<'a> Entry<'a> {
    /// `replies` is [`crate::export::replies_json`] of `m`.
    pub fn new(seq: u64, m: &'a MessageRecord, replies: &'a str) -> Entry<'a> {
        Entry {
            seq,
            kind: m.kind.name(),
            time_ms: m.time_ms,
            participant_id: m.participant_id,
            group_id: m.group_id,
            round: m.round,
            page: &m.page,
            segment: m.segment,
            data: JsonOrText::of(&m.data),
            replies: JsonOrText::of(replies),
            error: m.error.as_deref(),
            run_us: m.run_us,
        }
    }
}

/// A frame of entries, `{"messages": [...]}`, oldest first.
fn entries_frame<'a>(entries: impl Iterator<Item = (u64, &'a MessageRecord)>) -> Message {
    #[derive(serde::Serialize)]
    struct Frame<'a> {
        messages: Vec<Entry<'a>>,
    }
    let entries: Vec<(u64, &MessageRecord, String)> = entries
        .map(|(seq, m)| (seq, m, crate::export::replies_json(m)))
        .collect();
    let frame = Frame {
        messages: entries
            .iter()
            .map(|(seq, m, replies)| Entry::new(*seq, m, replies))
            .collect(),
    };
    Message::text(serde_json::to_string(&frame).unwrap_or_default())
}

/// Closes the monitor with `code` and `why` (cut to the 123 bytes a close
/// frame holds).
async fn close(ws: &mut Socket, code: CloseCode, why: &str) {
    let mut end = why.len().min(123);
    while !why.is_char_boundary(end) {
        end -= 1;
    }
    let _ = ws
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: why[..end].into(),
        })))
        .await;
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
    let mut feed = host.watch_messages();
    let history = host.recent_messages(&session, group, HISTORY).await;
    let history = match history {
        Ok(h) => h,
        Err(e) => {
            let why = format!("the message log could not be read: {e}");
            close(&mut ws, CloseCode::Error, &why).await;
            return;
        }
    };
    let shown: HashSet<u64> = history.iter().map(|(seq, _)| *seq).collect();
    for batch in history.chunks(BATCH) {
        if ws
            .send(entries_frame(batch.iter().map(|(seq, m)| (*seq, m))))
            .await
            .is_err()
        {
            return;
        }
    }
    let wanted = |e: &LoggedMessage| {
        *e.session == *session && concerns(&e.record) && !shown.contains(&e.seq)
    };
    let mut look = tokio::time::interval(LOOK_EVERY);
    let mut last_seen = String::new();
    loop {
        tokio::select! {
            _ = look.tick() => {
                if !logged_in() {
                    let why = "your console login has ended: log in again";
                    close(&mut ws, CloseCode::from(LOGIN_ENDED), why).await;
                    break;
                }
                let info = match admin_api::session(&host, &session, &base_url) {
                    Ok(info) => info,
                    Err(e) => {
                        close(&mut ws, CloseCode::Error, &e.text).await;
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
                Ok(first) => {
                    // This entry and whatever else has arrived meanwhile.
                    let mut batch = Vec::new();
                    let mut next = Ok(first);
                    let missed = loop {
                        match next {
                            Ok(e) => {
                                if wanted(&e) {
                                    batch.push(e);
                                }
                                if batch.len() == BATCH {
                                    break None;
                                }
                                next = feed.try_recv();
                            }
                            Err(broadcast::error::TryRecvError::Lagged(n)) => break Some(n),
                            Err(_) => break None,
                        }
                    };
                    if !batch.is_empty()
                        && ws
                            .send(entries_frame(batch.iter().map(|e| (e.seq, &e.record))))
                            .await
                            .is_err()
                    {
                        break;
                    }
                    if let Some(n) = missed
                        && ws.send(frame(&json!({ "missed": n }))).await.is_err()
                    {
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
                close(&mut ws, CloseCode::Away, "the host is restarting").await;
                break;
            }
        }
    }
}
