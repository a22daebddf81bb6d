//! Page timeouts (oTree's `timeout_seconds`): deadlines the host keeps and
//! fires itself, whether a browser is open or not.
//!
//! A deadline is set the first time a page with a timeout is shown and is
//! stored in the participant's record, so that a reload or a restart does
//! not move it ([`super::group`]'s `show`). This file holds the one timer
//! task of the host: a heap of (deadline, participant) it sleeps on; at a
//! deadline it asks the participant's group to time the page out, and the
//! group checks that the participant is still on that page. Deadlines of a
//! restarted host are scheduled again from the data file
//! ([`Livehost::resume_timeouts`]).
//!
//! The task holds the host only weakly, and ends when the host's sender is
//! dropped with the host.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use tokio::sync::mpsc;

use super::{Livehost, Shared, now_ms};

/// A deadline: when (ms since the epoch), and whose page.
type Deadline = (u64, Arc<str>);

/// How long after a deadline the host times a page out itself: an open
/// page submits itself at the deadline (with what its form holds, as on
/// oTree), and this leaves it the time to arrive first.
const GRACE_MS: u64 = 500;

/// The host's page timer.
pub(crate) struct PageTimeouts {
    host: Weak<Shared>,
    tx: OnceLock<mpsc::UnboundedSender<Deadline>>,
}

impl PageTimeouts {
    pub(crate) fn new(host: Weak<Shared>) -> PageTimeouts {
        PageTimeouts {
            host,
            tx: OnceLock::new(),
        }
    }

    /// Times out `code`'s page at `deadline_ms` (if they are still on it
    /// then). The timer task starts with the first deadline.
    pub(crate) fn schedule(&self, code: Arc<str>, deadline_ms: u64) {
        if self.host.upgrade().is_some_and(|h| !h.config.page_timers) {
            return;
        }
        let tx = self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(run(self.host.clone(), rx));
            tx
        });
        // The task ends only with the host, which holds this sender.
        let _ = tx.send((deadline_ms, code));
    }
}

async fn run(host: Weak<Shared>, mut rx: mpsc::UnboundedReceiver<Deadline>) {
    let mut heap: BinaryHeap<Reverse<Deadline>> = BinaryHeap::new();
    loop {
        let wait = heap.peek().map(|Reverse((at, _))| {
            Duration::from_millis((at + GRACE_MS).saturating_sub(now_ms()))
        });
        tokio::select! {
            deadline = rx.recv() => match deadline {
                Some(d) => heap.push(Reverse(d)),
                None => return,
            },
            _ = tokio::time::sleep(wait.unwrap_or(Duration::MAX)), if wait.is_some() => {
                let now = now_ms();
                while heap.peek().is_some_and(|Reverse((at, _))| at + GRACE_MS <= now) {
                    let Some(Reverse((at, code))) = heap.pop() else { break };
                    let Some(inner) = host.upgrade() else { return };
                    let host = Livehost { inner };
                    tokio::spawn(async move {
                        match host.time_out(&code, TimeoutTrigger::Timer(at), "{}").await {
                            Ok(_) | Err(super::AdvanceError::NotTimedOut) => {}
                            Err(e) => {
                                // Named by session and id: the code is the
                                // participant's credential.
                                let who = host.store().participant(&code).ok().flatten();
                                tracing::warn!(
                                    session = who.as_ref().map(|p| p.session.as_str()),
                                    participant = who.as_ref().map(|p| p.participant_id),
                                    error = %e,
                                    "a page's timeout could not move a participant on"
                                );
                            }
                        }
                    });
                }
            }
        }
    }
}

/// What times a page out, and so which deadline it must have passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutTrigger {
    /// The deadline (ms since the Unix epoch) the host's timer set: a
    /// participant who has moved on since is left alone.
    Timer(u64),
    /// The page itself submits at its deadline, which must then have
    /// passed (a second of clock difference allowed).
    Page,
    /// A recorded time-out replayed (`livehost replay`): the participant
    /// need only be on a page with a deadline.
    Replayed,
}

impl Livehost {
    /// Times out `code`'s page: oTree's `before_next_page(player,
    /// timeout_happened=True)` with `form` (what the open page had filled
    /// in, or `{}`), then the participant moves on.
    pub async fn time_out(
        &self,
        code: &str,
        deadline: TimeoutTrigger,
        form: &str,
    ) -> Result<super::Advanced, super::AdvanceError> {
        let group = self
            .group_of(code)
            .await
            .map_err(super::AdvanceError::from_live)?;
        group.time_out(code, deadline, form).await
    }

    /// Schedules again the deadlines kept in the data file (after a start):
    /// those of participants of open sessions who are on a timed page. A
    /// deadline that passed while the host was down fires at once.
    pub fn resume_timeouts(&self) -> Result<usize, crate::store::StoreError> {
        let mut n = 0;
        for session in self.inner.store.sessions()? {
            if session.closed_ms.is_some() {
                continue;
            }
            for p in self.inner.store.session_participants(&session.code)? {
                if let (Some(at), false) = (p.deadline_ms, p.finished) {
                    self.inner.timeouts.schedule(Arc::from(p.code.as_str()), at);
                    n += 1;
                }
            }
        }
        Ok(n)
    }
}
