//! The open page views of each participant: where replies go once their
//! call is durable, and where a page hears that it should move on.
//!
//! Each page view (one browser tab on `/live/{code}`) registers an outbound
//! queue here. The group's commit callback hands replies to
//! [`PageViews::deliver`] in commit order, so every recipient sees a
//! group's messages in the order they were applied. Queues are bounded: a
//! page that does not read its messages is told to close (its socket drops
//! and live.js reconnects), instead of growing the host's memory.
//!
//! It also keeps what the admin API shows per participant (connected page
//! views, last activity) and each participant's message-rate allowance.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::Utf8Bytes;

use super::{Delivery, LiveError, lock, now_ms};

/// Limits on participants' sockets.
#[derive(Debug, Clone)]
pub struct SocketLimits {
    /// Largest live message accepted, in bytes of JSON text.
    pub max_message_bytes: usize,
    /// Live messages per second a participant may send, on average ...
    pub rate_per_sec: f64,
    /// ... and in a burst.
    pub burst: f64,
    /// Frames waiting for a page view before it is closed as not reading.
    pub outbound_queue: usize,
    /// Page views one participant may have open at once (tabs, windows):
    /// one code cannot hold the host's connections.
    pub max_views_per_participant: usize,
}

impl Default for SocketLimits {
    fn default() -> Self {
        SocketLimits {
            max_message_bytes: 64 * 1024,
            rate_per_sec: 20.0,
            burst: 50.0,
            outbound_queue: 256,
            max_views_per_participant: 16,
        }
    }
}

/// A frame for one page view.
#[derive(Debug, Clone)]
pub enum ViewFrame {
    /// JSON text: `{"recv": payload}`, `{"ack": n}`, `{"error": ...}` or
    /// `{"moved": true}`.
    Text(Utf8Bytes),
}

/// One open page view, as its socket task holds it.
pub struct PageView {
    pub id: u64,
    pub code: Arc<str>,
    pub outbound: mpsc::Receiver<ViewFrame>,
    /// Signalled when the view's queue overflowed: close the socket.
    pub overflow: Arc<Notify>,
    /// The sending side, for the socket's own answers.
    pub queue: ViewQueue,
}

/// The sending side of a page view's queue.
#[derive(Clone)]
pub struct ViewQueue {
    tx: mpsc::Sender<ViewFrame>,
    overflow: Arc<Notify>,
}

impl ViewQueue {
    /// Queues a frame; a full queue (the page does not read) closes the
    /// view instead.
    pub fn push(&self, frame: Utf8Bytes) {
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(ViewFrame::Text(frame)) {
            self.overflow.notify_one();
        }
    }
}

struct ViewSlot {
    id: u64,
    queue: ViewQueue,
}

struct Participant {
    views: Vec<ViewSlot>,
    tokens: f64,
    refilled: Instant,
    last_activity_ms: u64,
    last_message_ms: u64,
}

/// Every open page view, by participant code.
pub struct PageViews {
    limits: SocketLimits,
    next_id: AtomicU64,
    participants: Mutex<HashMap<Arc<str>, Participant>>,
}

/// A participant's connection state for the admin API.
#[derive(Debug, Clone, Copy, Default)]
pub struct Presence {
    pub connected: usize,
    /// Last page view opened or live message sent, ms since the epoch.
    pub last_activity_ms: Option<u64>,
    /// Last live message sent (since the host started), ms since the epoch.
    pub last_message_ms: Option<u64>,
}

impl PageViews {
    pub fn new(limits: SocketLimits) -> PageViews {
        PageViews {
            limits,
            next_id: AtomicU64::new(1),
            participants: Mutex::new(HashMap::new()),
        }
    }

    pub fn limits(&self) -> &SocketLimits {
        &self.limits
    }

    fn participant<'a>(
        map: &'a mut HashMap<Arc<str>, Participant>,
        code: &Arc<str>,
        burst: f64,
    ) -> &'a mut Participant {
        map.entry(code.clone()).or_insert_with(|| Participant {
            views: Vec::new(),
            tokens: burst,
            refilled: Instant::now(),
            last_activity_ms: 0,
            last_message_ms: 0,
        })
    }

    /// Registers a page view of the participant with `code`.
    pub fn open(&self, code: &str) -> Result<PageView, LiveError> {
        let code: Arc<str> = Arc::from(code);
        let mut map = lock(&self.participants);
        let p = Self::participant(&mut map, &code, self.limits.burst);
        let max = self.limits.max_views_per_participant.max(1);
        if p.views.len() >= max {
            return Err(LiveError::TooManyPages(max));
        }
        let (tx, outbound) = mpsc::channel(self.limits.outbound_queue.max(1));
        let overflow = Arc::new(Notify::new());
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let queue = ViewQueue {
            tx,
            overflow: overflow.clone(),
        };
        p.views.push(ViewSlot {
            id,
            queue: queue.clone(),
        });
        p.last_activity_ms = now_ms();
        Ok(PageView {
            id,
            code,
            outbound,
            overflow,
            queue,
        })
    }

    /// A page view's queue that is not among the participant's page views
    /// (a chat box's socket: live replies and moves are not for it).
    pub fn detached(&self, code: &str) -> PageView {
        let (tx, outbound) = mpsc::channel(self.limits.outbound_queue.max(1));
        let overflow = Arc::new(Notify::new());
        PageView {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            code: Arc::from(code),
            outbound,
            overflow: overflow.clone(),
            queue: ViewQueue { tx, overflow },
        }
    }

    /// Forgets a closed page view.
    pub fn close(&self, code: &str, id: u64) {
        let mut map = lock(&self.participants);
        if let Some(p) = map.get_mut(code) {
            p.views.retain(|v| v.id != id);
        }
    }

    /// Takes one live message from the participant's allowance; false when
    /// they are over the rate.
    pub fn allow(&self, code: &str) -> bool {
        let mut map = lock(&self.participants);
        let Some(p) = map.get_mut(code) else {
            return true;
        };
        let now = Instant::now();
        let refill = now.duration_since(p.refilled).as_secs_f64() * self.limits.rate_per_sec;
        p.tokens = (p.tokens + refill).min(self.limits.burst);
        p.refilled = now;
        p.last_activity_ms = now_ms();
        p.last_message_ms = p.last_activity_ms;
        if p.tokens >= 1.0 {
            p.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Queues a frame for every page view of one participant.
    fn send(map: &HashMap<Arc<str>, Participant>, code: &str, frame: &Utf8Bytes) {
        let Some(p) = map.get(code) else { return };
        for v in &p.views {
            v.queue.push(frame.clone());
        }
    }

    /// Hands each reply to its recipient's page views (`liveRecv`).
    pub fn deliver(&self, deliveries: &[Delivery]) {
        let map = lock(&self.participants);
        if map.is_empty() {
            return;
        }
        // Recipients of one message share its payload: make its frame once.
        let mut last: Option<(&Arc<str>, Utf8Bytes)> = None;
        for d in deliveries {
            let frame = match &last {
                Some((payload, frame)) if Arc::ptr_eq(payload, &d.payload) => frame.clone(),
                _ => {
                    let frame = Utf8Bytes::from(format!("{{\"recv\":{}}}", d.payload));
                    last = Some((&d.payload, frame.clone()));
                    frame
                }
            };
            Self::send(&map, &d.code, &frame);
        }
    }

    /// Tells the page views of these participants that their page changed.
    pub fn tell_moved(&self, codes: &[Arc<str>]) {
        let map = lock(&self.participants);
        let frame = Utf8Bytes::from_static(r#"{"moved":true}"#);
        for code in codes {
            Self::send(&map, code, &frame);
        }
    }

    /// Page views open, of all participants.
    pub fn open_views(&self) -> usize {
        lock(&self.participants)
            .values()
            .map(|p| p.views.len())
            .sum()
    }

    /// How many page views the participant has open, and when they were
    /// last active.
    pub fn presence(&self, code: &str) -> Presence {
        let map = lock(&self.participants);
        map.get(code).map_or(Presence::default(), |p| Presence {
            connected: p.views.len(),
            last_activity_ms: Some(p.last_activity_ms).filter(|&t| t > 0),
            last_message_ms: Some(p.last_message_ms).filter(|&t| t > 0),
        })
    }

    /// Notes activity (a page load) of a participant.
    pub fn touch(&self, code: &str) {
        let code: Arc<str> = Arc::from(code);
        let mut map = lock(&self.participants);
        Self::participant(&mut map, &code, self.limits.burst).last_activity_ms = now_ms();
    }
}
