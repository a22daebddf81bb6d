//! `livehost replay`: plays a recorded session again, against the same or a
//! newer version of its experiment, and reports the first difference.
//!
//! The recording is the session's message log: every live message, press
//! of next, time-out, page shown with an effect, experimenter's action and
//! session hook, each with the time the experiment's clock read and the
//! seed of its randomness. A fresh host on a temporary data file creates
//! the session with the recorded apps and config, then makes the recorded
//! participants' actions, in the recorded order, each once its participant
//! stands where the recording says; every call reads the recorded clock and
//! randomness (`CallEntropySource::Replay`). What the replay logs is
//! compared with the recording entry by entry, then the final state, rows
//! and positions.
//!
//! Entries are matched within one participant's entries of one group and
//! round (hooks: participant 0): groups run in parallel, so the order of
//! two groups' entries in a log says nothing, while one participant's
//! entries in a group come one after another. Hooks and async segments are
//! not driven: they follow from what was, and are waited for.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::live::{Config, Livehost, RecordedSetup, SessionOptions, TimeoutTrigger};
use crate::runtime::{CallEntropySource, RecordedEntropy, SESSION_CONFIG};
use crate::store::{MessageKind, MessageRecord, Scope, SessionRecord, Store, StoreError};

/// How long the replay waits for an entry that follows from another (a
/// hook, an async segment) or for a participant to reach the recorded page.
const WAIT: Duration = Duration::from_secs(5);

/// Why a session could not be replayed at all.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(
        "there is no data file at {0}: give the path of the host's data file (livehost serve --data)"
    )]
    NoDataFile(String),
    #[error("cannot read the recording: {0}")]
    Recording(#[from] StoreError),
    #[error("the data file has no session {0:?}: `livehost session list` names a host's sessions")]
    UnknownSession(String),
    #[error("session {session} cannot be replayed: {why}")]
    NotReplayable { session: String, why: String },
    #[error("the experiment was refused: {0}")]
    Experiment(String),
    #[error("{0}")]
    Setup(String),
}

/// What a replay found.
#[derive(Debug)]
pub struct Report {
    /// The recording's entries compared (chat lines are not: the host keeps
    /// them without calling the experiment).
    pub entries: usize,
    /// SHA of the experiment the session was recorded with, and of the one
    /// replayed.
    pub recorded_with: String,
    pub replayed_with: String,
    /// The first difference, for people; None: the replay did the same.
    pub difference: Option<String>,
}

/// Replays session `session` of the data file `data_file` with the
/// experiment component `experiment` (None: the one it was recorded with).
/// The data file must not be open in a running host.
pub async fn run(
    data_file: &Path,
    session: &str,
    experiment: Option<Vec<u8>>,
) -> Result<Report, ReplayError> {
    if !data_file.is_file() {
        return Err(ReplayError::NoDataFile(data_file.display().to_string()));
    }
    let recording = Recording::read(&Store::open(data_file)?, session)?;
    let bytes = match experiment {
        Some(bytes) => bytes,
        None => recording.experiment.clone(),
    };
    let dir = tempfile::tempdir()
        .map_err(|e| ReplayError::Setup(format!("cannot make a temp dir: {e}")))?;
    let mut config = Config::new(dir.path().join("replay.redb"));
    config.cache_dir = crate::bots::default_cache_dir();
    config.entropy = CallEntropySource::Replay(Arc::new(RecordedEntropy::new(
        recording.log.iter().map(|(_, e)| e),
    )));
    config.page_timers = false;
    let host = Livehost::open(config).map_err(|e| ReplayError::Setup(format!("{e:#}")))?;
    let result = replay(&host, &recording, &bytes).await;
    host.shutdown().await;
    result
}

async fn replay(
    host: &Livehost,
    recording: &Recording,
    bytes: &[u8],
) -> Result<Report, ReplayError> {
    let experiment = host
        .add_experiment(bytes)
        .await
        .map_err(|e| ReplayError::Experiment(e.to_string()))?;
    let options = SessionOptions {
        config_name: recording.session.config_name.clone(),
        recorded: Some(RecordedSetup {
            apps: recording.session.apps.clone(),
            config: recording.config.clone(),
        }),
        ..Default::default()
    };
    let mut report = Report {
        entries: 0,
        recorded_with: recording.session.experiment.clone(),
        replayed_with: experiment.sha.clone(),
        difference: None,
    };
    let created = match host
        .create_session_with(&experiment.sha, recording.session.participants, options)
        .await
    {
        Ok(created) => created,
        Err(e) => {
            report.difference = Some(format!(
                "the session could not be created again: {e} (the recording created it)"
            ));
            return Ok(report);
        }
    };
    let codes: HashMap<u32, String> = created
        .participants
        .iter()
        .map(|p| (p.participant_id, p.code.clone()))
        .collect();
    let replayed = Replayed {
        host,
        session: created.code.clone(),
        codes,
        log: Log::default(),
    };
    report.difference = replayed.compare_log(recording, &mut report.entries).await?;
    if report.difference.is_none() {
        let store = host.store();
        report.difference = compare_end(recording, &Recording::end(store, &created.code)?);
    }
    Ok(report)
}

/// What was recorded of a session.
struct Recording {
    session: SessionRecord,
    /// The experiment's component as the session ran it.
    experiment: Vec<u8>,
    /// The merged config (the `config` state), if any.
    config: Option<serde_json::Value>,
    /// The message log without chat lines, with each entry's number.
    log: Vec<(u64, MessageRecord)>,
    end: End,
}

/// A session's state when its log ends.
struct End {
    /// Every state value, by (scope, key).
    state: BTreeMap<(String, String), String>,
    /// Every log row, by id: (table, group, participant, round, fields).
    rows: BTreeMap<u64, (String, u32, u32, u32, String)>,
    /// Every participant's place: (group, id in group, app, round, page,
    /// finished).
    places: BTreeMap<u32, (u32, u32, u32, u32, u32, bool)>,
}

impl Recording {
    fn read(store: &Store, code: &str) -> Result<Recording, ReplayError> {
        let session = store
            .session(code)?
            .ok_or_else(|| ReplayError::UnknownSession(code.to_string()))?;
        let not = |why: String| ReplayError::NotReplayable {
            session: code.to_string(),
            why,
        };
        if !session.groups_per_round {
            return Err(not(
                "it was created before livehost gave each round groups of its own and logged each call's seed (contract 0.1.4, data-file format 5), so a new session would play differently".into(),
            ));
        }
        let experiment = store
            .experiment_bytes(&session.experiment)?
            .ok_or_else(|| {
                not(format!(
                    "the data file lacks its experiment {}",
                    session.experiment
                ))
            })?;
        let mut log = Vec::new();
        store.each_message(code, |seq, entry: MessageRecord| {
            if entry.kind != MessageKind::Chat {
                log.push((seq, entry));
            }
            Ok::<(), StoreError>(())
        })?;
        let end = Recording::end(store, code)?;
        let config = end
            .state
            .get(&(scope_name(Scope::Session), SESSION_CONFIG.to_string()))
            .map(|text| serde_json::from_str(text))
            .transpose()
            .map_err(|e| not(format!("its config is not JSON: {e}")))?;
        Ok(Recording {
            session,
            experiment,
            config,
            log,
            end,
        })
    }

    fn end(store: &Store, code: &str) -> Result<End, StoreError> {
        let mut state = BTreeMap::new();
        store.each_state(code, |scope, key, value| {
            state.insert((scope_name(scope), key.to_string()), value.to_string());
            Ok::<(), StoreError>(())
        })?;
        let mut rows = BTreeMap::new();
        store.each_row(code, |id, row| {
            let r = row.row;
            rows.insert(
                id,
                (row.table, row.group_id, r.participant_id, r.round, r.fields),
            );
            Ok::<(), StoreError>(())
        })?;
        let places = store
            .session_participants(code)?
            .into_iter()
            .map(|p| {
                let place = (
                    p.group_id,
                    p.id_in_group,
                    p.app,
                    p.round,
                    p.page_index,
                    p.finished,
                );
                (p.participant_id, place)
            })
            .collect();
        Ok(End {
            state,
            rows,
            places,
        })
    }
}

fn scope_name(scope: Scope) -> String {
    match scope {
        Scope::Session => "the session".into(),
        Scope::Group { group_id, round } => format!("group {group_id} of round {round}"),
        Scope::Player {
            participant_id,
            round,
        } => format!("player {participant_id} of round {round}"),
        Scope::Participant { participant_id } => format!("participant {participant_id}"),
    }
}

/// Whose entries are matched with each other: group, round, participant
/// (0 for hooks).
type Stream = (u32, u32, u32);

fn stream(e: &MessageRecord) -> Stream {
    (e.group_id, e.round, e.participant_id)
}

/// The replayed session's message log as far as it is committed, with the
/// entries not yet matched with the recording's, by stream.
#[derive(Default)]
struct Log {
    /// Entries up to this number have all been read.
    read_to: u64,
    seen: HashSet<u64>,
    unmatched: HashMap<Stream, VecDeque<(u64, MessageRecord)>>,
}

impl Log {
    /// Reads the entries committed since the last read.
    fn refresh(&mut self, store: &Store, session: &str) -> Result<(), StoreError> {
        for (seq, entry) in store.messages(session, Some(self.read_to), usize::MAX)? {
            if !self.seen.insert(seq) || entry.kind == MessageKind::Chat {
                continue;
            }
            // Numbers are given out before commits, which may land out of
            // order: keep each stream in number order.
            let queue = self.unmatched.entry(stream(&entry)).or_default();
            let at = queue.partition_point(|(s, _)| *s < seq);
            queue.insert(at, (seq, entry));
        }
        while self.seen.contains(&(self.read_to + 1)) {
            self.read_to += 1;
        }
        Ok(())
    }

    fn has(&self, s: Stream) -> bool {
        self.unmatched.get(&s).is_some_and(|q| !q.is_empty())
    }

    fn take(&mut self, s: Stream) -> Option<(u64, MessageRecord)> {
        self.unmatched.get_mut(&s).and_then(|q| q.pop_front())
    }

    /// The first entry never matched, by number.
    fn first_unmatched(&self) -> Option<&(u64, MessageRecord)> {
        self.unmatched
            .values()
            .filter_map(|q| q.front())
            .min_by_key(|(seq, _)| *seq)
    }
}

/// The replay under way.
struct Replayed<'a> {
    host: &'a Livehost,
    session: String,
    codes: HashMap<u32, String>,
    log: Log,
}

impl Replayed<'_> {
    /// Makes the recorded actions and compares what each logged; the first
    /// difference, if any.
    async fn compare_log(
        mut self,
        recording: &Recording,
        compared: &mut usize,
    ) -> Result<Option<String>, ReplayError> {
        for (n, (seq, recorded)) in recording.log.iter().enumerate() {
            let s = stream(recorded);
            self.refresh()?;
            let mut driven = None;
            if !self.log.has(s) {
                if drives(recorded) {
                    driven = self.make(recorded).await.err();
                    self.refresh()?;
                } else {
                    self.wake(recorded).await?;
                    self.wait_for(s).await?;
                }
            }
            let at = format!(
                "entry {} of the recording (number {seq}): {}",
                n + 1,
                what(recorded)
            );
            let Some((_, replayed)) = self.log.take(s) else {
                let why = driven.map_or(String::new(), |e| format!(" ({e})"));
                return Ok(Some(format!(
                    "{at}\n  recorded: {}\n  replayed: nothing{why}",
                    outcome(recorded)
                )));
            };
            if let Some(diff) = differ(recorded, &replayed) {
                return Ok(Some(format!("{at}\n{diff}")));
            }
            *compared += 1;
        }
        // Anything the replay logged beyond the recording.
        self.settle().await?;
        if let Some((_, extra)) = self.log.first_unmatched() {
            return Ok(Some(format!(
                "the replay logged an entry the recording does not have: {}\n  replayed: {}",
                what(extra),
                outcome(extra)
            )));
        }
        Ok(None)
    }

    fn refresh(&mut self) -> Result<(), ReplayError> {
        self.log.refresh(self.host.store(), &self.session)?;
        Ok(())
    }

    /// Starts the group of a recorded group hook: a group runs the hook of
    /// a wait page its members all stand on when it starts (they may have
    /// started on it), and starts with the first request for one of them.
    async fn wake(&self, e: &MessageRecord) -> Result<(), ReplayError> {
        if e.kind != MessageKind::Hook || e.group_id == 0 {
            return Ok(());
        }
        let member = self
            .host
            .store()
            .session_participants(&self.session)?
            .into_iter()
            .find(|p| p.group_id == e.group_id && p.round == e.round);
        if let Some(member) = member {
            // Its answer is not needed: asking starts the group.
            let _ = self.host.position(&member.code).await;
        }
        Ok(())
    }

    /// Waits (a while) for an entry of stream `s` that follows from
    /// another.
    async fn wait_for(&mut self, s: Stream) -> Result<(), ReplayError> {
        let started = Instant::now();
        while !self.log.has(s) && started.elapsed() < WAIT {
            tokio::time::sleep(Duration::from_millis(2)).await;
            self.refresh()?;
        }
        Ok(())
    }

    /// Waits until nothing more is logged for a moment: hooks and moves
    /// that follow from the last action.
    async fn settle(&mut self) -> Result<(), ReplayError> {
        let mut quiet = 0;
        while quiet < 10 {
            let before = self.log.seen.len();
            tokio::time::sleep(Duration::from_millis(5)).await;
            self.refresh()?;
            quiet = if self.log.seen.len() == before {
                quiet + 1
            } else {
                0
            };
        }
        Ok(())
    }

    /// Makes the recorded action `e` once its participant is where the
    /// recording says; the error it met, for the report.
    async fn make(&self, e: &MessageRecord) -> Result<(), String> {
        let host = self.host;
        if e.kind == MessageKind::Admin && e.participant_id == 0 {
            return host
                .close_session(&self.session)
                .await
                .map(drop)
                .map_err(|e| e.to_string());
        }
        if is_recheck(e) {
            return host
                .recheck_arrivals(&self.session, &e.page, e.round)
                .await
                .map_err(|e| e.to_string());
        }
        let code = self
            .codes
            .get(&e.participant_id)
            .ok_or_else(|| format!("the session has no participant {}", e.participant_id))?;
        self.reach(code, e).await;
        match e.kind {
            MessageKind::Live => host
                .live_message(code, Some(&e.page), &e.data)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            MessageKind::Next => {
                let mut form =
                    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&e.data)
                        .unwrap_or_default();
                if form.remove("timeout_happened").is_some() {
                    let form = serde_json::Value::Object(form).to_string();
                    host.time_out(code, TimeoutTrigger::Replayed, &form)
                        .await
                        .map(drop)
                        .map_err(|e| e.to_string())
                } else {
                    host.advance(code, &e.data)
                        .await
                        .map(drop)
                        .map_err(|e| e.to_string())
                }
            }
            MessageKind::Show => host
                .show_page(code)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            MessageKind::Admin => host
                .admin_advance(&self.session, code)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            MessageKind::Hook | MessageKind::Chat => Ok(()),
        }
    }

    /// Waits (a while) until the participant with `code` is on the page and
    /// round of `e`: a move may still be under way (a wait page for all
    /// groups releases its players after the last one's press of next).
    async fn reach(&self, code: &str, e: &MessageRecord) {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            match self.host.position(code).await {
                Ok(p) if p.page.as_deref() == Some(&e.page) && p.round == e.round => return,
                Err(_) => return,
                Ok(_) => tokio::time::sleep(Duration::from_millis(2)).await,
            }
        }
    }
}

/// Whether the replay makes this entry's action itself; hooks (but the
/// host's own rechecks of a grouping rule, made by a timer) and an async
/// call's later segments follow from other actions.
fn drives(e: &MessageRecord) -> bool {
    match e.kind {
        MessageKind::Hook => is_recheck(e),
        MessageKind::Chat => false,
        MessageKind::Live => e.segment <= 1,
        MessageKind::Next | MessageKind::Show | MessageKind::Admin => true,
    }
}

/// Whether `e` is the host's timed recheck of an app's grouping rule
/// (group_by_arrival_time_method).
fn is_recheck(e: &MessageRecord) -> bool {
    e.kind == MessageKind::Hook
        && serde_json::from_str::<serde_json::Value>(&e.data)
            .is_ok_and(|d| d["hook"] == "group_by_arrival_time_method" && d["recheck"] == true)
}

/// An entry, for people.
fn what(e: &MessageRecord) -> String {
    let place = format!(
        "on page {:?}, round {}, group {}",
        e.page, e.round, e.group_id
    );
    let who = e.participant_id;
    match e.kind {
        MessageKind::Live if e.segment > 1 => {
            format!(
                "segment {} of player {who}'s async live message {place}",
                e.segment
            )
        }
        MessageKind::Live => format!("player {who}'s live message {} {place}", e.data),
        MessageKind::Next if e.data.contains("\"timeout_happened\"") => {
            format!("player {who}'s page timed out {place}")
        }
        MessageKind::Next => format!("player {who} pressed next with {} {place}", e.data),
        MessageKind::Show => format!("player {who}'s page shown {place}"),
        MessageKind::Admin if who == 0 => "the experimenter closed the session".into(),
        MessageKind::Admin => format!("the experimenter moved player {who} on {place}"),
        MessageKind::Hook => format!("the hook {} {place}", e.data),
        MessageKind::Chat => format!("player {who}'s chat line"),
    }
}

/// What an entry's call did, for people.
fn outcome(e: &MessageRecord) -> String {
    let mut parts = vec![format!("{} {}", e.kind.name(), e.data)];
    if !e.replies.is_empty() {
        let replies: Vec<String> = e
            .replies
            .iter()
            .map(|r| format!("to {:?}: {}", r.to, r.payload))
            .collect();
        parts.push(format!("replies [{}]", replies.join(", ")));
    }
    if let Some(error) = &e.error {
        parts.push(format!("error {error:?}"));
    }
    parts.join(", ")
}

/// How a replayed entry differs from the recorded one, if it does.
fn differ(recorded: &MessageRecord, replayed: &MessageRecord) -> Option<String> {
    let same = recorded.kind == replayed.kind
        && recorded.page == replayed.page
        && recorded.data == replayed.data
        && recorded.replies == replayed.replies
        && recorded.error == replayed.error
        && recorded.segment == replayed.segment;
    if same {
        return None;
    }
    let mut text = format!(
        "  recorded: {}\n  replayed: {}",
        outcome(recorded),
        outcome(replayed)
    );
    if recorded.segment > 0 {
        text.push_str(
            "\n  (an async live method: what its requests fetched is not recorded, and a replay sends none)",
        );
    }
    Some(text)
}

/// The first difference between two sessions' state, rows and positions
/// when their logs end.
fn compare_end(recording: &Recording, replayed: &End) -> Option<String> {
    let recorded = &recording.end;
    let keys = recorded.state.keys().chain(replayed.state.keys());
    let state = keys.collect::<std::collections::BTreeSet<_>>();
    for key in state {
        let (a, b) = (recorded.state.get(key), replayed.state.get(key));
        if a != b {
            let (scope, name) = key;
            return Some(format!(
                "the state when the log ends: {scope}, key {name:?}\n  recorded: {}\n  replayed: {}",
                a.map_or("nothing", |v| v),
                b.map_or("nothing", |v| v)
            ));
        }
    }
    let ids = recorded.rows.keys().chain(replayed.rows.keys());
    for id in ids.collect::<std::collections::BTreeSet<_>>() {
        let (a, b) = (recorded.rows.get(id), replayed.rows.get(id));
        if a != b {
            let show = |r: Option<&(String, u32, u32, u32, String)>| {
                r.map_or("nothing".to_string(), |(table, group, p, round, fields)| {
                    format!("{table}: {fields} (group {group}, player {p}, round {round})")
                })
            };
            return Some(format!(
                "the log rows when the log ends: row {id}\n  recorded: {}\n  replayed: {}",
                show(a),
                show(b)
            ));
        }
    }
    for (id, place) in &recorded.places {
        let other = replayed.places.get(id);
        if other != Some(place) {
            let show = |p: Option<&(u32, u32, u32, u32, u32, bool)>| {
                p.map_or("nowhere".to_string(), |(g, i, app, round, page, done)| {
                    format!(
                        "group {g} as player {i}, app {}, round {round}, page {}{}",
                        app + 1,
                        page + 1,
                        if *done { ", finished" } else { "" }
                    )
                })
            };
            return Some(format!(
                "participant {id}'s place when the log ends\n  recorded: {}\n  replayed: {}",
                show(Some(place)),
                show(other)
            ));
        }
    }
    None
}
