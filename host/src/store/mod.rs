//! Everything livehost keeps lives in one redb file; this module is the only
//! code that knows its layout.
//!
//! # Schema (format version 4)
//!
//! | table | key | value |
//! |---|---|---|
//! | `meta` | `&str` name | `&str`; `"format"` = `"4"` |
//! | `experiments` | `&str` SHA-256 (hex) of the component | JSON [`ExperimentRecord`] |
//! | `experiment_bytes` | `&str` SHA-256 (hex) | the component's bytes |
//! | `sessions` | `&str` session code | JSON [`SessionRecord`] |
//! | `participants` | `&str` participant code | JSON [`ParticipantRecord`] |
//! | `session_participants` | `(&str session, u32 participant id)` | `&str` participant code |
//! | `state` | `(&str session, u8 scope, u64 owner, &str key)` | `&str` JSON value |
//! | `log_rows` | `(&str session, u64 row id)` | JSON [`StoredRow`] (table, group id and the [`RowRecord`]) |
//! | `messages` | `(&str session, u64 seq)` | JSON [`MessageRecord`] |
//! | `counters` | `(&str session, &str name)` | `u64` next free number |
//! | `client_acks` | `&str` participant code | JSON `[[view, n], ...]`: per page view, the last client message number applied |
//! | `room_seats` | `(&str session, u32 participant id)` | `u64` when the session's room link handed this participant to an arrival (ms since the Unix epoch) |
//!
//! Format 3 added, to format 2's tables: a session record's `closed_ms`
//! (the experimenter closed it) and message-log entries of kind `admin`
//! (the experimenter's actions). Format 4 added the `room_seats` table. A
//! format-2 or -3 file is upgraded when opened (its format number
//! rewritten and the new table created: nothing else changes); a livehost
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
//! - A participant is in `room_seats` at most once, and only if the room
//!   link handed them out; seats are taken one write transaction at a
//!   time, each checking the table, so no two arrivals get one seat.
//! - Row ids and message sequence numbers grow within a session; the
//!   `counters` table holds one past the highest committed. A call that
//!   failed leaves a gap, never a reuse of a committed number.
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

mod committer;
mod message_feed;
mod pending;
mod records;
mod row_index;

pub use records::{
    ExperimentRecord, MessageKind, MessageRecord, ParticipantRecord, Reply, RowRecord,
    SessionRecord, StoredRow,
};

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

pub use committer::CommitStats;
use committer::Committer;
pub use message_feed::{LoggedMessage, MessageFeed};
use pending::Pending;
use row_index::RowIndex;

const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
const EXPERIMENTS: TableDefinition<&str, &str> = TableDefinition::new("experiments");
const EXPERIMENT_BYTES: TableDefinition<&str, &[u8]> = TableDefinition::new("experiment_bytes");
const SESSIONS: TableDefinition<&str, &str> = TableDefinition::new("sessions");
const PARTICIPANTS: TableDefinition<&str, &str> = TableDefinition::new("participants");
const SESSION_PARTICIPANTS: TableDefinition<(&str, u32), &str> =
    TableDefinition::new("session_participants");
const STATE: TableDefinition<(&str, u8, u64, &str), &str> = TableDefinition::new("state");
const LOG_ROWS: TableDefinition<(&str, u64), &str> = TableDefinition::new("log_rows");
const MESSAGES: TableDefinition<(&str, u64), &str> = TableDefinition::new("messages");
const COUNTERS: TableDefinition<(&str, &str), u64> = TableDefinition::new("counters");
const CLIENT_ACKS: TableDefinition<&str, &str> = TableDefinition::new("client_acks");
const ROOM_SEATS: TableDefinition<(&str, u32), u64> = TableDefinition::new("room_seats");

const FORMAT_VERSION: &str = "4";

/// Older formats this version opens, upgrading them in place (the changes
/// since were additive: nothing stored in them needs rewriting).
const UPGRADES_FROM: &[&str] = &["2", "3"];
const ROWS_COUNTER: &str = "rows";
const MESSAGES_COUNTER: &str = "messages";

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

/// Whose state a value is (the WIT `owner`, resolved to host ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Session,
    /// A group in one round.
    Group {
        group_id: u32,
        round: u32,
    },
    /// A participant's player in one round.
    Player {
        participant_id: u32,
        round: u32,
    },
    /// A participant across rounds.
    Participant {
        participant_id: u32,
    },
}

impl Scope {
    fn decode(scope: u8, owner: u64) -> Scope {
        let hi = (owner >> 32) as u32;
        let lo = owner as u32;
        match scope {
            0 => Scope::Session,
            1 => Scope::Group {
                group_id: hi,
                round: lo,
            },
            2 => Scope::Player {
                participant_id: hi,
                round: lo,
            },
            _ => Scope::Participant { participant_id: lo },
        }
    }

    fn encode(self) -> (u8, u64) {
        let pair = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
        match self {
            Scope::Session => (0, 0),
            Scope::Group { group_id, round } => (1, pair(group_id, round)),
            Scope::Player {
                participant_id,
                round,
            } => (2, pair(participant_id, round)),
            Scope::Participant { participant_id } => (3, u64::from(participant_id)),
        }
    }

    /// The scope's name as the export and the admin API show it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Session => "session",
            Scope::Group { .. } => "group",
            Scope::Player { .. } => "player",
            Scope::Participant { .. } => "participant",
        }
    }
}

/// A hash map for the per-call hot paths (state keys, pending writes).
/// Keys come from guests, so the hasher is randomly seeded (foldhash's
/// quality variant); it is several times faster than std's SipHash on the
/// short keys experiments use.
pub type KeyMap<K, V> = HashMap<K, V, foldhash::quality::RandomState>;

/// The full key of one state value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateKey {
    pub session: Arc<str>,
    pub scope: Scope,
    pub key: String,
}

/// The full key of one log row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub session: Arc<str>,
    pub table: String,
    pub group_id: u32,
    pub id: u64,
}

/// One change in a batch submitted by a call.
#[derive(Debug, Clone)]
pub enum Write {
    /// Set (`Some`) or delete (`None`) a state value.
    State(StateKey, Option<String>),
    /// Append a log row.
    Row(RowKey, RowRecord),
    /// Record a participant's new position.
    Participant(ParticipantRecord),
    /// A participant's last applied client message number per page view
    /// (JSON `[[view, n], ...]`).
    ClientAcks { code: Arc<str>, acks: String },
    /// Replace a session's record (closing it).
    Session(SessionRecord),
    /// Append to the session's message log.
    Message {
        session: Arc<str>,
        seq: u64,
        record: MessageRecord,
    },
}

/// What the committer reports to whoever submitted a batch.
pub type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

/// Next free row id and message number of each session.
#[derive(Default)]
struct SessionCounters {
    rows: AtomicU64,
    messages: AtomicU64,
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
        init_schema(&db)?;
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

    fn read(&self) -> Result<redb::ReadTransaction, StoreError> {
        Ok(self.inner.db.begin_read()?)
    }

    /// Writes directly in a transaction of its own (rare administrative
    /// writes: uploads and session creation), durably.
    fn write_now(
        &self,
        f: impl FnOnce(&redb::WriteTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if self.inner.poisoned.load(Ordering::Acquire) {
            return Err(StoreError::Poisoned);
        }
        let mut txn = self.inner.db.begin_write()?;
        txn.set_durability(redb::Durability::Immediate)?;
        f(&txn)?;
        txn.commit()?;
        Ok(())
    }

    // ----- experiments -------------------------------------------------

    /// Stores a component and its record, unless that SHA is stored already.
    /// Returns whether it was new.
    pub fn put_experiment(
        &self,
        record: &ExperimentRecord,
        bytes: &[u8],
    ) -> Result<bool, StoreError> {
        if self.experiment(&record.sha)?.is_some() {
            return Ok(false);
        }
        let json = serde_json::to_string(record)?;
        self.write_now(|txn| {
            txn.open_table(EXPERIMENTS)?
                .insert(record.sha.as_str(), json.as_str())?;
            txn.open_table(EXPERIMENT_BYTES)?
                .insert(record.sha.as_str(), bytes)?;
            Ok(())
        })?;
        Ok(true)
    }

    pub fn experiment(&self, sha: &str) -> Result<Option<ExperimentRecord>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(EXPERIMENTS)?;
        match table.get(sha)? {
            Some(v) => Ok(Some(serde_json::from_str(v.value())?)),
            None => Ok(None),
        }
    }

    pub fn experiment_bytes(&self, sha: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(EXPERIMENT_BYTES)?;
        Ok(table.get(sha)?.map(|v| v.value().to_vec()))
    }

    /// Every stored experiment, oldest upload first.
    pub fn experiments(&self) -> Result<Vec<ExperimentRecord>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(EXPERIMENTS)?;
        let mut all = Vec::new();
        for entry in table.iter()? {
            let (_, v) = entry?;
            all.push(serde_json::from_str::<ExperimentRecord>(v.value())?);
        }
        all.sort_by_key(|r| r.uploaded_ms);
        Ok(all)
    }

    // ----- sessions and participants -------------------------------------

    /// Stores a new session and all its participants in one transaction.
    /// `session_state` is the session's initial state (key, JSON value),
    /// written in the same transaction.
    pub fn create_session(
        &self,
        session: &SessionRecord,
        participants: &[ParticipantRecord],
        session_state: &[(String, String)],
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(session)?;
        self.write_now(|txn| {
            let mut sessions = txn.open_table(SESSIONS)?;
            if sessions.get(session.code.as_str())?.is_some() {
                return Err(StoreError::Corrupt(format!(
                    "session code {} is already taken",
                    session.code
                )));
            }
            sessions.insert(session.code.as_str(), json.as_str())?;
            let mut by_code = txn.open_table(PARTICIPANTS)?;
            let mut by_number = txn.open_table(SESSION_PARTICIPANTS)?;
            for p in participants {
                by_code.insert(p.code.as_str(), serde_json::to_string(p)?.as_str())?;
                by_number.insert((session.code.as_str(), p.participant_id), p.code.as_str())?;
            }
            let mut state = txn.open_table(STATE)?;
            let (scope, owner) = Scope::Session.encode();
            for (key, value) in session_state {
                state.insert(
                    (session.code.as_str(), scope, owner, key.as_str()),
                    value.as_str(),
                )?;
            }
            Ok(())
        })
    }

    pub fn session(&self, code: &str) -> Result<Option<SessionRecord>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(SESSIONS)?;
        match table.get(code)? {
            Some(v) => Ok(Some(serde_json::from_str(v.value())?)),
            None => Ok(None),
        }
    }

    /// Every session, oldest first.
    pub fn sessions(&self) -> Result<Vec<SessionRecord>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(SESSIONS)?;
        let mut all = Vec::new();
        for entry in table.iter()? {
            let (_, v) = entry?;
            all.push(serde_json::from_str::<SessionRecord>(v.value())?);
        }
        all.sort_by_key(|s| s.created_ms);
        Ok(all)
    }

    /// A participant's committed record.
    pub fn participant(&self, code: &str) -> Result<Option<ParticipantRecord>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(PARTICIPANTS)?;
        match table.get(code)? {
            Some(v) => Ok(Some(serde_json::from_str(v.value())?)),
            None => Ok(None),
        }
    }

    /// A session's participants in participant-id order.
    pub fn session_participants(
        &self,
        session: &str,
    ) -> Result<Vec<ParticipantRecord>, StoreError> {
        self.participant_range(session, 0, u32::MAX)
    }

    /// The session's participants numbered `first..=last`.
    pub fn participant_range(
        &self,
        session: &str,
        first: u32,
        last: u32,
    ) -> Result<Vec<ParticipantRecord>, StoreError> {
        let txn = self.read()?;
        let numbers = txn.open_table(SESSION_PARTICIPANTS)?;
        let codes = txn.open_table(PARTICIPANTS)?;
        let mut all = Vec::new();
        for entry in numbers.range((session, first)..=(session, last))? {
            let (_, code) = entry?;
            let code = code.value();
            let record = codes
                .get(code)?
                .ok_or_else(|| StoreError::Corrupt(format!("participant {code} has no record")))?;
            all.push(serde_json::from_str(record.value())?);
        }
        Ok(all)
    }

    // ----- what calls read -------------------------------------------------

    /// The newest value of a state key: pending (submitted, not yet
    /// committed) writes first, then the file.
    pub fn state(&self, key: &StateKey) -> Result<Option<String>, StoreError> {
        if let Some(pending) = self.inner.pending.state(key) {
            return Ok(pending);
        }
        let txn = self.read()?;
        let table = txn.open_table(STATE)?;
        let (scope, owner) = key.scope.encode();
        Ok(table
            .get((&*key.session, scope, owner, key.key.as_str()))?
            .map(|v| v.value().to_string()))
    }

    /// Every state value of a session, as (scope, key, JSON), for
    /// inspection.
    pub fn session_state(&self, session: &str) -> Result<Vec<(Scope, String, String)>, StoreError> {
        let mut all = Vec::new();
        self.each_state(session, |scope, key, value| {
            all.push((scope, key.to_string(), value.to_string()));
            Ok::<(), StoreError>(())
        })?;
        Ok(all)
    }

    /// Calls `f` with each state value of a session, in key order
    /// (session, then groups, players and participants, each by owner and
    /// key), all read in one read transaction: a snapshot.
    pub fn each_state<E: From<StoreError>>(
        &self,
        session: &str,
        mut f: impl FnMut(Scope, &str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let txn = self.read()?;
        let table = txn.open_table(STATE).map_err(StoreError::from)?;
        let range = table
            .range((session, 0u8, 0u64, "")..=(session, u8::MAX, u64::MAX, "\u{10FFFF}"))
            .map_err(StoreError::from)?;
        for entry in range {
            let (k, v) = entry.map_err(StoreError::from)?;
            let (_, scope, owner, key) = k.value();
            f(Scope::decode(scope, owner), key, v.value())?;
        }
        Ok(())
    }

    /// The rows of `table` appended by `group_id`, oldest first, pending
    /// ones included.
    pub fn rows(
        &self,
        session: &Arc<str>,
        table: &str,
        group_id: u32,
    ) -> Result<Vec<(u64, RowRecord)>, StoreError> {
        let ids = self.inner.row_index.ids(session, table, group_id, || {
            // First query of this session: pending rows first, then the
            // file (a row committed in between is in the file; ids dedupe).
            let mut keys = self.inner.pending.session_row_keys(session);
            for (id, row) in self.session_rows(session)? {
                keys.push(RowKey {
                    session: session.clone(),
                    table: row.table,
                    group_id: row.group_id,
                    id,
                });
            }
            Ok(keys)
        })?;
        let txn = self.read()?;
        let table_rows = txn.open_table(LOG_ROWS)?;
        let mut all = Vec::with_capacity(ids.len());
        for id in ids {
            let key = RowKey {
                session: session.clone(),
                table: table.to_string(),
                group_id,
                id,
            };
            if let Some(row) = self.inner.pending.row(&key) {
                all.push((id, row));
            } else if let Some(v) = table_rows.get((&**session, id))? {
                all.push((id, serde_json::from_str::<StoredRow>(v.value())?.row));
            }
            // Neither: a row whose commit failed (the store is poisoned).
        }
        Ok(all)
    }

    /// Every committed log row of a session, by id.
    pub fn session_rows(&self, session: &str) -> Result<Vec<(u64, StoredRow)>, StoreError> {
        let mut all = Vec::new();
        self.each_row(session, |id, row| {
            all.push((id, row));
            Ok::<(), StoreError>(())
        })?;
        Ok(all)
    }

    /// Calls `f` with each committed log row of a session, by id, all read
    /// in one read transaction: a snapshot.
    pub fn each_row<E: From<StoreError>>(
        &self,
        session: &str,
        f: impl FnMut(u64, StoredRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_record(LOG_ROWS, session, f)
    }

    /// Calls `f` with each entry of a session's message log, in order, all
    /// read in one read transaction: a snapshot. (Message numbers are
    /// given out by groups before their commits, which may land out of
    /// number order: paging by number across transactions could skip one
    /// committed in between.)
    pub fn each_message<E: From<StoreError>>(
        &self,
        session: &str,
        f: impl FnMut(u64, MessageRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_record(MESSAGES, session, f)
    }

    /// Calls `f` with each JSON record of a `(session, number)` table, by
    /// number, from one read transaction.
    fn each_record<T: serde::de::DeserializeOwned, E: From<StoreError>>(
        &self,
        table: TableDefinition<(&str, u64), &str>,
        session: &str,
        mut f: impl FnMut(u64, T) -> Result<(), E>,
    ) -> Result<(), E> {
        let txn = self.read()?;
        let table = txn.open_table(table).map_err(StoreError::from)?;
        let range = table
            .range((session, 0u64)..=(session, u64::MAX))
            .map_err(StoreError::from)?;
        for entry in range {
            let (k, v) = entry.map_err(StoreError::from)?;
            let record = serde_json::from_str(v.value()).map_err(StoreError::from)?;
            f(k.value().1, record)?;
        }
        Ok(())
    }

    /// The message log of a session from `after` (exclusive), at most
    /// `limit` entries, in order.
    pub fn messages(
        &self,
        session: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<(u64, MessageRecord)>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(MESSAGES)?;
        let start = after.map_or(0, |a| a.saturating_add(1));
        let mut all = Vec::new();
        for entry in table
            .range((session, start)..=(session, u64::MAX))?
            .take(limit)
        {
            let (k, v) = entry?;
            all.push((k.value().1, serde_json::from_str(v.value())?));
        }
        Ok(all)
    }

    /// The last `limit` entries of a session's message log that concern
    /// `group` (its members' entries and the session-wide ones, group 0),
    /// or of every group; oldest first. Looks at no more than the last
    /// `RECENT_SCAN` entries.
    pub fn recent_messages(
        &self,
        session: &str,
        group: Option<u32>,
        limit: usize,
    ) -> Result<Vec<(u64, MessageRecord)>, StoreError> {
        const RECENT_SCAN: usize = 100_000;
        let txn = self.read()?;
        let table = txn.open_table(MESSAGES)?;
        let mut found = Vec::new();
        for entry in table
            .range((session, 0u64)..=(session, u64::MAX))?
            .rev()
            .take(RECENT_SCAN)
        {
            let (k, v) = entry?;
            let record: MessageRecord = serde_json::from_str(v.value())?;
            if group.is_none_or(|g| record.group_id == g || record.group_id == 0) {
                found.push((k.value().1, record));
                if found.len() == limit {
                    break;
                }
            }
        }
        found.reverse();
        Ok(found)
    }

    /// Hands an arrival at the session's room link a participant: the
    /// first, by id, whom the room has not handed out, whose page has
    /// never sent a live message (no `client_acks` entry), and for whom
    /// `available` holds (the caller's check that nobody uses their link
    /// yet). The seat is durable before this returns. `None`: every
    /// participant is taken.
    pub fn take_room_seat(
        &self,
        session: &str,
        time_ms: u64,
        available: impl Fn(&ParticipantRecord) -> bool,
    ) -> Result<Option<ParticipantRecord>, StoreError> {
        let mut taken = None;
        self.write_now(|txn| {
            let numbers = txn.open_table(SESSION_PARTICIPANTS)?;
            let codes = txn.open_table(PARTICIPANTS)?;
            let mut seats = txn.open_table(ROOM_SEATS)?;
            let acks = txn.open_table(CLIENT_ACKS)?;
            for entry in numbers.range((session, 0u32)..=(session, u32::MAX))? {
                let (key, code) = entry?;
                let id = key.value().1;
                if seats.get((session, id))?.is_some() {
                    continue;
                }
                let code = code.value();
                if acks.get(code)?.is_some() {
                    continue;
                }
                let record: ParticipantRecord = match codes.get(code)? {
                    Some(v) => serde_json::from_str(v.value())?,
                    None => {
                        return Err(StoreError::Corrupt(format!(
                            "participant {code} has no record"
                        )));
                    }
                };
                if available(&record) {
                    seats.insert((session, id), time_ms)?;
                    taken = Some(record);
                    return Ok(());
                }
            }
            Ok(())
        })?;
        Ok(taken)
    }

    /// A participant's applied client message numbers, as last committed
    /// (JSON `[[view, n], ...]`; `None` if they never sent one).
    pub fn client_acks(&self, code: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(CLIENT_ACKS)?;
        Ok(table.get(code)?.map(|v| v.value().to_string()))
    }

    // ----- settings ------------------------------------------------------

    /// A value of the `meta` table.
    pub fn meta(&self, name: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(META)?;
        Ok(table.get(name)?.map(|v| v.value().to_string()))
    }

    /// Sets a value of the `meta` table, durably. `format` is not settable.
    pub fn set_meta(&self, name: &str, value: &str) -> Result<(), StoreError> {
        if name == "format" {
            return Err(StoreError::Corrupt(
                "the format version is not a setting".into(),
            ));
        }
        self.write_now(|txn| {
            txn.open_table(META)?.insert(name, value)?;
            Ok(())
        })
    }

    // ----- numbering -------------------------------------------------------

    fn counters(&self, session: &Arc<str>) -> Result<Arc<SessionCounters>, StoreError> {
        let mut map = self
            .inner
            .counters
            .lock()
            .map_err(|_| StoreError::Poisoned)?;
        if let Some(c) = map.get(session) {
            return Ok(c.clone());
        }
        let txn = self.read()?;
        let table = txn.open_table(COUNTERS)?;
        let read = |name: &str| -> Result<u64, StoreError> {
            Ok(table.get((&**session, name))?.map_or(1, |v| v.value()))
        };
        let counters = Arc::new(SessionCounters {
            rows: AtomicU64::new(read(ROWS_COUNTER)?),
            messages: AtomicU64::new(read(MESSAGES_COUNTER)?),
        });
        map.insert(session.clone(), counters.clone());
        Ok(counters)
    }

    /// A new log row id for `session` (ids start at 1).
    pub fn next_row_id(&self, session: &Arc<str>) -> Result<u64, StoreError> {
        Ok(self.counters(session)?.rows.fetch_add(1, Ordering::Relaxed))
    }

    /// A new message-log sequence number for `session` (from 1).
    pub fn next_message_seq(&self, session: &Arc<str>) -> Result<u64, StoreError> {
        Ok(self
            .counters(session)?
            .messages
            .fetch_add(1, Ordering::Relaxed))
    }

    // ----- committing --------------------------------------------------------

    /// Hands a call's writes to the group committer. From now on reads see
    /// them; `done` is called once they are durable (or failed).
    pub fn submit(&self, writes: Vec<Write>, done: Completion) {
        if self.inner.poisoned.load(Ordering::Acquire) {
            done(Err(StoreError::Poisoned));
            return;
        }
        // Records are serialised here, on the submitting task, so that the
        // committer thread only writes.
        let encoded = match writes.iter().map(encode).collect::<Result<Vec<_>, _>>() {
            Ok(e) => e,
            Err(e) => return done(Err(e)),
        };
        // Index first: a query that builds the index meanwhile waits, then
        // sees these rows in the index and finds them in `pending`.
        self.inner.row_index.add(&writes);
        let ticket = self.inner.pending.add(&writes);
        self.inner.committer.send(committer::Job {
            ticket,
            writes,
            encoded,
            done,
        });
    }

    /// Submits and waits until durable.
    pub async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.submit(
            writes,
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        rx.await.unwrap_or(Err(StoreError::Closed))
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

    /// Stops the committer after it has committed everything submitted.
    pub fn close(&self) {
        self.inner.committer.close();
    }
}

fn init_schema(db: &Database) -> Result<(), StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_durability(redb::Durability::Immediate)?;
    {
        let mut meta = txn.open_table(META)?;
        let found = meta.get("format")?.map(|v| v.value().to_string());
        match found {
            None => {
                meta.insert("format", FORMAT_VERSION)?;
            }
            Some(v) if v == FORMAT_VERSION => {}
            Some(v) if UPGRADES_FROM.contains(&v.as_str()) => {
                meta.insert("format", FORMAT_VERSION)?;
            }
            Some(v) => return Err(StoreError::Format { found: v }),
        }
        // Create every table so that readers never meet a missing one.
        txn.open_table(EXPERIMENTS)?;
        txn.open_table(EXPERIMENT_BYTES)?;
        txn.open_table(SESSIONS)?;
        txn.open_table(PARTICIPANTS)?;
        txn.open_table(SESSION_PARTICIPANTS)?;
        txn.open_table(STATE)?;
        txn.open_table(LOG_ROWS)?;
        txn.open_table(MESSAGES)?;
        txn.open_table(COUNTERS)?;
        txn.open_table(CLIENT_ACKS)?;
        txn.open_table(ROOM_SEATS)?;
    }
    txn.commit()?;
    Ok(())
}

/// The JSON value a write stores, for the writes whose value is a record.
fn encode(w: &Write) -> Result<Option<String>, StoreError> {
    #[derive(serde::Serialize)]
    struct StoredRowRef<'a> {
        table: &'a str,
        group_id: u32,
        #[serde(flatten)]
        row: &'a RowRecord,
    }
    Ok(match w {
        Write::State(..) | Write::ClientAcks { .. } => None,
        Write::Row(key, row) => Some(serde_json::to_string(&StoredRowRef {
            table: &key.table,
            group_id: key.group_id,
            row,
        })?),
        Write::Participant(p) => Some(serde_json::to_string(p)?),
        Write::Session(r) => Some(serde_json::to_string(r)?),
        Write::Message { record, .. } => Some(serde_json::to_string(record)?),
    })
}

/// Applies one batch of jobs' writes inside an open write transaction;
/// `encoded` holds each write's record as [`encode`] made it.
fn apply(
    txn: &redb::WriteTransaction,
    writes: &[(&Write, &Option<String>)],
) -> Result<(), StoreError> {
    let mut state = txn.open_table(STATE)?;
    let mut rows = txn.open_table(LOG_ROWS)?;
    let mut participants = txn.open_table(PARTICIPANTS)?;
    let mut sessions = txn.open_table(SESSIONS)?;
    let mut messages = txn.open_table(MESSAGES)?;
    let mut counters = txn.open_table(COUNTERS)?;
    let mut client_acks = txn.open_table(CLIENT_ACKS)?;
    let mut next: HashMap<(Arc<str>, &'static str), u64> = HashMap::new();
    let mut bump = |session: &Arc<str>, name: &'static str, used: u64| {
        let e = next.entry((session.clone(), name)).or_insert(0);
        *e = (*e).max(used + 1);
    };
    for &(w, encoded) in writes {
        let json = || {
            encoded
                .as_deref()
                .ok_or_else(|| StoreError::Corrupt("a record was not encoded".into()))
        };
        match w {
            Write::State(key, value) => {
                let (scope, owner) = key.scope.encode();
                let k = (&*key.session, scope, owner, key.key.as_str());
                match value {
                    Some(v) => {
                        state.insert(k, v.as_str())?;
                    }
                    None => {
                        state.remove(k)?;
                    }
                }
            }
            Write::Row(key, _) => {
                rows.insert((&*key.session, key.id), json()?)?;
                bump(&key.session, ROWS_COUNTER, key.id);
            }
            Write::Participant(p) => {
                participants.insert(p.code.as_str(), json()?)?;
            }
            Write::Session(r) => {
                sessions.insert(r.code.as_str(), json()?)?;
            }
            Write::ClientAcks { code, acks } => {
                client_acks.insert(&**code, acks.as_str())?;
            }
            Write::Message { session, seq, .. } => {
                messages.insert((&**session, *seq), json()?)?;
                bump(session, MESSAGES_COUNTER, *seq);
            }
        }
    }
    for ((session, name), value) in next {
        let current = counters.get((&*session, name))?.map_or(0, |v| v.value());
        if value > current {
            counters.insert((&*session, name), value)?;
        }
    }
    Ok(())
}
