//! Everything that changes the data file. A call's writes go through
//! [`Store::submit`]: they join the in-memory overlay that later reads see
//! ([`super::pending`]) and the group committer's queue, which applies
//! each batch in one durable transaction ([`apply`]) and then reports to
//! each submitter. Administrative writes (uploads, new sessions, settings,
//! room seats) commit at once in a transaction of their own.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use redb::ReadableTable;

use super::batch::encode;
use super::committer;
use super::schema::*;
use super::{
    Completion, ExperimentRecord, ParticipantRecord, Scope, SessionRecord, Store, StoreError, Write,
};

/// Next free row id and message number of each session.
#[derive(Default)]
pub(super) struct SessionCounters {
    rows: AtomicU64,
    messages: AtomicU64,
}

impl Store {
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

    /// Stores a new session and all its participants in one transaction.
    /// `session_state` is the session's initial state (key, JSON value),
    /// written in the same transaction, with `more` (what oTree's
    /// creating_session wrote, and its message-log entries).
    pub fn create_session(
        &self,
        session: &SessionRecord,
        participants: &[ParticipantRecord],
        session_state: &[(String, String)],
        more: &[Write],
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(session)?;
        let encoded = more
            .iter()
            .map(super::batch::encode)
            .collect::<Result<Vec<_>, _>>()?;
        self.write_now(|txn| {
            {
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
            }
            let more: Vec<_> = more.iter().zip(&encoded).collect();
            super::batch::apply(txn, &more)
        })
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

    fn counters(&self, session: &Arc<str>) -> Result<Arc<SessionCounters>, StoreError> {
        let mut map = self
            .inner
            .counters
            .lock()
            .map_err(|_| StoreError::Poisoned)?;
        if let Some(c) = map.get(session) {
            return Ok(c.clone());
        }
        // The next number is one past the table's last for the session, or
        // the counter's, if higher: a format-5 file kept every number
        // there, a later one keeps row ids past a deleted last row.
        let txn = self.read()?;
        let table = txn.open_table(COUNTERS)?;
        let counted = |name: &str| -> Result<u64, StoreError> {
            Ok(table.get((&**session, name))?.map_or(1, |v| v.value()))
        };
        let s: &str = session;
        let after_last = |last: Option<(redb::AccessGuard<'_, (&str, u64)>, _)>| {
            last.map_or(1, |(k, _)| k.value().1 + 1)
        };
        let rows = txn.open_table(LOG_ROWS)?;
        let last_row = rows
            .range((s, 0)..=(s, u64::MAX))?
            .next_back()
            .transpose()?;
        let messages = txn.open_table(MESSAGES)?;
        let last_message = messages
            .range((s, 0)..=(s, u64::MAX))?
            .next_back()
            .transpose()?;
        let counters = Arc::new(SessionCounters {
            rows: AtomicU64::new(after_last(last_row).max(counted(ROWS_COUNTER)?)),
            messages: AtomicU64::new(after_last(last_message).max(counted(MESSAGES_COUNTER)?)),
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

    /// Calls `done` once everything submitted so far is durable: at once
    /// when nothing is in flight, else when an empty batch queued behind it
    /// commits (completions run in commit order).
    pub fn after_pending(&self, done: Completion) {
        if self.inner.pending.settled() {
            done(Ok(()));
        } else {
            self.submit(Vec::new(), done);
        }
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
}
