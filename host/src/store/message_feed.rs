//! The message log as it happens: each entry, once its commit is durable,
//! to whoever watches (the console's session monitor).
//!
//! The committer publishes here after a successful commit, so a watcher
//! never sees an entry that is not on disk. It asks once per commit
//! whether anybody watches (one uncontended lock); with nobody watching,
//! nothing else is done.
//! A watcher that falls more than [`CAPACITY`] entries behind is told how
//! many it missed (the export has every entry).

use std::sync::Arc;

use tokio::sync::broadcast;

use super::{MessageRecord, Write};

/// Entries a slow watcher may fall behind before it misses some.
pub const CAPACITY: usize = 4096;

/// A committed message-log entry.
#[derive(Debug, Clone)]
pub struct LoggedMessage {
    pub session: Arc<str>,
    /// Its number in the session's log.
    pub seq: u64,
    pub record: MessageRecord,
}

/// Where committed entries are published.
pub struct MessageFeed {
    tx: broadcast::Sender<Arc<LoggedMessage>>,
}

impl Default for MessageFeed {
    fn default() -> Self {
        MessageFeed {
            tx: broadcast::channel(CAPACITY).0,
        }
    }
}

impl MessageFeed {
    /// Every entry committed from now on (of every session).
    pub fn watch(&self) -> broadcast::Receiver<Arc<LoggedMessage>> {
        self.tx.subscribe()
    }

    /// Whether anybody watches (the committer asks once per commit).
    pub(super) fn watched(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    /// Publishes the message-log entries among a job's writes.
    pub(super) fn publish(&self, writes: Vec<Write>) {
        for w in writes {
            if let Write::Message {
                session,
                seq,
                record,
            } = w
            {
                // An error means every watcher has gone meanwhile.
                let _ = self.tx.send(Arc::new(LoggedMessage {
                    session,
                    seq,
                    record,
                }));
            }
        }
    }
}
