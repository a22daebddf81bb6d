//! The harness's in-memory database, and the per-call transaction that
//! serves a call's state and log imports: reads see the call's own writes,
//! and the writes reach the database only if the call succeeds. The host's
//! checks on keys, values and table names are repeated here so a guest
//! fails natively where it would fail in the host.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::backend::{Backend, RawRow};
use crate::log::Filter;
use crate::player::PlayerInfo;
use crate::state::Owner;

/// Longest state key the host accepts, in bytes.
pub(crate) const MAX_KEY_BYTES: usize = 256;
/// Largest state value the host accepts by default, in bytes.
pub(crate) const MAX_VALUE_BYTES: usize = 1 << 20;
/// Longest log table name the host accepts.
pub(crate) const MAX_TABLE_NAME: usize = 64;

/// Whose state a stored value is, in the session's terms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Holder {
    Session,
    Group { group_id: u32, round: u32 },
    Player { participant_id: u32, round: u32 },
    Participant { participant_id: u32 },
}

/// A stored value's address.
pub(crate) type StateKey = (Holder, String);

/// A committed log row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredRow {
    pub table: String,
    pub group_id: u32,
    pub row: RawRow,
}

/// Everything committed so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Db {
    state: BTreeMap<StateKey, String>,
    rows: Vec<StoredRow>,
    /// The last row id handed out, committed or not: as on the host, a
    /// call that fails leaves a gap, and no id is ever given twice.
    last_row_id: std::cell::Cell<u64>,
}

/// What one successful call wrote.
#[derive(Clone)]
pub(crate) struct Writes {
    state: BTreeMap<StateKey, Option<String>>,
    rows: Vec<StoredRow>,
}

impl Db {
    /// The committed JSON text at `key`.
    pub fn value(&self, key: &StateKey) -> Option<&str> {
        self.state.get(key).map(String::as_str)
    }

    /// Sets a value directly (the session's initial state).
    pub fn set(&mut self, key: StateKey, value: String) {
        self.state.insert(key, value);
    }

    /// Every committed row, oldest first.
    pub fn rows(&self) -> &[StoredRow] {
        &self.rows
    }

    /// Apply a successful call's writes.
    pub fn commit(&mut self, writes: Writes) {
        for (key, value) in writes.state {
            match value {
                Some(v) => self.state.insert(key, v),
                None => self.state.remove(&key),
            };
        }
        self.rows.extend(writes.rows);
    }
}

/// One call's view of the database: a [`Backend`] whose writes are
/// buffered until [`Call::into_writes`].
pub(crate) struct Call<'d> {
    db: &'d Db,
    caller: PlayerInfo,
    players_per_group: u32,
    time_ms: u64,
    state: RefCell<BTreeMap<StateKey, Option<String>>>,
    rows: RefCell<Vec<StoredRow>>,
    /// Messages emitted (async live methods), in order.
    emitted: RefCell<Vec<(u32, String)>>,
    /// The writes as of the last await of `sleep`: what stays committed if
    /// a later segment fails.
    checkpoint: RefCell<Option<Writes>>,
    /// The test's answers to HTTP requests, and the bodies being read.
    http: Option<&'d super::HttpHandler>,
    bodies: RefCell<Vec<std::collections::VecDeque<Vec<u8>>>>,
}

impl<'d> Call<'d> {
    pub fn new(db: &'d Db, caller: PlayerInfo, players_per_group: u32, time_ms: u64) -> Self {
        Call {
            db,
            caller,
            players_per_group,
            time_ms,
            state: RefCell::default(),
            rows: RefCell::default(),
            emitted: RefCell::default(),
            checkpoint: RefCell::default(),
            http: None,
            bodies: RefCell::default(),
        }
    }

    /// The call answers HTTP requests with `handler`.
    pub fn with_http(mut self, handler: Option<&'d super::HttpHandler>) -> Self {
        self.http = handler;
        self
    }

    /// Ends a segment at an await: its writes stay even if a later one
    /// fails. The harness does not wait: no other call runs meanwhile.
    fn end_segment(&self) {
        *self.checkpoint.borrow_mut() = Some(Writes {
            state: self.state.borrow().clone(),
            rows: self.rows.borrow().clone(),
        });
    }

    /// The call's writes, to commit.
    pub fn into_writes(self) -> Writes {
        Writes {
            state: self.state.into_inner(),
            rows: self.rows.into_inner(),
        }
    }

    /// The writes of the segments that ended at an await (an async call
    /// that failed later keeps them).
    pub fn into_checkpoint(self) -> Option<Writes> {
        self.checkpoint.into_inner()
    }

    /// The messages emitted so far.
    pub fn take_emitted(&self) -> Vec<(u32, String)> {
        std::mem::take(&mut *self.emitted.borrow_mut())
    }

    fn participant_of(&self, id_in_group: u32) -> Result<u32, String> {
        if id_in_group == 0 || id_in_group > self.players_per_group {
            return Err(format!(
                "there is no player with id_in_group {id_in_group} in this group (ids run from 1 to {})",
                self.players_per_group
            ));
        }
        Ok((self.caller.group_id - 1) * self.players_per_group + id_in_group)
    }

    /// The address of `key` of `owner`, checked as the host checks it.
    fn key(&self, owner: Owner, key: &str) -> Result<StateKey, String> {
        if key.is_empty() {
            return Err("state keys must not be empty".to_owned());
        }
        if key.len() > MAX_KEY_BYTES {
            return Err(format!(
                "the state key is {} bytes long; the limit is {MAX_KEY_BYTES}",
                key.len()
            ));
        }
        Ok((self.holder(owner)?, key.to_owned()))
    }

    fn holder(&self, owner: Owner) -> Result<Holder, String> {
        Ok(match owner {
            Owner::Session => Holder::Session,
            Owner::Group => Holder::Group {
                group_id: self.caller.group_id,
                round: self.caller.round,
            },
            Owner::Player(id) => Holder::Player {
                participant_id: self.participant_of(id)?,
                round: self.caller.round,
            },
            Owner::Participant(id) => Holder::Participant {
                participant_id: self.participant_of(id)?,
            },
        })
    }
}

/// How the host names a JSON value's kind in its errors.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_table(table: &str) -> Result<(), String> {
    let ok = !table.is_empty()
        && table.len() <= MAX_TABLE_NAME
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "table names are 1 to {MAX_TABLE_NAME} letters, digits, '_' or '-'; {table:?} is not"
        ))
    }
}

impl Backend for Call<'_> {
    fn get(&self, owner: Owner, key: &str) -> Result<Option<String>, String> {
        let key = self.key(owner, key)?;
        if let Some(written) = self.state.borrow().get(&key) {
            return Ok(written.clone());
        }
        Ok(self.db.value(&key).map(str::to_owned))
    }

    fn set(&self, owner: Owner, key: &str, value: &str) -> Result<(), String> {
        let state_key = self.key(owner, key)?;
        if value.len() > MAX_VALUE_BYTES {
            return Err(format!(
                "the value for key {key:?} is {} bytes; the limit is {MAX_VALUE_BYTES}",
                value.len()
            ));
        }
        if let Err(e) = serde_json::from_str::<Value>(value) {
            return Err(format!("the value for key {key:?} is not valid JSON: {e}"));
        }
        self.state
            .borrow_mut()
            .insert(state_key, Some(value.to_owned()));
        Ok(())
    }

    fn delete(&self, owner: Owner, key: &str) -> Result<(), String> {
        let key = self.key(owner, key)?;
        self.state.borrow_mut().insert(key, None);
        Ok(())
    }

    fn append(&self, table: &str, fields: &str) -> Result<u64, String> {
        check_table(table)?;
        match serde_json::from_str::<Value>(fields) {
            Ok(Value::Object(_)) => {}
            Ok(other) => {
                return Err(format!(
                    "log row fields must be a JSON object, not {}",
                    json_kind(&other)
                ));
            }
            Err(e) => return Err(format!("the log row fields are not valid JSON: {e}")),
        }
        let mut rows = self.rows.borrow_mut();
        let id = self.db.last_row_id.get() + 1;
        self.db.last_row_id.set(id);
        rows.push(StoredRow {
            table: table.to_owned(),
            group_id: self.caller.group_id,
            row: RawRow {
                id,
                id_in_group: self.caller.id_in_group,
                round: self.caller.round,
                time_ms: self.time_ms,
                fields: fields.to_owned(),
            },
        });
        Ok(id)
    }

    fn query(&self, table: &str, filter: Filter) -> Result<Vec<RawRow>, String> {
        check_table(table)?;
        let rows = self.rows.borrow();
        Ok(self
            .db
            .rows
            .iter()
            .chain(rows.iter())
            .filter(|r| r.table == table && r.group_id == self.caller.group_id)
            .filter(|r| filter.id_in_group.is_none_or(|id| r.row.id_in_group == id))
            .filter(|r| filter.round.is_none_or(|round| r.row.round == round))
            .map(|r| r.row.clone())
            .collect())
    }

    fn emit(&self, to: u32, payload: &str) -> Result<(), String> {
        if to > self.players_per_group {
            return Err(format!(
                "emit to id_in_group {to}: the group has ids 1 to {} (0 = everyone)",
                self.players_per_group
            ));
        }
        if let Err(e) = serde_json::from_str::<Value>(payload) {
            return Err(format!("an emitted payload is not valid JSON: {e}"));
        }
        self.emitted.borrow_mut().push((to, payload.to_owned()));
        Ok(())
    }

    fn sleep(&self, _ms: u32) -> crate::backend::BoxFuture<'_, Result<(), String>> {
        self.end_segment();
        Box::pin(std::future::ready(Ok(())))
    }

    fn fetch(
        &self,
        request: crate::http::Request,
    ) -> crate::backend::BoxFuture<'_, Result<crate::backend::FetchedHead, String>> {
        self.end_segment();
        let answer = match self.http {
            None => Err(format!(
                "{} is not on this session's allowlist (the harness answers requests only with_http)",
                request.url
            )),
            Some(handler) => handler(&request).map(|r| {
                let mut bodies = self.bodies.borrow_mut();
                bodies.push(r.chunks.into_iter().collect());
                (r.status, r.headers, bodies.len() as u32)
            }),
        };
        Box::pin(std::future::ready(answer))
    }

    fn read_body(
        &self,
        body: u32,
        _max: u32,
    ) -> crate::backend::BoxFuture<'_, Result<Option<Vec<u8>>, String>> {
        self.end_segment();
        let chunk = match self
            .bodies
            .borrow_mut()
            .get_mut((body as usize).wrapping_sub(1))
        {
            Some(chunks) => Ok(chunks.pop_front()),
            None => Err(format!("there is no response body {body}")),
        };
        Box::pin(std::future::ready(chunk))
    }

    fn players(&self) -> Vec<PlayerInfo> {
        (1..=self.players_per_group)
            .map(|id| PlayerInfo {
                id_in_group: id,
                round: self.caller.round,
                group_id: self.caller.group_id,
                participant_id: (self.caller.group_id - 1) * self.players_per_group + id,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(group_id: u32, id_in_group: u32) -> PlayerInfo {
        PlayerInfo {
            id_in_group,
            round: 1,
            group_id,
            participant_id: (group_id - 1) * 2 + id_in_group,
        }
    }

    #[test]
    fn reads_see_own_writes_and_commit_applies_them() {
        let mut db = Db::default();
        let call = Call::new(&db, caller(1, 1), 2, 0);
        call.set(Owner::Group, "n", "1").unwrap();
        assert_eq!(call.get(Owner::Group, "n").unwrap().as_deref(), Some("1"));
        call.delete(Owner::Group, "n").unwrap();
        assert_eq!(call.get(Owner::Group, "n").unwrap(), None);
        call.set(Owner::Player(2), "x", "true").unwrap();
        let writes = call.into_writes();
        db.commit(writes);
        let key = (
            Holder::Player {
                participant_id: 2,
                round: 1,
            },
            "x".to_owned(),
        );
        assert_eq!(db.value(&key), Some("true"));
        assert_eq!(db.value(&(Holder::Session, "n".to_owned())), None);
    }

    #[test]
    fn enforces_the_hosts_limits() {
        let db = Db::default();
        let call = Call::new(&db, caller(1, 1), 2, 0);
        assert!(
            call.set(Owner::Group, "", "1")
                .unwrap_err()
                .contains("empty")
        );
        assert!(call.get(Owner::Group, "").is_err());
        let long = "k".repeat(MAX_KEY_BYTES + 1);
        assert!(call.set(Owner::Group, &long, "1").is_err());
        assert!(
            call.set(Owner::Group, "k", "not json")
                .unwrap_err()
                .contains("JSON")
        );
        let big = format!("\"{}\"", "x".repeat(MAX_VALUE_BYTES));
        assert!(
            call.set(Owner::Group, "k", &big)
                .unwrap_err()
                .contains("limit")
        );
        assert!(
            call.get(Owner::Player(3), "k")
                .unwrap_err()
                .contains("no player with id_in_group 3")
        );
        assert!(call.set(Owner::Participant(0), "k", "1").is_err());
        assert!(call.append("bad name", "{}").is_err());
        assert!(call.append("t", "[1]").unwrap_err().contains("object"));
        assert!(call.append(&"t".repeat(65), "{}").is_err());
    }

    #[test]
    fn rows_are_per_group_and_filtered() {
        let mut db = Db::default();
        let a = Call::new(&db, caller(1, 1), 2, 5);
        assert_eq!(a.append("t", r#"{"v":1}"#), Ok(1));
        assert_eq!(a.append("t", r#"{"v":2}"#), Ok(2));
        assert_eq!(a.query("t", Filter::new()).unwrap().len(), 2);
        let writes = a.into_writes();
        db.commit(writes);
        let b = Call::new(&db, caller(2, 2), 2, 6);
        assert_eq!(b.append("t", r#"{"v":3}"#), Ok(3));
        assert_eq!(b.query("t", Filter::new()).unwrap().len(), 1);
        assert_eq!(b.query("u", Filter::new()).unwrap().len(), 0);
        let c = Call::new(&db, caller(1, 2), 2, 7);
        assert_eq!(c.query("t", Filter::new().player(1)).unwrap().len(), 2);
        assert_eq!(c.query("t", Filter::new().player(2)).unwrap().len(), 0);
        assert_eq!(c.query("t", Filter::new().round(2)).unwrap().len(), 0);
        let row = &c.query("t", Filter::new()).unwrap()[0];
        assert_eq!(
            (row.id, row.id_in_group, row.round, row.time_ms),
            (1, 1, 1, 5)
        );
        assert_eq!(c.players().len(), 2);
        assert_eq!(c.players()[1].participant_id, 2);
    }
}
