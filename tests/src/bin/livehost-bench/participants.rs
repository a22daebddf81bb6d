//! One bench participant: a page view of the auction page over a real
//! websocket, sending bids as live messages (`{"id": n, "data": bid}`) and
//! timing each from its send (closed loop) or its scheduled send (open
//! loop) to the arrival of its own broadcast.

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
}

/// The part of a frame the bench reads.
#[derive(Deserialize)]
struct Frame {
    recv: Option<Broadcast>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Broadcast {
    id_in_group: u32,
    bid: u64,
}

/// Waits until the next bid is due. A closed loop bids at once: through
/// the timer it would wait for the timer's next millisecond tick, and that
/// wait, not the host, would pace the loop.
async fn send_time(pace: Pace, next_send: Instant) {
    if !matches!(pace, Pace::Closed) {
        tokio::time::sleep_until(next_send).await;
    }
}

/// Opens the page view of participant `code` on the auction page.
pub async fn connect(addr: &str, code: &str, view: usize) -> Result<Socket, String> {
    let url = format!("ws://{addr}/live/{code}?view=bench{view}&page=Auction");
    // Small read buffers: thousands of page views in one process.
    let config = WebSocketConfig::default().read_buffer_size(8 * 1024);
    let connecting = tokio_tungstenite::connect_async_with_config(&url, Some(config), true);
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
                    let frame = format!("{{\"id\":{sequence},\"data\":{bid}}}");
                    if let Err(e) = sink.send(Message::Text(frame.into())).await {
                        outcome.error.get_or_insert(format!("sending failed: {e}"));
                        break;
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
                    let Ok(frame) = serde_json::from_str::<Frame>(&text) else { continue };
                    if let Some(b) = frame.recv {
                        counters.deliveries.fetch_add(1, Ordering::Relaxed);
                        if b.id_in_group == id_in_group
                            && let Some(sent) = pending.remove(&b.bid)
                        {
                            let took = sent.elapsed();
                            let us = took.as_micros().min(u128::from(u32::MAX)) as u32;
                            counters.answered.fetch_add(1, Ordering::Relaxed);
                            outcome.latencies_us.push(us);
                            if let Ok(mut recent) = counters.recent.lock() {
                                recent.push(us);
                            }
                            if took > late {
                                outcome.late += 1;
                            }
                        }
                    } else if let Some(e) = frame.error {
                        counters.errors.fetch_add(1, Ordering::Relaxed);
                        outcome.error.get_or_insert(e);
                        if matches!(pace, Pace::Closed) {
                            // Its broadcast will not come: go on.
                            pending.clear();
                        }
                    }
                }
                _ = tokio::time::sleep_until(end) => break,
            }
        }
        outcome.lost = pending.len() as u64;
        let _ = sink.close().await;
        outcome
    }
}
