//! Everything that reads the data file: records by key, a session's
//! state, rows and message log (whole, streamed, or the newest entries),
//! and what a call reads, which sees writes still in flight first
//! ([`super::pending`]).

use std::sync::Arc;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use super::schema::*;
use super::{
    ExperimentRecord, MessageRecord, ParticipantRecord, RowKey, RowRecord, Scope, SessionRecord,
    StateKey, Store, StoreError, StoredRow,
};

impl Store {
    pub(super) fn read(&self) -> Result<redb::ReadTransaction, StoreError> {
        Ok(self.inner.db.begin_read()?)
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
            all.push(record_of(&codes, code.value())?);
        }
        Ok(all)
    }

    /// The participants of `session` with the ids `ids`, in that order.
    pub fn participants_by_id(
        &self,
        session: &str,
        ids: &[u32],
    ) -> Result<Vec<ParticipantRecord>, StoreError> {
        let txn = self.read()?;
        let numbers = txn.open_table(SESSION_PARTICIPANTS)?;
        let codes = txn.open_table(PARTICIPANTS)?;
        let mut all = Vec::with_capacity(ids.len());
        for &id in ids {
            let code = numbers.get((session, id))?.ok_or_else(|| {
                StoreError::Corrupt(format!("session {session} has no participant {id}"))
            })?;
            all.push(record_of(&codes, code.value())?);
        }
        Ok(all)
    }

    /// The group matrices of `session`'s rounds: (app index, round,
    /// groups), in that order.
    #[allow(clippy::type_complexity)]
    pub fn group_matrices(
        &self,
        session: &str,
    ) -> Result<Vec<(u32, u32, Vec<Vec<u32>>)>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(GROUP_MATRICES)?;
        let mut all = Vec::new();
        for entry in table.range((session, 0u32, 0u32)..=(session, u32::MAX, u32::MAX))? {
            let (k, v) = entry?;
            let (_, app, round) = k.value();
            all.push((app, round, serde_json::from_str(v.value())?));
        }
        Ok(all)
    }

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

    /// The rows of `table` appended by `group_id` (every group's, for
    /// `None`), oldest first, pending ones included, each with its group.
    pub fn rows(
        &self,
        session: &Arc<str>,
        table: &str,
        group_id: Option<u32>,
    ) -> Result<Vec<(u32, u64, RowRecord)>, StoreError> {
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
        for (group_id, id) in ids {
            let key = RowKey {
                session: session.clone(),
                table: table.to_string(),
                group_id,
                id,
            };
            match self.inner.pending.row(&key) {
                Some(Some(row)) => all.push((group_id, id, row)),
                // Being removed.
                Some(None) => {}
                None => {
                    if let Some(v) = table_rows.get((&**session, id))? {
                        let stored = serde_json::from_str::<StoredRow>(v.value())?;
                        all.push((group_id, id, stored.row));
                    }
                    // Neither: a row whose commit failed (the store is
                    // poisoned).
                }
            }
        }
        Ok(all)
    }

    /// Row `id` of `session` with its key (table and group), pending
    /// changes included; none if there is no such row (or it is being
    /// removed).
    pub fn row(
        &self,
        session: &Arc<str>,
        id: u64,
    ) -> Result<Option<(RowKey, RowRecord)>, StoreError> {
        if let Some((key, row)) = self.inner.pending.row_by_id(session, id) {
            return Ok(row.map(|row| (key, row)));
        }
        let txn = self.read()?;
        let rows = txn.open_table(LOG_ROWS)?;
        let Some(v) = rows.get((&**session, id))? else {
            return Ok(None);
        };
        let stored = serde_json::from_str::<StoredRow>(v.value())?;
        let key = RowKey {
            session: session.clone(),
            table: stored.table,
            group_id: stored.group_id,
            id,
        };
        Ok(Some((key, stored.row)))
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

    /// A participant's applied client message numbers, as last committed
    /// (JSON `[[view, n], ...]`; `None` if they never sent one).
    pub fn client_acks(&self, code: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(CLIENT_ACKS)?;
        Ok(table.get(code)?.map(|v| v.value().to_string()))
    }

    /// A value of the `meta` table.
    pub fn meta(&self, name: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(META)?;
        Ok(table.get(name)?.map(|v| v.value().to_string()))
    }
}

/// The record of participant `code`, which a session's participant table
/// names (so it exists: the two are written together).
fn record_of(
    codes: &redb::ReadOnlyTable<&str, &str>,
    code: &str,
) -> Result<ParticipantRecord, StoreError> {
    let record = codes
        .get(code)?
        .ok_or_else(|| StoreError::Corrupt(format!("participant {code} has no record")))?;
    Ok(serde_json::from_str(record.value())?)
}
