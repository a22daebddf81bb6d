//! One guest call's transaction: what the `state`, `log` and `group`
//! imports read and write while a live method or before-next runs.
//!
//! Reads see, in order: this call's own writes, the group's [`StateCache`]
//! (values of keys only this group writes: its group, players and
//! participants), writes submitted by earlier calls but not yet committed,
//! then the data file. Writes are buffered here and leave only through
//! [`Call::finish`], which the group hands to the committer if, and only
//! if, the guest returned `ok`.
//!
//! Session state is shared by groups that run in parallel. A call that
//! touches it first takes its session's lock and keeps it until the group
//! has submitted the call's writes ([`SessionGuard`]), so calls that use
//! session state run one after another, as if the session had one queue,
//! and no update is lost. Calls that do not touch it never wait.

mod entropy;
mod rows;

pub use entropy::{CallEntropySource, RecordedEntropy};

use std::sync::Arc;

use serde::de::IgnoredAny;

use super::app_groups::AppGroups;
use super::bindings::{Owner, Player, Whose};
use crate::store::{KeyMap, Scope, StateKey, Store, StoreError, Write};

/// Limits on one call's writes and replies.
#[derive(Debug, Clone)]
pub struct CallLimits {
    /// Longest state key, in bytes.
    pub max_key_bytes: usize,
    /// Largest single state value or log row, in bytes.
    pub max_value_bytes: usize,
    /// Most bytes one call may write in total (state values and rows).
    pub max_write_bytes: usize,
    /// Most bytes of reply payloads one live call may return in total.
    pub max_reply_bytes: usize,
    /// Most messages one live call may return.
    pub max_replies: usize,
}

impl Default for CallLimits {
    fn default() -> Self {
        CallLimits {
            max_key_bytes: 256,
            max_value_bytes: 1 << 20,
            max_write_bytes: 16 << 20,
            max_reply_bytes: 1 << 20,
            max_replies: 1000,
        }
    }
}

/// A player of the calling group, as the host knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub participant_id: u32,
    pub id_in_group: u32,
}

/// Why a state or log operation was refused; the guest gets the text.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("there is no player with id_in_group {0} in this group (ids run from 1 to {1})")]
    UnknownPlayer(u32, usize),
    #[error("{what} is not valid JSON: {error}")]
    InvalidJson { what: String, error: String },
    #[error("state keys must not be empty")]
    EmptyKey,
    #[error("the state key is {0} bytes long; the limit is {1}")]
    KeyTooLong(usize, usize),
    #[error("{what} is {size} bytes; the limit is {max}")]
    TooLarge {
        what: String,
        size: usize,
        max: usize,
    },
    #[error("this call has written more than {0} bytes; write less per message")]
    WriteBudget(usize),
    #[error("table names are 1 to 64 letters, digits, '_' or '-'; {0:?} is not")]
    BadTable(String),
    #[error("log row fields must be a JSON object, not {0}")]
    FieldsNotObject(String),
    #[error(
        "the session's config is set when the session is created and cannot be changed: keep what changes under another session key"
    )]
    ReadOnlyConfig,
    #[error(
        "this call has no group of its own (creating_session and a wait page for all groups run for the whole round): reach players and groups through the subsession"
    )]
    NoGroup,
    #[error("the experiment's app has no round {0}")]
    UnknownRound(u32),
    #[error("the session has no participant {0}")]
    UnknownParticipant(u32),
    #[error("the app has no group {0} in round {1}")]
    UnknownGroup(u32, u32),
    #[error(
        "groups are set in creating_session only (oTree's set_group_matrix, group_randomly, group_like_round)"
    )]
    RegroupOutsideCreatingSession,
    #[error("the group matrix is wrong: {0}")]
    BadMatrix(String),
    #[error(
        "participant {0}'s code is their secret link: a page or live method reads its own participant's only (custom_export and creating_session read any)"
    )]
    NotYourCode(u32),
    #[error(
        "{0} only reads: it cannot change state or rows (compute what it shows from what is stored)"
    )]
    ReadOnly(&'static str),
    #[error(
        "{0} belongs to another group, which may be changing it now: a live method or page changes its own group's state only (change others' in creating_session or in after_all_players_arrive of a wait page with wait_for_all_groups)"
    )]
    NotTheCallersGroup(String),
    #[error("table {table:?} has no row {id} in this session")]
    UnknownRow { table: String, id: u64 },
    #[error(
        "row {id} of table {table:?} belongs to another group, which may be changing it now: a live method or page changes its own group's rows only"
    )]
    NotTheCallersRow { table: String, id: u64 },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// One lock per session, taken by calls that touch session state.
pub type SessionLock = Arc<tokio::sync::Mutex<()>>;

/// Held from a call's first use of session state until its writes are
/// submitted; dropping it lets the next such call of the session run.
pub type SessionGuard = tokio::sync::OwnedMutexGuard<()>;

/// Most entries a group's cache keeps before it starts over.
const CACHE_ENTRIES: usize = 4096;

/// The newest values of keys that only one group writes (its group,
/// players and participants; not the session, which all groups share).
/// Because no one else writes them, a value read or written once stays
/// true until this group changes it, so reads need not go to the file.
#[derive(Default)]
pub struct StateCache(KeyMap<StateKey, Option<String>>);

impl StateCache {
    fn cacheable(key: &StateKey) -> bool {
        key.scope != Scope::Session || key.key == SESSION_CONFIG
    }

    fn insert(&mut self, key: StateKey, value: Option<String>) {
        if Self::cacheable(&key) {
            if self.0.len() >= CACHE_ENTRIES {
                self.0.clear();
            }
            self.0.insert(key, value);
        }
    }
}

/// The session state key of the session's configuration, set when the
/// session is created and never changed by a call.
pub const SESSION_CONFIG: &str = "config";

/// Refuses a write of the session's configuration.
fn read_only(key: &StateKey) -> Result<(), CallError> {
    if key.scope == Scope::Session && key.key == SESSION_CONFIG {
        return Err(CallError::ReadOnlyConfig);
    }
    Ok(())
}

/// The transaction of one live-method or before-next call.
pub struct Call {
    store: Store,
    limits: CallLimits,
    session: Arc<str>,
    group_id: u32,
    /// The group's number as the guest sees it (within its app).
    group_number: u32,
    round: u32,
    members: Arc<[GroupMember]>,
    caller: GroupMember,
    /// The caller's app: every player and group of it, for `subsession`.
    app: Option<Arc<AppGroups>>,
    /// A hook for the whole round (creating_session): it may change any
    /// player and group of its app.
    whole_app: bool,
    /// What the call is, if it only reads (the admin report, a custom
    /// export): its writes are refused, naming it.
    reading_for: Option<&'static str>,
    /// A session hook or admin view, allowed `Limits::hook_deadline` of
    /// running time.
    hook: bool,
    time_ms: u64,
    /// The seed of the randomness the guest reads during the call, and
    /// the time its clock reads.
    seed: u64,
    guest_time_ms: u64,
    entropy: CallEntropySource,
    /// This call's writes, in order.
    writes: Vec<Write>,
    /// Newest value of each key this call wrote.
    local: KeyMap<StateKey, Option<String>>,
    /// The group's cache, lent to the call.
    cache: StateCache,
    written_bytes: usize,
    session_lock: SessionLock,
    session_guard: Option<SessionGuard>,
    /// A storage failure met during the call: it fails the call whatever
    /// the guest returns.
    store_failure: Option<StoreError>,
}

impl Call {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        limits: CallLimits,
        session: Arc<str>,
        group_id: u32,
        round: u32,
        members: Arc<[GroupMember]>,
        caller: GroupMember,
        time_ms: u64,
        cache: StateCache,
        session_lock: SessionLock,
    ) -> Call {
        Call {
            store,
            limits,
            session,
            group_id,
            group_number: group_id,
            round,
            members,
            caller,
            app: None,
            whole_app: false,
            reading_for: None,
            hook: false,
            time_ms,
            seed: rand::random(),
            guest_time_ms: time_ms,
            entropy: CallEntropySource::Live,
            writes: Vec::new(),
            local: KeyMap::default(),
            cache,
            session_lock,
            session_guard: None,
            written_bytes: 0,
            store_failure: None,
        }
    }

    pub fn limits(&self) -> &CallLimits {
        &self.limits
    }

    /// The call's time and seed drawn from `source`.
    pub fn drawing_from(mut self, source: &CallEntropySource) -> Call {
        self.entropy = source.clone();
        (self.guest_time_ms, self.seed) = source.draw(self.time_ms, self.group_id, self.round);
        self
    }

    /// What the guest's clock reads (ms since the Unix epoch): when the
    /// call started.
    pub fn guest_time_ms(&self) -> u64 {
        self.guest_time_ms
    }

    /// The seed of the guest's randomness in this call.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A fresh time and seed, for the next guest call in the same
    /// transaction (a new session's creating_session, round after round);
    /// returns the seed.
    pub fn reseed(&mut self) -> u64 {
        (self.guest_time_ms, self.seed) =
            self.entropy.draw(self.time_ms, self.group_id, self.round);
        self.seed
    }

    /// The call is logged (its message-log entry made): returns the seed
    /// to record with it, and lets its group's next call draw anew.
    pub fn logged(&self) -> u64 {
        self.entropy.logged(self.group_id, self.round);
        self.seed
    }

    /// The participant id of a member, by id in group.
    pub fn member(&self, id_in_group: u32) -> Option<&GroupMember> {
        self.members.iter().find(|m| m.id_in_group == id_in_group)
    }

    pub fn members(&self) -> &[GroupMember] {
        &self.members
    }

    fn scope(&self, owner: Owner) -> Result<Scope, CallError> {
        if self.members.is_empty() && !matches!(owner, Owner::Session) {
            return Err(CallError::NoGroup);
        }
        let member = |n: u32| {
            self.member(n)
                .map(|m| m.participant_id)
                .ok_or(CallError::UnknownPlayer(n, self.members.len()))
        };
        Ok(match owner {
            Owner::Session => Scope::Session,
            Owner::Group => Scope::Group {
                group_id: self.group_id,
                round: self.round,
            },
            Owner::Player(n) => Scope::Player {
                participant_id: member(n)?,
                round: self.round,
            },
            Owner::Participant(n) => Scope::Participant {
                participant_id: member(n)?,
            },
        })
    }

    fn key(&self, owner: Owner, key: String) -> Result<StateKey, CallError> {
        // The key is checked before its owner, as the SDK's native harness
        // does.
        self.check_key(&key)?;
        let scope = self.scope(owner)?;
        self.key_of(scope, key)
    }

    fn check_key(&self, key: &str) -> Result<(), CallError> {
        if key.is_empty() {
            return Err(CallError::EmptyKey);
        }
        if key.len() > self.limits.max_key_bytes {
            return Err(CallError::KeyTooLong(key.len(), self.limits.max_key_bytes));
        }
        Ok(())
    }

    fn key_of(&self, scope: Scope, key: String) -> Result<StateKey, CallError> {
        self.check_key(&key)?;
        Ok(StateKey {
            session: self.session.clone(),
            scope,
            key,
        })
    }

    /// The call in `app` (every call of a session has one).
    pub fn in_app(mut self, app: Arc<AppGroups>) -> Call {
        self.app = Some(app);
        self
    }

    /// The call is a hook for the whole round of its app: it may change
    /// any of its players and groups.
    pub fn for_whole_app(mut self) -> Call {
        self.whole_app = true;
        self
    }

    /// The call is one of oTree's session hooks or an admin view: it may
    /// run `Limits::hook_deadline`.
    pub fn as_hook(mut self) -> Call {
        self.hook = true;
        self
    }

    pub fn is_hook(&self) -> bool {
        self.hook
    }

    /// The call holds the session's lock already (taken by an earlier call
    /// of the same transaction, whose writes are not committed yet).
    pub fn holding(mut self, guard: Option<SessionGuard>) -> Call {
        if guard.is_some() {
            self.session_guard = guard;
        }
        self
    }

    /// The call only reads, for `what` (the admin report, a custom
    /// export): every write is refused, naming it.
    pub fn only_reading(mut self, what: &'static str) -> Call {
        self.reading_for = Some(what);
        self
    }

    /// Refuses a write if the call only reads.
    fn may_write(&self) -> Result<(), CallError> {
        match self.reading_for {
            Some(what) => Err(CallError::ReadOnly(what)),
            None => Ok(()),
        }
    }

    /// Session state this call sees as written already, though it is not
    /// stored yet and is not one of the call's writes (a new session's
    /// `config`, written with the session).
    pub fn seeing(mut self, key: &str, value: Option<String>) -> Call {
        let key = StateKey {
            session: self.session.clone(),
            scope: Scope::Session,
            key: key.to_string(),
        };
        self.local.insert(key, value);
        self
    }

    /// The same transaction, going on in `round` of `app` (or of its own
    /// app, with the groups it set, for `None`): the writes so far stay,
    /// and later reads see them (a new session's creating_session, one
    /// round after another).
    pub fn moved_to(mut self, app: Option<Arc<AppGroups>>, round: u32) -> Call {
        if let Some(app) = app {
            self.app = Some(app);
        }
        self.round = round;
        self
    }

    /// The state `whose` names, checked against the caller's app.
    fn whose_scope(&self, whose: Whose) -> Result<Scope, CallError> {
        let Some(app) = self.app.as_deref() else {
            return Err(CallError::NoGroup);
        };
        let participant = |id: u32| {
            if (1..=app.participants).contains(&id) {
                Ok(id)
            } else {
                Err(CallError::UnknownParticipant(id))
            }
        };
        let round = |r: u32| {
            if app.has_round(r) {
                Ok(r)
            } else {
                Err(CallError::UnknownRound(r))
            }
        };
        Ok(match whose {
            Whose::Player((id, r)) => Scope::Player {
                participant_id: participant(id)?,
                round: round(r)?,
            },
            Whose::Group((n, r)) => Scope::Group {
                group_id: app
                    .group_id(n, round(r)?)
                    .ok_or(CallError::UnknownGroup(n, r))?,
                round: r,
            },
            Whose::Participant(id) => Scope::Participant {
                participant_id: participant(id)?,
            },
        })
    }

    /// Whether `scope` is the calling group's own (its group this round,
    /// its players and participants): only its calls write it, so it may
    /// be cached, and a call may change it.
    fn owns(&self, scope: &Scope) -> bool {
        let member = |id: u32| self.members.iter().any(|m| m.participant_id == id);
        match *scope {
            Scope::Session => false,
            Scope::Group { group_id, round } => group_id == self.group_id && round == self.round,
            Scope::Player { participant_id, .. } | Scope::Participant { participant_id } => {
                member(participant_id)
            }
        }
    }

    /// Refuses a write of state another group owns (but in a hook for the
    /// whole round).
    fn may_change(&self, whose: Whose, scope: &Scope) -> Result<(), CallError> {
        if self.whole_app || self.owns(scope) {
            return Ok(());
        }
        let what = match whose {
            Whose::Player((id, r)) => format!("the player of participant {id} in round {r}"),
            Whose::Group((n, r)) => format!("group {n} of round {r}"),
            Whose::Participant(id) => format!("participant {id}"),
        };
        Err(CallError::NotTheCallersGroup(what))
    }

    fn note_store<T>(&mut self, r: Result<T, StoreError>) -> Result<T, CallError> {
        r.map_err(|e| {
            self.store_failure.get_or_insert(e.clone());
            CallError::Store(e)
        })
    }

    /// Counts `bytes` against the call's limits; `what` names the write
    /// (built only for an error: this is on every write's path).
    fn budget(&mut self, what: impl Fn() -> String, bytes: usize) -> Result<(), CallError> {
        if bytes > self.limits.max_value_bytes {
            return Err(CallError::TooLarge {
                what: what(),
                size: bytes,
                max: self.limits.max_value_bytes,
            });
        }
        self.written_bytes += bytes;
        if self.written_bytes > self.limits.max_write_bytes {
            return Err(CallError::WriteBudget(self.limits.max_write_bytes));
        }
        Ok(())
    }

    /// Takes the session's lock before the first use of session state
    /// (but its `config`, which never changes).
    pub async fn lock_session_for(&mut self, owner: Owner, key: &str) {
        if matches!(owner, Owner::Session) && key != SESSION_CONFIG && self.session_guard.is_none()
        {
            self.session_guard = Some(self.session_lock.clone().lock_owned().await);
        }
    }

    /// `state.get`.
    pub fn get(&mut self, owner: Owner, key: &str) -> Result<Option<String>, CallError> {
        let key = self.key(owner, key.to_string())?;
        self.read(key)
    }

    /// `subsession.get`.
    pub fn get_whose(&mut self, whose: Whose, key: &str) -> Result<Option<String>, CallError> {
        let key = self.key_of(self.whose_scope(whose)?, key.to_string())?;
        self.read(key)
    }

    fn read(&mut self, key: StateKey) -> Result<Option<String>, CallError> {
        if let Some(v) = self.local.get(&key) {
            return Ok(v.clone());
        }
        if let Some(v) = self.cache.0.get(&key) {
            return Ok(v.clone());
        }
        let r = self.store.state(&key);
        let value = self.note_store(r)?;
        // Another group's values may change under this one: not cached.
        if key.scope == Scope::Session || self.owns(&key.scope) {
            self.cache.insert(key, value.clone());
        }
        Ok(value)
    }

    /// `state.set`.
    pub fn set(&mut self, owner: Owner, key: String, value: String) -> Result<(), CallError> {
        let key = self.key(owner, key)?;
        self.write(key, Some(value))
    }

    /// `subsession.set`.
    pub fn set_whose(&mut self, whose: Whose, key: String, value: String) -> Result<(), CallError> {
        let scope = self.whose_scope(whose)?;
        self.may_change(whose, &scope)?;
        let key = self.key_of(scope, key)?;
        self.write(key, Some(value))
    }

    /// `state.delete`.
    pub fn delete(&mut self, owner: Owner, key: String) -> Result<(), CallError> {
        let key = self.key(owner, key)?;
        self.write(key, None)
    }

    /// `subsession.delete`.
    pub fn delete_whose(&mut self, whose: Whose, key: String) -> Result<(), CallError> {
        let scope = self.whose_scope(whose)?;
        self.may_change(whose, &scope)?;
        let key = self.key_of(scope, key)?;
        self.write(key, None)
    }

    fn write(&mut self, key: StateKey, value: Option<String>) -> Result<(), CallError> {
        self.may_write()?;
        read_only(&key)?;
        if let Some(value) = &value {
            let what = || format!("the value for key {:?}", key.key);
            json_value(value, what)?;
            self.budget(what, value.len())?;
        }
        self.local.insert(key.clone(), value.clone());
        self.writes.push(Write::State(key, value));
        Ok(())
    }

    /// `subsession.groups`: the groups of a round of the caller's app, as
    /// the guest sees them.
    pub fn groups(&self, round: u32) -> Result<Vec<Vec<Player>>, CallError> {
        let Some(app) = self.app.as_deref() else {
            return Err(CallError::NoGroup);
        };
        if !app.has_round(round) {
            return Err(CallError::UnknownRound(round));
        }
        Ok(app
            .groups(round)
            .into_iter()
            .zip(1..)
            .map(|(members, group_id)| {
                members
                    .into_iter()
                    .map(|m| Player {
                        id_in_group: m.id_in_group,
                        round,
                        group_id,
                        participant_id: m.participant_id,
                    })
                    .collect()
            })
            .collect())
    }

    /// `subsession.participant-code`: a participant's secret code, to
    /// themselves or a call for the whole app.
    pub fn participant_code(&self, id: u32) -> Result<String, CallError> {
        if !self.whole_app && id != self.caller.participant_id {
            return Err(CallError::NotYourCode(id));
        }
        let found = self.store.participants_by_id(&self.session, &[id])?;
        found
            .into_iter()
            .next()
            .map(|p| p.code)
            .ok_or(CallError::UnknownParticipant(id))
    }

    /// `subsession.session-code`.
    pub fn session_code(&self) -> String {
        self.session.to_string()
    }

    /// `subsession.set-groups`: a round's groups (oTree's
    /// set_group_matrix), in creating_session only.
    pub fn set_groups(&mut self, round: u32, rows: Vec<Vec<u32>>) -> Result<(), CallError> {
        self.may_write()?;
        if !self.whole_app {
            return Err(CallError::RegroupOutsideCreatingSession);
        }
        let Some(app) = self.app.as_mut() else {
            return Err(CallError::NoGroup);
        };
        if !app.has_round(round) {
            return Err(CallError::UnknownRound(round));
        }
        let matrix =
            super::Matrix::new(rows.clone(), app.participants).map_err(CallError::BadMatrix)?;
        let app = Arc::make_mut(app);
        app.set_groups(round, matrix);
        let write = Write::GroupMatrix {
            session: self.session.clone(),
            app: app.index,
            round,
            groups: rows,
        };
        self.writes.push(write);
        Ok(())
    }

    /// The caller's app as the call left it (creating_session may have
    /// regrouped its rounds).
    pub fn app_groups(&self) -> Option<&AppGroups> {
        self.app.as_deref()
    }

    /// The call with its group numbered `n` for the guest (an app's
    /// groups are numbered from 1 in each app of a session).
    pub fn numbered(mut self, n: u32) -> Call {
        self.group_number = n;
        self
    }

    /// `group.players`.
    pub fn players(&self) -> Vec<Player> {
        self.members
            .iter()
            .map(|m| Player {
                id_in_group: m.id_in_group,
                round: self.round,
                group_id: self.group_number,
                participant_id: m.participant_id,
            })
            .collect()
    }

    /// Ends the call, giving the cache back. With `keep` (the guest
    /// returned `ok`), returns the writes to commit, and the cache learns
    /// them; without, the writes are dropped. A storage failure during the
    /// call fails it either way. Keep the returned guard until the writes
    /// are submitted.
    pub fn finish(self, keep: bool) -> CallEnd {
        let mut cache = self.cache;
        let session_guard = self.session_guard;
        if let Some(e) = self.store_failure {
            // What was read may be incomplete: start the cache over.
            return CallEnd {
                cache: StateCache::default(),
                writes: Err(e),
                session_guard,
            };
        }
        if !keep {
            return CallEnd {
                cache,
                writes: Ok(Vec::new()),
                session_guard,
            };
        }
        for (key, value) in self.local {
            if !self.whole_app {
                cache.insert(key, value);
            }
        }
        CallEnd {
            cache,
            writes: Ok(self.writes),
            session_guard,
        }
    }
}

/// What a finished call leaves.
pub struct CallEnd {
    /// The group's cache, back.
    pub cache: StateCache,
    /// The writes to submit (empty if the call is not kept).
    pub writes: Result<Vec<Write>, StoreError>,
    /// The session's lock, if the call took it: hold it until the writes
    /// are submitted.
    pub session_guard: Option<SessionGuard>,
}

/// Checks that `text` is one JSON value. A string escape of half a UTF-16
/// surrogate pair (`"\ud800"` alone) is refused too: it is no text, and
/// the guest SDKs' JSON readers refuse it when the value is read back.
pub fn check_json(what: &str, text: &str) -> Result<(), CallError> {
    json_value(text, || what.to_string())
}

/// [`check_json`], naming the value (`what`) only in an error: this is on
/// every write's path.
fn json_value(text: &str, what: impl Fn() -> String) -> Result<(), CallError> {
    let invalid = |e: serde_json::Error| CallError::InvalidJson {
        what: what(),
        error: e.to_string(),
    };
    // Skipping a value does not decode its strings' escapes; decoding them
    // costs allocations, so only a text with a surrogate escape pays it.
    serde_json::from_str::<IgnoredAny>(text).map_err(invalid)?;
    if has_surrogate_escape(text) {
        serde_json::from_str::<serde_json::Value>(text).map_err(invalid)?;
    }
    Ok(())
}

/// Whether `text` holds a `\uD800`-`\uDFFF` escape.
fn has_surrogate_escape(text: &str) -> bool {
    text.contains("\\u")
        && text.as_bytes().windows(4).any(|w| {
            w[0] == b'\\' && w[1] == b'u' && matches!(w[2], b'd' | b'D') && {
                matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            }
        })
}

fn check_table(table: &str) -> Result<(), CallError> {
    let ok = !table.is_empty()
        && table.len() <= 64
        && table
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(CallError::BadTable(table.to_string()))
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::check_json;

    #[test]
    fn json_with_half_a_surrogate_pair_is_refused_and_whole_pairs_are_kept() {
        assert!(check_json("v", r#""\ud83d\ude00""#).is_ok());
        assert!(
            check_json("v", r#"{"a": "\\ud800"}"#).is_ok(),
            "an escaped backslash"
        );
        for lone in [r#""\ud800""#, r#"["x", "\uDFFF"]"#, r#"{"k": "a\ude00b"}"#] {
            let e = check_json("the value", lone).unwrap_err().to_string();
            assert!(e.starts_with("the value is not valid JSON"), "{lone}: {e}");
        }
        assert!(check_json("v", "{nope").is_err());
    }
}
