//! One bench participant: a page view of the auction page over a real
//! websocket, sending bids as live messages and timing each from its send
//! (closed loop) or its scheduled send (open loop) to the arrival of its
//! own broadcast. The frames are the server's: livehost's page protocol
//! (`{"id": n, "data": bid}` in, `{"recv": payload}` / `{"error": text}`
//! out) or oTree's live.js (the bid as JSON in, `{"otree_success": true,
//! "live_method_payload": payload}` out); the payload is the auction's
//! `{"id_in_group", "bid", ...}` either way.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Totals across participants, read by the progress line while they run.
#[derive(Default)]
pub struct Counters {
    /// Bids sent.
    pub sent: AtomicU64,
    /// Bids whose own broadcast came back.
    pub answered: AtomicU64,
    /// Broadcasts received, own and others'.
    pub deliveries: AtomicU64,
    /// Error frames (refused or failed messages).
    pub errors: AtomicU64,
    /// Latencies (µs) since the last progress line took them.
    pub recent: std::sync::Mutex<Vec<u32>>,
}

/// How a participant paces its bids.
#[derive(Clone, Copy)]
pub enum Pace {
    /// The next bid as soon as the last one's broadcast is back.
    Closed,
    /// Bids at random times (a Poisson process) at this rate, whatever
    /// the answers do.
    Open { per_second: f64 },
    /// No bids: the page view stays open and receives its group's.
    Idle,
}

/// What one participant measured.
#[derive(Default)]
pub struct Outcome {
    /// Send (or scheduled send) to own broadcast, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Bids whose broadcast did not come back before the end.
    pub lost: u64,
    /// Bids answered later than the `late` threshold.
    pub late: u64,
    /// The first error frame's text, or why the socket ended early.
    pub error: Option<String>,
    /// When its last answer arrived (a server far behind answers after
    /// the bidding has ended).
    pub last_answer: Option<Instant>,
}

/// Whose page protocol the participant speaks.
#[derive(Clone, Copy, PartialEq)]
pub enum Protocol {
    /// livehost's `/live/{code}` socket.
    Livehost,
    /// oTree's `/live?participant_code=...` socket, as its live.js uses it.
    Otree,
}

/// A participant's page, as the bench opens it.
pub struct Seat {
    /// The page's live socket (`ws://...`).
    pub url: String,
    /// Their id in their group of four.
    pub id_in_group: u32,
}

/// The part of a livehost frame the bench reads.
#[derive(Deserialize)]
struct LivehostFrame {
    recv: Option<Payload>,
    error: Option<String>,
}

/// The part of an oTree frame the bench reads (oTree's consumer sends
/// `otree_success: false` with no payload when the live method raised).
#[derive(Deserialize)]
struct OtreeFrame {
    otree_success: Option<bool>,
    live_method_payload: Option<Payload>,
}

/// What the auction's live method sends: a bid's broadcast, or (the
/// Python app's) a refusal to its sender.
#[derive(Deserialize)]
struct Payload {
    id_in_group: Option<u32>,
    bid: Option<u64>,
    error: Option<String>,
}

/// A frame the bench counts.
enum Reply {
    /// A bid's broadcast: who bid what.
    Broadcast { id_in_group: u32, bid: u64 },
    /// A refused or failed message.
    Error(String),
    /// Anything else (acks, payloads of other shapes).
    Other,
}

impl Protocol {
    /// The text frame that sends `bid` as the `sequence`-th message.
    fn encode(self, sequence: u64, bid: u64) -> String {
        match self {
            Protocol::Livehost => format!("{{\"id\":{sequence},\"data\":{bid}}}"),
            // live.js: `liveSocket.send(JSON.stringify(msg))`.
            Protocol::Otree => bid.to_string(),
        }
    }

    /// What a text frame from the server says.
    fn decode(self, text: &str) -> Reply {
        let payload = match self {
            Protocol::Livehost => match serde_json::from_str::<LivehostFrame>(text) {
                Ok(LivehostFrame { recv: Some(p), .. }) => p,
                Ok(LivehostFrame { error: Some(e), .. }) => return Reply::Error(e),
                _ => return Reply::Other,
            },
            Protocol::Otree => match serde_json::from_str::<OtreeFrame>(text) {
                Ok(OtreeFrame {
                    otree_success: Some(false),
                    ..
                }) => {
                    return Reply::Error(
                        "the live method failed on the oTree server (otree_success: false; see its log)"
                            .into(),
                    );
                }
                Ok(OtreeFrame {
                    live_method_payload: Some(p),
                    ..
                }) => p,
                _ => return Reply::Other,
            },
        };
        match payload {
            Payload {
                id_in_group: Some(id_in_group),
                bid: Some(bid),
                ..
            } => Reply::Broadcast { id_in_group, bid },
            Payload { error: Some(e), .. } => Reply::Error(e),
            _ => Reply::Other,
        }
    }
}

/// Waits until the next bid is due. A closed loop bids at once: through
/// the timer it would wait for the timer's next millisecond tick, and that
/// wait, not the host, would pace the loop.
async fn send_time(pace: Pace, next_send: Instant) {
    if !matches!(pace, Pace::Closed) {
        tokio::time::sleep_until(next_send).await;
    }
}

/// Opens a page's live socket at `url`.
pub async fn connect(url: &str) -> Result<Socket, String> {
    // Small read buffers: thousands of page views in one process.
    let config = WebSocketConfig::default().read_buffer_size(8 * 1024);
    let connecting = tokio_tungstenite::connect_async_with_config(url, Some(config), true);
    match tokio::time::timeout(Duration::from_secs(30), connecting).await {
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(e)) => Err(format!("cannot open {url}: {e}")),
        Err(_) => Err(format!("{url} did not open within 30 s")),
    }
}

/// One participant's run until `until` (answers are awaited `grace`
/// longer). `index` makes its bids unique: bid = sequence << 20 | index.
pub struct Bidder {
    pub socket: Socket,
    pub protocol: Protocol,
    pub id_in_group: u32,
    pub index: u64,
    pub pace: Pace,
    pub until: Instant,
    pub grace: Duration,
    pub late: Duration,
    pub counters: Arc<Counters>,
}

impl Bidder {
    pub async fn run(self) -> Outcome {
        let Bidder {
            socket,
            protocol,
            id_in_group,
            index,
            pace,
            until,
            grace,
            late,
            counters,
        } = self;
        let (mut sink, mut frames) = socket.split();
        let mut outcome = Outcome::default();
        // Bids in flight: bid -> when it was (to be) sent.
        let mut pending: HashMap<u64, Instant> = HashMap::new();
        let mut sequence = 0u64;
        let gap = |per_second: f64| {
            // Exponential gaps: a Poisson process.
            let u: f64 = rand::random();
            Duration::from_secs_f64(-(1.0 - u).ln() / per_second)
        };
        let mut next_send = match pace {
            Pace::Closed => Instant::now(),
            Pace::Open { per_second } => Instant::now() + gap(per_second),
            Pace::Idle => until,
        };
        let end = until + grace;
        loop {
            let may_send = next_send < until
                && match pace {
                    Pace::Closed => pending.is_empty(),
                    Pace::Open { .. } => true,
                    Pace::Idle => false,
                };
            if !may_send && pending.is_empty() && Instant::now() >= until {
                break;
            }
            tokio::select! {
                _ = send_time(pace, next_send), if may_send => {
                    sequence += 1;
                    let bid = (sequence << 20) | index;
                    let frame = protocol.encode(sequence, bid);
                    // A server that stops reading (its buffers full) must
                    // not hold the run past its end.
                    match tokio::time::timeout_at(end, sink.send(Message::Text(frame.into()))).await {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            outcome.error.get_or_insert(format!("sending failed: {e}"));
                            break;
                        }
                        Err(_) => {
                            outcome.error.get_or_insert("a send was still blocked at the end: the server had stopped reading".into());
                            break;
                        }
                    }
                    counters.sent.fetch_add(1, Ordering::Relaxed);
                    match pace {
                        Pace::Closed => {
                            pending.insert(bid, Instant::now());
                            next_send = Instant::now();
                        }
                        Pace::Open { per_second } => {
                            // Timed from when it should have gone: a host
                            // that falls behind shows in the latency.
                            pending.insert(bid, next_send);
                            next_send += gap(per_second);
                        }
                        Pace::Idle => {}
                    }
                }
                frame = frames.next() => {
                    let text = match frame {
                        Some(Ok(Message::Text(t))) => t,
                        Some(Ok(Message::Close(c))) => {
                            outcome.error.get_or_insert(format!("the host closed the page view: {c:?}"));
                            break;
                        }
                        Some(Ok(_)) => continue,
                        Some(Err(e)) => {
                            outcome.error.get_or_insert(format!("the page view failed: {e}"));
                            break;
                        }
                        None => {
                            outcome.error.get_or_insert("the page view ended".into());
                            break;
                        }
                    };
                    match protocol.decode(&text) {
                        Reply::Broadcast { id_in_group: from, bid } => {
                            counters.deliveries.fetch_add(1, Ordering::Relaxed);
                            if from == id_in_group
                                && let Some(sent) = pending.remove(&bid)
                            {
                                let took = sent.elapsed();
                                let us = took.as_micros().min(u128::from(u32::MAX)) as u32;
                                counters.answered.fetch_add(1, Ordering::Relaxed);
                                outcome.latencies_us.push(us);
                                outcome.last_answer = Some(Instant::now());
                                if let Ok(mut recent) = counters.recent.lock() {
                                    recent.push(us);
                                }
                                if took > late {
                                    outcome.late += 1;
                                }
                            }
                        }
                        Reply::Error(e) => {
                            counters.errors.fetch_add(1, Ordering::Relaxed);
                            outcome.error.get_or_insert(e);
                            if matches!(pace, Pace::Closed) {
                                // Its broadcast will not come: go on.
                                pending.clear();
                            }
                        }
                        Reply::Other => {}
                    }
                }
                _ = tokio::time::sleep_until(end) => break,
            }
        }
        outcome.lost = pending.len() as u64;
        // Bounded too: a server far behind may not read the close frame.
        let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
        outcome
    }
}
