//! A batch of writes: what a call submits ([`Write`]), each record encoded
//! as JSON on the submitting task ([`encode`]) so that the committer thread
//! only writes, and how the committer applies a batch inside one write
//! transaction ([`apply`]), keeping a session's `rows` counter one past
//! a deleted row's id.

use std::collections::HashMap;
use std::sync::Arc;

use redb::ReadableTable;

use super::schema::*;
use super::{
    MessageRecord, ParticipantRecord, RowKey, RowRecord, SessionRecord, StateKey, StoreError,
};

/// One change in a batch submitted by a call.
#[derive(Debug, Clone)]
pub enum Write {
    /// Set (`Some`) or delete (`None`) a state value.
    State(StateKey, Option<String>),
    /// Append a log row, or replace the one with its key (its fields
    /// changed: oTree's ExtraModel assignment).
    Row(RowKey, RowRecord),
    /// Remove a log row (oTree's ExtraModel `delete()`).
    RowDeleted(RowKey),
    /// Record a participant's new position.
    Participant(ParticipantRecord),
    /// A participant's last applied client message number per page view
    /// (JSON `[[view, n], ...]`).
    ClientAcks { code: Arc<str>, acks: String },
    /// Replace a session's record (closing it).
    Session(SessionRecord),
    /// A round's groups (oTree's set_group_matrix in creating_session):
    /// the participant ids of each group, by id in group.
    GroupMatrix {
        session: Arc<str>,
        app: u32,
        round: u32,
        groups: Vec<Vec<u32>>,
    },
    /// Append to the session's message log.
    Message {
        session: Arc<str>,
        seq: u64,
        record: MessageRecord,
    },
}

/// What the committer reports to whoever submitted a batch.
pub type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

/// The JSON value a write stores, for the writes whose value is a record.
pub(super) fn encode(w: &Write) -> Result<Option<String>, StoreError> {
    #[derive(serde::Serialize)]
    struct StoredRowRef<'a> {
        table: &'a str,
        group_id: u32,
        #[serde(flatten)]
        row: &'a RowRecord,
    }
    Ok(match w {
        Write::State(..) | Write::ClientAcks { .. } | Write::RowDeleted(_) => None,
        Write::Row(key, row) => Some(serde_json::to_string(&StoredRowRef {
            table: &key.table,
            group_id: key.group_id,
            row,
        })?),
        Write::Participant(p) => Some(serde_json::to_string(p)?),
        Write::Session(r) => Some(serde_json::to_string(r)?),
        Write::Message { record, .. } => Some(serde_json::to_string(record)?),
        Write::GroupMatrix { groups, .. } => Some(serde_json::to_string(groups)?),
    })
}

/// Applies one batch of jobs' writes inside an open write transaction;
/// `encoded` holds each write's record as [`encode`] made it.
pub(super) fn apply(
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
    let mut matrices = txn.open_table(GROUP_MATRICES)?;
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
            }
            Write::RowDeleted(key) => {
                rows.remove((&*key.session, key.id))?;
                // The table's last id no longer tells the next free one if
                // this was it: the counter does.
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
            Write::GroupMatrix {
                session,
                app,
                round,
                ..
            } => {
                matrices.insert((&**session, *app, *round), json()?)?;
            }
            Write::Message { session, seq, .. } => {
                messages.insert((&**session, *seq), json()?)?;
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
