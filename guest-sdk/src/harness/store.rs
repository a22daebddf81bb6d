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
use crate::subsession::Whose;

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

/// A committed log row: its table and the group it was appended for
/// (number and round; (0, round) for a call without a group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredRow {
    pub table: String,
    pub group: (u32, u32),
    pub row: RawRow,
}

/// The session's shape: how many participants, rounds and players per
/// group (the groups of a round no hook set: 1..k, k+1..2k, ...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    pub participants: u32,
    pub players_per_group: u32,
    pub rounds: u32,
}

/// Everything committed so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Db {
    shape: Shape,
    state: BTreeMap<StateKey, String>,
    rows: Vec<StoredRow>,
    /// The group matrices creating_session set, by round.
    matrices: BTreeMap<u32, Vec<Vec<u32>>>,
    /// The last row id handed out, committed or not: as on the host, a
    /// call that fails leaves a gap, and no id is ever given twice.
    last_row_id: std::cell::Cell<u64>,
    /// The session's code, then each participant's (participant n at
    /// n - 1): oTree's `session.code` and `participant.code`.
    session_code: String,
    codes: Vec<String>,
}

/// What one successful call wrote.
#[derive(Clone)]
pub(crate) struct Writes {
    state: BTreeMap<StateKey, Option<String>>,
    rows: Vec<StoredRow>,
    /// Committed rows changed (new fields) or removed (none), by id.
    changed: BTreeMap<u64, Option<String>>,
    matrices: BTreeMap<u32, Vec<Vec<u32>>>,
}

impl Db {
    /// An empty database of a session of this shape, its session and
    /// participants given codes.
    pub fn new(shape: Shape) -> Self {
        Db {
            shape,
            session_code: code(0),
            codes: (1..=shape.participants).map(code).collect(),
            ..Db::default()
        }
    }

    /// The session's code.
    pub fn session_code(&self) -> &str {
        &self.session_code
    }

    /// Participant `participant`'s code; `None` if there is no such
    /// participant.
    pub fn participant_code(&self, participant: u32) -> Option<&str> {
        participant
            .checked_sub(1)
            .and_then(|i| self.codes.get(i as usize))
            .map(String::as_str)
    }

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

    /// The groups of `round`, each its participants in id-in-group order.
    pub fn groups(&self, round: u32) -> Vec<Vec<u32>> {
        if let Some(m) = self.matrices.get(&round) {
            return m.clone();
        }
        let k = self.shape.players_per_group.max(1);
        (1..=self.shape.participants)
            .collect::<Vec<u32>>()
            .chunks(k as usize)
            .map(<[u32]>::to_vec)
            .collect()
    }

    /// Sets the groups of `round` as the host may hand them over, holes
    /// (empty groups) included: groups formed by arrival time.
    #[cfg(test)]
    pub fn set_matrix(&mut self, round: u32, matrix: Vec<Vec<u32>>) {
        self.matrices.insert(round, matrix);
    }

    /// Where participant `p` sits in `round`: (group number, id in group).
    pub fn place(&self, participant: u32, round: u32) -> Option<(u32, u32)> {
        self.groups(round).iter().enumerate().find_map(|(g, ids)| {
            ids.iter()
                .position(|&id| id == participant)
                .map(|i| (g as u32 + 1, i as u32 + 1))
        })
    }

    /// Apply a successful call's writes.
    pub fn commit(&mut self, writes: Writes) {
        for (key, value) in writes.state {
            match value {
                Some(v) => self.state.insert(key, v),
                None => self.state.remove(&key),
            };
        }
        for (id, change) in writes.changed {
            match change {
                Some(fields) => {
                    if let Some(r) = self.rows.iter_mut().find(|r| r.row.id == id) {
                        r.row.fields = fields;
                    }
                }
                None => self.rows.retain(|r| r.row.id != id),
            }
        }
        self.rows.extend(writes.rows);
        self.matrices.extend(writes.matrices);
    }
}

/// Who a call is for: a player (a page or live message; a group's hook
/// runs as its first player), or the whole round of the app
/// (creating_session, a hook for all groups).
#[derive(Clone, Debug)]
pub(crate) enum Caller {
    Player {
        player: PlayerInfo,
        /// The participants of the player's group, by id in group.
        members: Vec<u32>,
    },
    WholeRound {
        round: u32,
        /// creating_session: it may also set the groups.
        creating: bool,
    },
}

/// One call's view of the database: a [`Backend`] whose writes are
/// buffered until [`Call::into_writes`].
pub(crate) struct Call<'d> {
    db: &'d Db,
    caller: Caller,
    time_ms: u64,
    state: RefCell<BTreeMap<StateKey, Option<String>>>,
    rows: RefCell<Vec<StoredRow>>,
    changed: RefCell<BTreeMap<u64, Option<String>>>,
    matrices: RefCell<BTreeMap<u32, Vec<Vec<u32>>>>,
    /// Messages emitted (async live methods), in order.
    emitted: RefCell<Vec<(u32, String)>>,
    /// The writes as of the last await of `sleep`: what stays committed if
    /// a later segment fails.
    checkpoint: RefCell<Option<Writes>>,
    /// The test's answers to HTTP requests, and the bodies being read.
    http: Option<&'d super::HttpHandler>,
    bodies: RefCell<Vec<std::collections::VecDeque<Vec<u8>>>>,
    /// An admin view's call (admin report, custom export): it only reads.
    read_only: bool,
}

/// The code of participant `n` (0: the session's), as the host makes
/// codes (20 characters of a 32-letter alphabet) but fixed, so a test sees
/// the same codes each run.
fn code(n: u32) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    // splitmix64 of n, one to one: its 64 bits are a code's first 12
    // letters and part of the 13th, so no two codes are the same.
    let mut x = u64::from(n).wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    let mut bits = u128::from(x) | (u128::from(x.rotate_left(29)) << 64);
    (0..20)
        .map(|_| {
            let letter = ALPHABET[(bits & 31) as usize] as char;
            bits >>= 5;
            letter
        })
        .collect()
}

/// The host's texts for what a call may not do.
const NO_GROUP: &str = "this call has no group of its own (creating_session and a wait page for all groups run for the whole round): reach players and groups through the subsession";
const READ_ONLY: &str =
    "the admin report and custom exports only read: this call may not change state, rows or groups";
const REGROUP: &str = "groups are set in creating_session only (oTree's set_group_matrix, group_randomly, group_like_round)";

impl<'d> Call<'d> {
    /// A call for `caller`, a player of the session.
    #[cfg(test)]
    pub fn new(db: &'d Db, caller: PlayerInfo, time_ms: u64) -> Self {
        let members = db
            .groups(caller.round)
            .into_iter()
            .nth((caller.group_id as usize).saturating_sub(1))
            .unwrap_or_default();
        Self::of(
            db,
            Caller::Player {
                player: caller,
                members,
            },
            time_ms,
        )
    }

    /// A call for whoever `caller` says.
    pub fn of(db: &'d Db, caller: Caller, time_ms: u64) -> Self {
        Call {
            db,
            caller,
            time_ms,
            state: RefCell::default(),
            rows: RefCell::default(),
            changed: RefCell::default(),
            matrices: RefCell::default(),
            emitted: RefCell::default(),
            checkpoint: RefCell::default(),
            http: None,
            bodies: RefCell::default(),
            read_only: false,
        }
    }

    /// The call only reads (an admin view's): every write is refused.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// An error if the call only reads.
    fn writable(&self) -> Result<(), String> {
        if self.read_only {
            return Err(READ_ONLY.to_owned());
        }
        Ok(())
    }

    /// The call answers HTTP requests with `handler`.
    pub fn with_http(mut self, handler: Option<&'d super::HttpHandler>) -> Self {
        self.http = handler;
        self
    }

    /// Ends a segment at an await: its writes stay even if a later one
    /// fails. The harness does not wait: no other call runs meanwhile.
    fn end_segment(&self) {
        *self.checkpoint.borrow_mut() = Some(self.writes());
    }

    fn writes(&self) -> Writes {
        Writes {
            state: self.state.borrow().clone(),
            rows: self.rows.borrow().clone(),
            changed: self.changed.borrow().clone(),
            matrices: self.matrices.borrow().clone(),
        }
    }

    /// The call's writes, to commit.
    pub fn into_writes(self) -> Writes {
        self.writes()
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

    /// The calling player and their group's participants; an error for a
    /// call of the whole round.
    fn player(&self) -> Result<(&PlayerInfo, &[u32]), String> {
        match &self.caller {
            Caller::Player { player, members } => Ok((player, members)),
            Caller::WholeRound { .. } => Err(NO_GROUP.to_owned()),
        }
    }

    fn round(&self) -> u32 {
        match &self.caller {
            Caller::Player { player, .. } => player.round,
            Caller::WholeRound { round, .. } => *round,
        }
    }

    fn participant_of(&self, id_in_group: u32) -> Result<u32, String> {
        let (_, members) = self.player()?;
        id_in_group
            .checked_sub(1)
            .and_then(|i| members.get(i as usize))
            .copied()
            .ok_or_else(|| {
                format!(
                    "there is no player with id_in_group {id_in_group} in this group (ids run from 1 to {})",
                    members.len()
                )
            })
    }

    /// The groups of `round` as this call sees them (its own regrouping
    /// included).
    fn groups_of(&self, round: u32) -> Result<Vec<Vec<u32>>, String> {
        if round == 0 || round > self.db.shape.rounds {
            return Err(format!("the experiment's app has no round {round}"));
        }
        Ok(match self.matrices.borrow().get(&round) {
            Some(m) => m.clone(),
            None => self.db.groups(round),
        })
    }

    /// The address of `key` of `owner`, checked as the host checks it.
    fn key(&self, owner: Owner, key: &str) -> Result<StateKey, String> {
        check_key(key)?;
        Ok((self.holder(owner)?, key.to_owned()))
    }

    fn holder(&self, owner: Owner) -> Result<Holder, String> {
        Ok(match owner {
            Owner::Session => Holder::Session,
            Owner::Group => {
                let (me, _) = self.player()?;
                Holder::Group {
                    group_id: me.group_id,
                    round: me.round,
                }
            }
            Owner::Player(id) => Holder::Player {
                participant_id: self.participant_of(id)?,
                round: self.round(),
            },
            Owner::Participant(id) => Holder::Participant {
                participant_id: self.participant_of(id)?,
            },
        })
    }

    /// The address of `key` of `whose`, checked as the host checks it;
    /// with `write`, also whether this call may change it.
    fn whose_key(&self, whose: Whose, key: &str, write: bool) -> Result<StateKey, String> {
        check_key(key)?;
        let participant = |p: u32| {
            if p == 0 || p > self.db.shape.participants {
                Err(format!("the session has no participant {p}"))
            } else {
                Ok(p)
            }
        };
        let holder = match whose {
            Whose::Player {
                participant_id,
                round,
            } => {
                self.groups_of(round)?;
                Holder::Player {
                    participant_id: participant(participant_id)?,
                    round,
                }
            }
            Whose::Group { number, round } => {
                if number == 0 || number as usize > self.groups_of(round)?.len() {
                    return Err(format!("the app has no group {number} in round {round}"));
                }
                Holder::Group {
                    group_id: number,
                    round,
                }
            }
            Whose::Participant(p) => Holder::Participant {
                participant_id: participant(p)?,
            },
        };
        if write && let Caller::Player { player, members } = &self.caller {
            let own = match &holder {
                Holder::Player { participant_id, .. } | Holder::Participant { participant_id } => {
                    members.contains(participant_id)
                }
                Holder::Group { group_id, round } => {
                    (*group_id, *round) == (player.group_id, player.round)
                }
                Holder::Session => true,
            };
            if !own {
                return Err(format!(
                    "{whose} belongs to another group, which may be changing it now: a live method or page changes its own group's state only (change others' in creating_session or in after_all_players_arrive of a wait page with wait_for_all_groups)"
                ));
            }
        }
        Ok((holder, key.to_owned()))
    }

    fn read(&self, key: StateKey) -> Option<String> {
        if let Some(written) = self.state.borrow().get(&key) {
            return written.clone();
        }
        self.db.value(&key).map(str::to_owned)
    }

    fn write(&self, key: StateKey, value: Option<&str>) -> Result<(), String> {
        self.writable()?;
        if let Some(value) = value {
            if value.len() > MAX_VALUE_BYTES {
                return Err(format!(
                    "the value for key {:?} is {} bytes; the limit is {MAX_VALUE_BYTES}",
                    key.1,
                    value.len()
                ));
            }
            if let Err(e) = serde_json::from_str::<Value>(value) {
                return Err(format!(
                    "the value for key {:?} is not valid JSON: {e}",
                    key.1
                ));
            }
        }
        self.state
            .borrow_mut()
            .insert(key, value.map(str::to_owned));
        Ok(())
    }

    /// The group a row appended now is for.
    fn own_group(&self) -> (u32, u32) {
        match &self.caller {
            Caller::Player { player, .. } => (player.group_id, player.round),
            Caller::WholeRound { round, .. } => (0, *round),
        }
    }

    fn push_row(&self, table: &str, group: (u32, u32), fields: &str) -> Result<u64, String> {
        self.writable()?;
        check_table(table)?;
        check_fields(fields)?;
        let id = self.db.last_row_id.get() + 1;
        self.db.last_row_id.set(id);
        let (id_in_group, round) = match &self.caller {
            Caller::Player { player, .. } => (player.id_in_group, player.round),
            Caller::WholeRound { round, .. } => (0, *round),
        };
        self.rows.borrow_mut().push(StoredRow {
            table: table.to_owned(),
            group,
            row: RawRow {
                id,
                id_in_group,
                round,
                time_ms: self.time_ms,
                fields: fields.to_owned(),
            },
        });
        Ok(id)
    }

    /// The rows of `table` this call sees (its own changes included) whose
    /// group passes `wanted`, oldest first.
    fn rows_where(&self, table: &str, wanted: impl Fn((u32, u32)) -> bool) -> Vec<StoredRow> {
        let changed = self.changed.borrow();
        let mut out: Vec<StoredRow> = self
            .db
            .rows
            .iter()
            .filter_map(|r| match changed.get(&r.row.id) {
                Some(None) => None,
                Some(Some(fields)) => {
                    let mut r = r.clone();
                    r.row.fields = fields.clone();
                    Some(r)
                }
                None => Some(r.clone()),
            })
            .chain(self.rows.borrow().iter().cloned())
            .filter(|r| r.table == table && wanted(r.group))
            .collect();
        out.sort_by_key(|r| r.row.id);
        out
    }

    /// Row `id` of `table`, checked as one this call may change.
    fn own_row(&self, table: &str, id: u64) -> Result<StoredRow, String> {
        check_table(table)?;
        let row = self
            .rows_where(table, |_| true)
            .into_iter()
            .find(|r| r.row.id == id)
            .ok_or_else(|| format!("table {table:?} has no row {id} in this session"))?;
        if matches!(self.caller, Caller::Player { .. }) && row.group != self.own_group() {
            return Err(format!(
                "row {id} of table {table:?} belongs to another group, which may be changing it now: a live method or page changes its own group's rows only"
            ));
        }
        Ok(row)
    }

    fn change_row(&self, table: &str, id: u64, fields: Option<&str>) -> Result<(), String> {
        self.writable()?;
        self.own_row(table, id)?;
        let mut rows = self.rows.borrow_mut();
        if let Some(at) = rows.iter().position(|r| r.row.id == id) {
            match fields {
                Some(f) => rows[at].row.fields = f.to_owned(),
                None => {
                    rows.remove(at);
                }
            }
        } else {
            self.changed
                .borrow_mut()
                .insert(id, fields.map(str::to_owned));
        }
        Ok(())
    }
}

fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("state keys must not be empty".to_owned());
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(format!(
            "the state key is {} bytes long; the limit is {MAX_KEY_BYTES}",
            key.len()
        ));
    }
    Ok(())
}

fn check_fields(fields: &str) -> Result<(), String> {
    match serde_json::from_str::<Value>(fields) {
        Ok(Value::Object(_)) => Ok(()),
        Ok(other) => Err(format!(
            "log row fields must be a JSON object, not {}",
            json_kind(&other)
        )),
        Err(e) => Err(format!("the log row fields are not valid JSON: {e}")),
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

/// Checks a group matrix for `round` as the host does: every participant
/// of the session exactly once, no empty group.
fn check_matrix(participants: u32, groups: &[Vec<u32>]) -> Result<(), String> {
    let mut seen = vec![false; participants as usize];
    for group in groups {
        if group.is_empty() {
            return Err("the group matrix is wrong: a group is empty".to_owned());
        }
        for &p in group {
            let Some(slot) = p.checked_sub(1).and_then(|i| seen.get_mut(i as usize)) else {
                return Err(format!(
                    "the group matrix is wrong: the session has no participant {p}"
                ));
            };
            if *slot {
                return Err(format!(
                    "the group matrix is wrong: participant {p} is in it twice"
                ));
            }
            *slot = true;
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(format!(
            "the group matrix is wrong: participant {} is in no group",
            missing + 1
        ));
    }
    Ok(())
}

impl Backend for Call<'_> {
    fn get(&self, owner: Owner, key: &str) -> Result<Option<String>, String> {
        Ok(self.read(self.key(owner, key)?))
    }

    fn set(&self, owner: Owner, key: &str, value: &str) -> Result<(), String> {
        self.write(self.key(owner, key)?, Some(value))
    }

    fn delete(&self, owner: Owner, key: &str) -> Result<(), String> {
        self.write(self.key(owner, key)?, None)
    }

    fn get_whose(&self, whose: Whose, key: &str) -> Result<Option<String>, String> {
        Ok(self.read(self.whose_key(whose, key, false)?))
    }

    fn set_whose(&self, whose: Whose, key: &str, value: &str) -> Result<(), String> {
        self.write(self.whose_key(whose, key, true)?, Some(value))
    }

    fn delete_whose(&self, whose: Whose, key: &str) -> Result<(), String> {
        self.write(self.whose_key(whose, key, true)?, None)
    }

    fn groups(&self, round: u32) -> Result<Vec<Vec<PlayerInfo>>, String> {
        Ok(self
            .groups_of(round)?
            .into_iter()
            .enumerate()
            .map(|(g, ids)| {
                ids.into_iter()
                    .enumerate()
                    .map(|(i, participant_id)| PlayerInfo {
                        id_in_group: i as u32 + 1,
                        round,
                        group_id: g as u32 + 1,
                        participant_id,
                    })
                    .collect()
            })
            .collect())
    }

    fn set_groups(&self, round: u32, groups: Vec<Vec<u32>>) -> Result<(), String> {
        self.writable()?;
        if !matches!(self.caller, Caller::WholeRound { creating: true, .. }) {
            return Err(REGROUP.to_owned());
        }
        self.groups_of(round)?;
        check_matrix(self.db.shape.participants, &groups)?;
        self.matrices.borrow_mut().insert(round, groups);
        Ok(())
    }

    fn participant_code(&self, participant_id: u32) -> Result<String, String> {
        if let Caller::Player { player, .. } = &self.caller
            && player.participant_id != participant_id
        {
            return Err(format!(
                "participant {participant_id}'s code is their secret link: a page or live method reads its own participant's only (custom_export and creating_session read any)"
            ));
        }
        self.db
            .participant_code(participant_id)
            .map(str::to_owned)
            .ok_or_else(|| format!("the session has no participant {participant_id}"))
    }

    fn session_code(&self) -> Result<String, String> {
        Ok(self.db.session_code().to_owned())
    }

    fn append(&self, table: &str, fields: &str) -> Result<u64, String> {
        self.push_row(table, self.own_group(), fields)
    }

    fn append_for_group(
        &self,
        table: &str,
        group: (u32, u32),
        fields: &str,
    ) -> Result<u64, String> {
        let (number, round) = group;
        if number == 0 || number as usize > self.groups_of(round)?.len() {
            return Err(format!("the app has no group {number} in round {round}"));
        }
        self.push_row(table, group, fields)
    }

    fn query(&self, table: &str, filter: Filter) -> Result<Vec<RawRow>, String> {
        check_table(table)?;
        let number = self.own_group().0;
        Ok(self
            .rows_where(table, |(g, _)| g == number)
            .into_iter()
            .filter(|r| filter.id_in_group.is_none_or(|id| r.row.id_in_group == id))
            .filter(|r| filter.round.is_none_or(|round| r.row.round == round))
            .map(|r| r.row)
            .collect())
    }

    fn query_group(&self, table: &str, group: (u32, u32)) -> Result<Vec<RawRow>, String> {
        check_table(table)?;
        let (number, round) = group;
        if number == 0 || number as usize > self.groups_of(round)?.len() {
            return Err(format!("the app has no group {number} in round {round}"));
        }
        Ok(self
            .rows_where(table, |g| g == group)
            .into_iter()
            .map(|r| r.row)
            .collect())
    }

    fn query_all(&self, table: &str) -> Result<Vec<RawRow>, String> {
        check_table(table)?;
        Ok(self
            .rows_where(table, |_| true)
            .into_iter()
            .map(|r| r.row)
            .collect())
    }

    fn update_row(&self, table: &str, id: u64, fields: &str) -> Result<(), String> {
        check_fields(fields)?;
        self.change_row(table, id, Some(fields))
    }

    fn remove_row(&self, table: &str, id: u64) -> Result<(), String> {
        self.change_row(table, id, None)
    }

    fn emit(&self, to: u32, payload: &str) -> Result<(), String> {
        let size = self.player()?.1.len() as u32;
        if to > size {
            return Err(format!(
                "emit to id_in_group {to}: the group has ids 1 to {size} (0 = everyone)"
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
        let Ok((me, members)) = self.player() else {
            return Vec::new();
        };
        members
            .iter()
            .enumerate()
            .map(|(i, &participant_id)| PlayerInfo {
                id_in_group: i as u32 + 1,
                round: me.round,
                group_id: me.group_id,
                participant_id,
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
        let mut db = Db::new(Shape {
            participants: 4,
            players_per_group: 2,
            rounds: 1,
        });
        let call = Call::new(&db, caller(1, 1), 0);
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
        let db = Db::new(Shape {
            participants: 4,
            players_per_group: 2,
            rounds: 1,
        });
        let call = Call::new(&db, caller(1, 1), 0);
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
        let mut db = Db::new(Shape {
            participants: 4,
            players_per_group: 2,
            rounds: 1,
        });
        let a = Call::new(&db, caller(1, 1), 5);
        assert_eq!(a.append("t", r#"{"v":1}"#), Ok(1));
        assert_eq!(a.append("t", r#"{"v":2}"#), Ok(2));
        assert_eq!(a.query("t", Filter::new()).unwrap().len(), 2);
        let writes = a.into_writes();
        db.commit(writes);
        let b = Call::new(&db, caller(2, 2), 6);
        assert_eq!(b.append("t", r#"{"v":3}"#), Ok(3));
        assert_eq!(b.query("t", Filter::new()).unwrap().len(), 1);
        assert_eq!(b.query("u", Filter::new()).unwrap().len(), 0);
        let c = Call::new(&db, caller(1, 2), 7);
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
