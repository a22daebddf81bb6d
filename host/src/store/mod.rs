//! Everything livehost keeps lives in one redb file; this module is the only
//! code that knows its layout.
//!
//! # Schema (format version 6)
//!
//! | table | key | value |
//! |---|---|---|
//! | `meta` | `&str` name | `&str`; `"format"` = `"6"` |
//! | `experiments` | `&str` SHA-256 (hex) of the component | JSON [`ExperimentRecord`] |
//! | `experiment_bytes` | `&str` SHA-256 (hex) | the component's bytes |
//! | `sessions` | `&str` session code | JSON [`SessionRecord`] |
//! | `participants` | `&str` participant code | JSON [`ParticipantRecord`] |
//! | `session_participants` | `(&str session, u32 participant id)` | `&str` participant code |
//! | `state` | `(&str session, u8 scope, u64 owner, &str key)` | `&str` JSON value |
//! | `log_rows` | `(&str session, u64 row id)` | JSON [`StoredRow`] (table, group id and the [`RowRecord`]) |
//! | `messages` | `(&str session, u64 seq)` | JSON [`MessageRecord`] |
//! | `counters` | `(&str session, &str name)` | `u64`: `"rows"`, one past the highest row id deleted (format 5 also kept `"messages"` and every row id here) |
//! | `client_acks` | `&str` participant code | JSON `[[view, n], ...]`: per page view, the last client message number applied |
//! | `room_seats` | `(&str session, u32 participant id)` | `u64` when the session's room link handed this participant to an arrival (ms since the Unix epoch) |
//! | `group_matrices` | `(&str session, u32 app index, u32 round)` | JSON `[[participant id, ...], ...]`: the round's groups, each by id in group, as oTree's creating_session set them (rounds without one have the default groups) |
//!
//! Format 3 added, to format 2's tables: a session record's `closed_ms`
//! (the experimenter closed it) and message-log entries of kind `admin`
//! (the experimenter's actions). Format 4 added the `room_seats` table.
//! Format 5 added message-log entries of kind `hook` (oTree's
//! creating_session and after_all_players_arrive ran), the
//! `group_matrices` table and a session record's `groups_per_round`
//! (its rounds have groups of their own; see `runtime::AppGroups`).
//! Format 6 stopped writing `counters` with every call: a session's next
//! message number and row id are one past its last in `messages` and
//! `log_rows`, or past its `counters` entry where that is higher (a
//! format-5 file's, or a deleted last row's). A format-2, -3, -4 or -5
//! file is upgraded when opened (its format number rewritten and the new
//! tables created: nothing else changes); a livehost
//! that reads an older format refuses a newer file instead of misreading
//! it (it would reopen closed sessions, or hand out seats twice).
//!
//! `meta` also holds `"admin_token_sha256"`: the hex SHA-256 of the admin
//! token generated at first start (the token itself is never stored).
//!
//! `state` owners (see [`StateKey`]): scope 0 session (owner 0), 1 group
//! (`group_id << 32 | round`), 2 player (`participant_id << 32 | round`),
//! 3 participant (`participant_id`).
//!
//! # Invariants
//!
//! - An experiment's bytes hash to its key, and its record's `info` is what
//!   the component's `info` export returned, already validated.
//! - A session names an experiment that exists; every participant of a
//!   session exists in `participants` and in `session_participants`, both
//!   written in the transaction that created the session.
//! - Everything a live call or a page advance writes (state, log rows,
//!   participant positions, its message-log entry) is written in one write
//!   transaction, so a call is either wholly on disk or not at all.
//! - Closing a session writes its record (with `closed_ms`) and its `admin`
//!   message-log entry in one transaction; nothing of the session is
//!   applied after that entry.
//! - Every write transaction commits with `Durability::Immediate`. Nothing
//!   derived from a call (a reply, a page change) is shown to anybody before
//!   [`Store::submit`]'s completion has reported the commit durable.
//! - A live message that carries a client id (a page view and a number
//!   growing within it) is applied at most once: its participant's
//!   `client_acks` entry is written in the same transaction as the call,
//!   and a message whose number is not above its view's entry is refused
//!   as already applied.
//! - A session's group matrices are written in the transaction that
//!   creates it and never change; each is a partition of its
//!   participants. Every participant record's group and id in group are
//!   their seat in their app's round as its matrix (or the default) says.
//! - A participant is in `room_seats` at most once, and only if the room
//!   link handed them out; seats are taken one write transaction at a
//!   time, each checking the table, so no two arrivals get one seat.
//! - Row ids and message sequence numbers grow within a session: the next
//!   is one past the highest committed, read from the last key of
//!   `messages` or `log_rows` and from `counters`, which a transaction
//!   deleting a row moves past its id. A call that failed leaves a gap,
//!   never a reuse of a committed number.
//!
//! Log rows are keyed by id alone so that a batch's rows, whichever groups
//! they come from, are appended at the end of one B-tree instead of
//! touching one leaf per group. Reading a group's rows goes through an
//! in-memory index of each session's row ids by (table, group), built by
//! one scan of the session's rows on its first query and kept up to date
//! by every submit ([`row_index`]).
//!
//! # Reading what is not yet committed
//!
//! A group's calls are pipelined: call n+1 runs while call n's commit is in
//! flight. So that n+1 sees n's writes, submitted writes stay in an
//! in-memory overlay ([`pending`]) until their commit is done; reads look
//! there first. If a commit fails, the store is poisoned: every later call
//! fails with [`StoreError::Poisoned`], so nothing that read a write that
//! never became durable is ever shown.

mod batch;
mod committer;
mod keys;
mod message_feed;
mod pending;
mod reads;
mod records;
mod row_index;
mod schema;
mod writes;

pub use batch::{Completion, Write};
pub use committer::{CommitFigures, CommitStats};
pub use keys::{KeyMap, RowKey, Scope, StateKey};
pub use message_feed::{LoggedMessage, MessageFeed};
pub use records::{
    AllowedHost, Allowlist, ExperimentRecord, MessageKind, MessageRecord, ParticipantRecord, Reply,
    RowRecord, Scheme, SessionRecord, StoredRow,
};

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use redb::Database;

use committer::Committer;
use pending::Pending;
use row_index::RowIndex;
use schema::FORMAT_VERSION;
use writes::SessionCounters;

/// A storage failure. Every variant says what to do about it.
#[derive(Debug, thiserror::Error, Clone)]
pub enum StoreError {
    #[error(
        "the data file could not be read or written ({0}); check the disk and the file's permissions"
    )]
    Io(String),
    #[error(
        "the data file was written by a different livehost format ({found}, expected {FORMAT_VERSION}); use a livehost version that matches it, or a new data file"
    )]
    Format { found: String },
    #[error("a stored record is damaged ({0}); restore the data file from a backup")]
    Corrupt(String),
    #[error(
        "an earlier write to the data file failed, so livehost stopped accepting changes to protect the data; restart livehost (nothing committed is lost)"
    )]
    Poisoned,
    #[error("livehost is shutting down; try again after it restarts")]
    Closed,
}

macro_rules! io_error_from {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::Io(e.to_string())
            }
        }
    )*};
}
io_error_from!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// The data file: reads, and batches of writes through the group committer.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: Arc<Database>,
    pending: Arc<Pending>,
    row_index: RowIndex,
    committer: Committer,
    counters: Mutex<HashMap<Arc<str>, Arc<SessionCounters>>>,
    poisoned: Arc<AtomicBool>,
    feed: Arc<MessageFeed>,
}

/// The data file's page cache unless configured (redb's own default is
/// 1 GiB, which a long session fills: too much for a lab machine that also
/// holds thousands of page views and group instances).
pub const DEFAULT_CACHE_BYTES: usize = 256 << 20;

impl Store {
    /// Opens (or creates) the data file at `path`, checking its format,
    /// with the default page cache ([`DEFAULT_CACHE_BYTES`]).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_cache(path, DEFAULT_CACHE_BYTES)
    }

    /// [`Store::open`] with a page cache of `cache_bytes`. The cache holds
    /// the file's recently read and written pages: it fills as the message
    /// log grows, up to this size, and is most of the host's memory after a
    /// long session.
    pub fn open_with_cache(path: &Path, cache_bytes: usize) -> Result<Store, StoreError> {
        // Made here, for the mode only this user may read it with; redb
        // initialises an empty file as a new database.
        crate::private_files::create_file(path)
            .map_err(|e| StoreError::Io(format!("{}: {e}", path.display())))?;
        let db = redb::Builder::new()
            .set_cache_size(cache_bytes)
            .create(path)
            .map_err(|e| match e {
                redb::DatabaseError::DatabaseAlreadyOpen => StoreError::Io(format!(
                    "{} is already open in another livehost process",
                    path.display()
                )),
                other => StoreError::Io(format!("{}: {other}", path.display())),
            })?;
        Store::start(db)
    }

    /// Opens (or creates) a data file kept by `backend` instead of a file
    /// on disk: the crash tests give it one that forgets every byte not
    /// yet synced.
    pub fn open_on_backend(
        backend: impl redb::StorageBackend,
        cache_bytes: usize,
    ) -> Result<Store, StoreError> {
        let db = redb::Builder::new()
            .set_cache_size(cache_bytes)
            .create_with_backend(backend)
            .map_err(|e| StoreError::Io(format!("the data file's storage: {e}")))?;
        Store::start(db)
    }

    /// Checks the format of the opened database and starts its committer.
    fn start(db: Database) -> Result<Store, StoreError> {
        let db = Arc::new(db);
        schema::open(&db)?;
        let pending = Arc::new(Pending::default());
        let poisoned = Arc::new(AtomicBool::new(false));
        let feed = Arc::new(MessageFeed::default());
        let committer =
            Committer::start(db.clone(), pending.clone(), poisoned.clone(), feed.clone())?;
        Ok(Store {
            inner: Arc::new(Inner {
                db,
                pending,
                row_index: RowIndex::default(),
                committer,
                counters: Mutex::new(HashMap::new()),
                poisoned,
                feed,
            }),
        })
    }

    /// Message-log entries as their commits land ([`MessageFeed`]).
    pub fn message_feed(&self) -> &MessageFeed {
        &self.inner.feed
    }

    /// What the group committer has done so far (for benchmarks and
    /// monitoring).
    pub fn commit_stats(&self) -> CommitStats {
        self.inner.committer.counters.get()
    }

    /// The committer's figures for [`crate::metrics`]: jobs waiting, and
    /// each commit's time and jobs (histograms shared with the registry).
    pub fn commit_figures(&self) -> CommitFigures {
        let c = &self.inner.committer.counters;
        CommitFigures {
            queued: c.queued.load(std::sync::atomic::Ordering::Relaxed),
            seconds: c.seconds.clone(),
            batch: c.batch.clone(),
        }
    }

    /// Whether the data file takes writes: it answers reads, and no commit
    /// has failed (after one, the store refuses every change until a
    /// restart).
    pub fn check(&self) -> Result<(), StoreError> {
        if self
            .inner
            .poisoned
            .load(std::sync::atomic::Ordering::Acquire)
        {
            return Err(StoreError::Poisoned);
        }
        self.meta("format").map(|_| ())
    }

    /// Stops the committer after it has committed everything submitted.
    pub fn close(&self) {
        self.inner.committer.close();
    }
}
