//! Wait pages the session holds rather than a group: oTree's
//! `wait_for_all_groups` (every player of the round, `all_groups_wait`)
//! and `group_by_arrival_time` (groups formed from whoever has arrived,
//! `arrival_groups`). Groups run apart, so a group tells this file's one
//! task when its players reach such a page (once their positions are
//! durable), and the task, which sees the whole session through the data
//! file, decides and moves them. One task serves both, so their moves never
//! race each other. While players wait on a page whose app has its own
//! grouping rule, the task asks it again every `Config::arrival_recheck`
//! (one timer a page at a time), as oTree's reloading page does.
//!
//! The task holds the host only weakly and ends with it.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};

use tokio::sync::{mpsc, oneshot};

use super::group::Place;
use super::{Livehost, Shared};

/// A group's report: its session, the page, and which kind of wait.
#[derive(Debug, Clone)]
pub(crate) enum Reached {
    /// Every member of a group reached a page with wait_for_all_groups.
    AllGroups(Arc<str>, Place),
    /// A player arrived (or came back) on a page with group_by_arrival_time.
    ByArrival(Arc<str>, Place),
    /// Time to ask an app's group_by_arrival_time_method again, players
    /// still waiting.
    Recheck(Arc<str>, Place),
}

/// The host's task for wait pages the session holds.
pub(crate) struct SessionWaits {
    host: Weak<Shared>,
    tx: OnceLock<mpsc::UnboundedSender<Report>>,
}

/// A report, and who waits for it to be dealt with.
type Report = (Reached, Option<oneshot::Sender<()>>);

impl SessionWaits {
    pub(crate) fn new(host: Weak<Shared>) -> SessionWaits {
        SessionWaits {
            host,
            tx: OnceLock::new(),
        }
    }

    /// Where a group reports; the task starts with the first group that
    /// asks (from a tokio task: a commit's completion, which sends the
    /// report, may run on the committer's thread).
    pub(crate) fn reporter(&self) -> mpsc::UnboundedSender<Report> {
        self.tx
            .get_or_init(|| {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(run(self.host.clone(), rx));
                tx
            })
            .clone()
    }

    /// Reports `reached` and waits until the task has dealt with it (a
    /// page that forms groups by arrival answers once it has tried).
    pub(crate) async fn ask(&self, reached: Reached) {
        let (tx, rx) = oneshot::channel();
        if self.reporter().send((reached, Some(tx))).is_ok() {
            let _ = rx.await;
        }
    }
}

async fn run(host: Weak<Shared>, mut rx: mpsc::UnboundedReceiver<Report>) {
    // Pages whose app's rule is to be asked again, each once at a time,
    // with how many asks in a row failed.
    let mut rechecks: HashMap<(Arc<str>, Place), u32> = HashMap::new();
    // `_done` answers the asker when dropped, after the report is dealt
    // with.
    while let Some((reached, _done)) = rx.recv().await {
        let Some(inner) = host.upgrade() else { return };
        let host = Livehost { inner };
        match reached {
            Reached::AllGroups(session, place) => {
                if let Err(e) = host.release_all_groups(&session, place).await {
                    tracing::warn!(session = %session, page = place.2, round = place.1, "a wait page for all groups could not release its players: {e}");
                }
            }
            Reached::ByArrival(session, place) => {
                group_arrivals(&host, &mut rechecks, session, place, false).await;
            }
            Reached::Recheck(session, place) => {
                group_arrivals(&host, &mut rechecks, session, place, true).await;
            }
        }
    }
}

/// Most times a failing rule's recheck waits `Config::arrival_recheck`
/// (doubling with each failure in a row), so that a rule that keeps
/// failing is not asked, and logged, every few seconds for hours.
const MOST_BACKOFF: u32 = 32;

/// Forms the groups the players waiting at `place` make, and asks again
/// later if players still wait there on an app with a rule of its own.
async fn group_arrivals(
    host: &Livehost,
    rechecks: &mut HashMap<(Arc<str>, Place), u32>,
    session: Arc<str>,
    place: Place,
    recheck: bool,
) {
    let key = (session.clone(), place);
    // A recheck's timer is done; an arrival leaves a timer running.
    let failures = if recheck {
        rechecks.remove(&key).unwrap_or(0)
    } else {
        rechecks.get(&key).copied().unwrap_or(0)
    };
    let (again, failures) = match host.group_arrivals(&session, place, recheck).await {
        Ok(again) => (again, 0),
        Err(e) => {
            tracing::warn!(session = %session, page = place.2, round = place.1, "a wait page grouping by arrival could not form a group: {e}");
            // What failed is tried again, as a reload would, less and
            // less often.
            (true, failures + 1)
        }
    };
    // A replay makes the rechecks the recording made, no others.
    let timers = host.inner.config.page_timers;
    if !again || !timers {
        return;
    }
    if let Some(running) = rechecks.get_mut(&key) {
        *running = failures;
        return;
    }
    rechecks.insert(key, failures);
    let report = host.inner.session_waits.reporter();
    let wait = host.inner.config.arrival_recheck * 2u32.pow(failures.min(5)).min(MOST_BACKOFF);
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        let _ = report.send((Reached::Recheck(session, place), None));
    });
}

/// A wait page's after_all_players_arrive for a group the session's task
/// made (`group`: its number and id) or for the whole round (None).
pub(super) struct SessionHook<'a> {
    pub session: &'a Arc<str>,
    pub experiment: &'a Arc<crate::runtime::Experiment>,
    pub app: crate::runtime::AppGroups,
    pub place: Place,
    pub page: &'a str,
    pub group: Option<(u32, u32)>,
    /// The group's members (none for the whole round).
    pub members: Vec<crate::runtime::GroupMember>,
    /// The message-log entry's `data`.
    pub data: String,
    /// The session's lock, if an earlier call of the same transaction
    /// took it.
    pub guard: Option<crate::runtime::SessionGuard>,
}

/// What a [`SessionHook`] did: its message-log entry (with its error, if it
/// failed) and, if it succeeded, its writes and the session's lock, if the
/// hook took it (held until the writes are committed).
pub(super) struct HookRan {
    pub entry: crate::store::MessageRecord,
    pub writes: Option<Vec<crate::store::Write>>,
    pub session_guard: Option<crate::runtime::SessionGuard>,
}

/// The message-log entry of a hook of the session's wait task (its run
/// time, seed and error filled in when it runs).
pub(super) fn hook_entry(
    place: Place,
    page: &str,
    group_id: u32,
    data: String,
) -> crate::store::MessageRecord {
    crate::store::MessageRecord::new(
        crate::store::MessageKind::Hook,
        super::now_ms(),
        0,
        group_id,
        place.1,
        page,
        data,
    )
}

impl Livehost {
    /// A call of the session's own, not a participant's (a hook, a
    /// grouping rule, an admin view): of group `group_id` (0: the whole
    /// app) in `round`, its `members` (the first stands for the caller; none:
    /// no caller), seeing `app`, allowed the hook deadline.
    pub(super) fn session_call(
        &self,
        session: &Arc<str>,
        (group_id, round): (u32, u32),
        members: Vec<crate::runtime::GroupMember>,
        time_ms: u64,
        app: crate::runtime::AppGroups,
    ) -> crate::runtime::Call {
        use crate::runtime::{Call, GroupMember, StateCache};
        let caller = members.first().cloned().unwrap_or(GroupMember {
            participant_id: 0,
            id_in_group: 0,
        });
        let session_lock = super::lock(&self.inner.session_locks)
            .entry(session.clone())
            .or_default()
            .clone();
        Call::new(
            self.inner.store.clone(),
            self.inner.config.limits.call.clone(),
            session.clone(),
            group_id,
            round,
            Arc::from(members),
            caller,
            time_ms,
            StateCache::default(),
            session_lock,
        )
        .in_app(Arc::new(app))
        .as_hook()
    }

    /// Runs `hook`.
    pub(super) async fn run_session_hook(&self, hook: SessionHook<'_>) -> anyhow::Result<HookRan> {
        let (number, group_id) = hook.group.unwrap_or((0, 0));
        let mut entry = hook_entry(hook.place, hook.page, group_id, hook.data);
        let call = self
            .session_call(
                hook.session,
                (group_id, hook.place.1),
                hook.members,
                entry.time_ms,
                hook.app,
            )
            .numbered(number)
            .holding(hook.guard);
        let call = if hook.group.is_none() {
            call.for_whole_app()
        } else {
            call
        }
        .drawing_from(&self.inner.config.entropy);
        let mut lease = self
            .inner
            .session_lease(hook.session, hook.experiment)
            .await?;
        let started = std::time::Instant::now();
        entry.seed = Some(call.logged());
        let (call, outcome) = lease
            .instance
            .page_calls()
            .after_all_players_arrive(call, hook.page, hook.place.1, hook.group.map(|g| g.0))
            .await;
        self.inner
            .give_back(hook.session, hook.experiment, lease, outcome.is_err());
        entry.run_us = started.elapsed().as_micros() as u64;
        entry.error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(text)) => Some(text),
            Err(f) => Some(f.to_string()),
        };
        let end = call.finish(entry.error.is_none());
        let writes = match (&entry.error, end.writes) {
            (None, Ok(writes)) => Some(writes),
            (None, Err(e)) => {
                entry.error = Some(e.to_string());
                None
            }
            (Some(_), _) => None,
        };
        Ok(HookRan {
            entry,
            writes,
            session_guard: end.session_guard,
        })
    }
}
