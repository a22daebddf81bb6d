//! The host as a library: [`Livehost`], the API that the web layer, the
//! CLI and the tests drive (experiments uploaded, sessions created and
//! closed, live messages sent, pages advanced), and [`Shared`], the state
//! its parts share. A live message enters at [`Livehost::send_live`] (or
//! [`Livehost::send_live_from_page`] for a page view) and is queued on the
//! sender's group, found or started by [`Livehost::group_of`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;

use super::app_sequence::{AppSequence, Grouping};
use super::group::{self, GroupHandle, GroupKey, Shown};
use super::instance_pool::InstancePool;
use super::{
    AdvanceError, ClientMessageId, Config, Delivery, LiveError, PageViews, Position, SessionError,
    answer, client_acks, lock, now_ms,
};
use crate::runtime::{CompileError, Experiment, Runtime, SessionLock};
use crate::store::{ExperimentRecord, ParticipantRecord, Store, StoreError};

/// Most groups formed by arrival one page load waits through (one a round
/// at most: the page is each round's first).
const MOST_ROUNDS_SHOWN: usize = 1000;

/// The running experiments of one data file.
#[derive(Clone)]
pub struct Livehost {
    pub(super) inner: Arc<Shared>,
}

/// What every part of the live flow shares: the data file, the runtime,
/// the running groups and how participants reach them, and the budgets.
pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) runtime: Runtime,
    pub(crate) config: Config,
    /// Compiled experiments by SHA.
    experiments: Mutex<HashMap<String, Arc<Experiment>>>,
    /// Running groups.
    groups: Mutex<HashMap<GroupKey, GroupHandle>>,
    /// Each session's apps and groups, read on first use.
    sequences: Mutex<HashMap<Arc<str>, Arc<AppSequence>>>,
    /// Participant code -> (session, group).
    routes: Mutex<HashMap<String, GroupKey>>,
    /// Each session's lock for calls that touch session state.
    pub(super) session_locks: Mutex<HashMap<Arc<str>, SessionLock>>,
    /// Sessions the experimenter closed (their records say so too).
    closed_sessions: Mutex<std::collections::HashSet<Arc<str>>>,
    /// Held while a session is being closed.
    closing: tokio::sync::Mutex<()>,
    /// The sessions' pools of instances, and the budget they share.
    pub(crate) instances: InstancePool,
    /// Permits for async calls in flight (each has an instance).
    pub(crate) async_slots: Arc<Semaphore>,
    /// Open page views, where replies are delivered.
    pub(crate) page_views: PageViews,
    /// The timer of pages with a timeout.
    pub(crate) timeouts: super::page_timeouts::PageTimeouts,
    /// Wait pages for all groups (oTree's wait_for_all_groups).
    pub(crate) session_waits: super::session_waits::SessionWaits,
    /// Grows each time a hook for a whole round changed state that groups
    /// may hold in their caches: a group whose cache is older starts over.
    pub(crate) cache_generation: std::sync::atomic::AtomicU64,
    /// oTree's chat: the channels in use, and the key of their tokens.
    pub(crate) chat: super::chat::ChatChannels,
    pub(crate) chat_key: super::chat::ChatKey,
    /// The figures Prometheus and the console read ([`crate::metrics`]).
    pub(crate) metrics: Arc<crate::metrics::Metrics>,
}

impl Shared {
    /// Whether the experimenter closed the session.
    pub(crate) fn is_closed(&self, session: &str) -> bool {
        lock(&self.closed_sessions).contains(session)
    }

    /// A participant of `session` entered the next app's group (`record`,
    /// durable): their requests go there from now on, and the group, if
    /// running, takes their position (under the groups' lock, which a
    /// starting group holds while it reads its members).
    pub(crate) fn entered(&self, session: &Arc<str>, record: ParticipantRecord) {
        let key = GroupKey {
            session: session.clone(),
            group_id: record.group_id,
        };
        lock(&self.routes).insert(record.code.clone(), key.clone());
        if let Some(group) = lock(&self.groups).get(&key) {
            group.arrive(record);
        }
    }

    /// The sequence `session` plays now, if it has been read.
    pub(crate) fn sequence_now(&self, session: &str) -> Option<Arc<AppSequence>> {
        lock(&self.sequences).get(session).cloned()
    }

    /// A participant left group `group_id` for another of the same round
    /// (formed by arrival; the move durable): the group, if running, takes
    /// their record, which places them elsewhere from now on.
    pub(crate) fn left(&self, session: &Arc<str>, group_id: u32, record: ParticipantRecord) {
        let key = GroupKey {
            session: session.clone(),
            group_id,
        };
        if let Some(group) = lock(&self.groups).get(&key) {
            group.arrive(record);
        }
    }
}

impl Livehost {
    /// Opens the data file and builds the runtime. Sessions resume where the
    /// file left them.
    pub fn open(config: Config) -> anyhow::Result<Livehost> {
        if let Some(dir) = config.data_file.parent()
            && !dir.as_os_str().is_empty()
        {
            crate::private_files::create_folder(dir)?;
        }
        let store = Store::open_with_cache(&config.data_file, config.data_cache)?;
        Livehost::open_on_store(config, store)
    }

    /// [`Livehost::open`] on a store opened already (on a storage backend of
    /// the caller's, say); `config.data_file` only names it in messages.
    pub fn open_on_store(config: Config, store: Store) -> anyhow::Result<Livehost> {
        super::node::settle(&store, config.node.as_ref())?;
        let closed = store
            .sessions()?
            .into_iter()
            .filter(|s| s.closed_ms.is_some())
            .map(|s| Arc::from(s.code))
            .collect();
        let runtime = Runtime::new(config.limits.clone(), config.cache_dir.clone())?;
        let chat_key = super::chat::ChatKey::load_or_create(&store)?;
        let metrics = Arc::new(crate::metrics::Metrics::new(&store.commit_figures()));
        Ok(Livehost {
            inner: Arc::new_cyclic(|this| Shared {
                store,
                runtime,
                experiments: Mutex::new(HashMap::new()),
                groups: Mutex::new(HashMap::new()),
                sequences: Mutex::new(HashMap::new()),
                routes: Mutex::new(HashMap::new()),
                session_locks: Mutex::new(HashMap::new()),
                closed_sessions: Mutex::new(closed),
                closing: tokio::sync::Mutex::new(()),
                instances: InstancePool::new(&config.limits),
                async_slots: Arc::new(Semaphore::new(config.limits.max_async_calls as usize)),
                page_views: PageViews::new(config.sockets.clone()),
                timeouts: super::page_timeouts::PageTimeouts::new(this.clone()),
                session_waits: super::session_waits::SessionWaits::new(this.clone()),
                cache_generation: Default::default(),
                chat: Default::default(),
                chat_key,
                metrics,
                config,
            }),
        })
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The open page views of the participants.
    pub fn page_views(&self) -> &PageViews {
        &self.inner.page_views
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The host's figures ([`crate::metrics`]).
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.inner.metrics
    }

    /// The levels Prometheus reads with the figures: queues, instances,
    /// page views, async calls, the data file's size.
    pub fn metrics_now(&self) -> crate::metrics::Now {
        let group_queue = lock(&self.inner.groups)
            .values()
            .map(|g| g.queued() as u64)
            .sum();
        let async_calls = (self.inner.config.limits.max_async_calls as usize)
            .saturating_sub(self.inner.async_slots.available_permits());
        crate::metrics::Now {
            group_queue,
            instances_live: self.inner.instances.live() as u64,
            instances_made: self.inner.instances.made(),
            page_views_open: self.inner.page_views.open_views() as u64,
            async_calls: async_calls as u64,
            data_file_bytes: std::fs::metadata(&self.inner.config.data_file).map_or(0, |m| m.len()),
            commits: self.inner.store.commit_figures(),
        }
    }

    /// Checks, compiles and stores a component. Uploading the same bytes
    /// again returns the stored record.
    pub async fn add_experiment(&self, bytes: &[u8]) -> Result<ExperimentRecord, UploadError> {
        Ok(self.add_experiment_checked(bytes).await?.0)
    }

    /// [`Livehost::add_experiment`], also saying whether these bytes are
    /// new (not uploaded before). Nothing is stored unless the component
    /// loads and its page templates compile.
    pub async fn add_experiment_checked(
        &self,
        bytes: &[u8],
    ) -> Result<(ExperimentRecord, bool), UploadError> {
        let experiment = self.inner.runtime.load(bytes).await?;
        crate::experiment_pages::ExperimentPages::compile(&experiment.info)
            .map_err(UploadError::Pages)?;
        let record = ExperimentRecord {
            sha: experiment.sha.clone(),
            info: experiment.info.clone(),
            size: bytes.len() as u64,
            uploaded_ms: now_ms(),
        };
        let new = self.inner.store.put_experiment(&record, bytes)?;
        let record = self.inner.store.experiment(&record.sha)?.unwrap_or(record);
        lock(&self.inner.experiments).insert(experiment.sha.clone(), Arc::new(experiment));
        Ok((record, new))
    }

    /// The compiled experiment with this SHA, compiling it from the stored
    /// bytes (or the cache) on first use after a start.
    pub(crate) async fn experiment(&self, sha: &str) -> Result<Arc<Experiment>, SessionError> {
        if let Some(e) = lock(&self.inner.experiments).get(sha) {
            return Ok(e.clone());
        }
        let bytes = self
            .inner
            .store
            .experiment_bytes(sha)?
            .ok_or_else(|| SessionError::UnknownExperiment(sha.to_string()))?;
        let experiment = self
            .inner
            .runtime
            .load(&bytes)
            .await
            .map_err(|e| SessionError::Load(e.to_string()))?;
        let experiment = Arc::new(experiment);
        lock(&self.inner.experiments).insert(sha.to_string(), experiment.clone());
        Ok(experiment)
    }

    /// The static file at `path` of the experiment with SHA `sha` (an
    /// oTree project's `_static/`), if it has one.
    pub async fn static_file(&self, sha: &str, path: &str) -> Option<bytes::Bytes> {
        let experiment = self.experiment(sha).await.ok()?;
        experiment.static_files.get(path).cloned()
    }

    /// Sends a live message from the participant with secret `code`, on
    /// `page` (checked against where they are; `None` = their current
    /// page). Returns the replies, each for one participant, once the call's
    /// writes are durable.
    pub async fn live_message(
        &self,
        code: &str,
        page: Option<&str>,
        data: &str,
    ) -> Result<Vec<Delivery>, LiveError> {
        self.send_live(code, page, data, None)
            .await?
            .outcome()
            .await
    }

    /// Queues a live message on its group and returns at once; the
    /// returned [`QueuedLive`] gives the outcome. Messages queued one after
    /// another by one task are applied in that order. With a client id, a
    /// message already applied is refused with
    /// [`LiveError::AlreadyApplied`] instead of being applied again.
    pub async fn send_live(
        &self,
        code: &str,
        page: Option<&str>,
        data: &str,
        client: Option<ClientMessageId>,
    ) -> Result<QueuedLive, LiveError> {
        let group = self.live_group(code, data).await?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        group.live(code, page, data, client, answer::LiveReply::Caller(tx));
        Ok(QueuedLive { rx })
    }

    /// Queues a live message from a page view: its answer (ack or error)
    /// goes into the view's queue, after its replies.
    pub(crate) async fn send_live_from_page(
        &self,
        code: &str,
        page: Option<&str>,
        data: &str,
        client: Option<ClientMessageId>,
        answer: answer::PageAnswer,
    ) {
        let reply = answer::LiveReply::PageView(answer);
        match self.live_group(code, data).await {
            Ok(group) => group.live(code, page, data, client, reply),
            Err(e) => answer::Respond::respond(reply, Err(e)),
        }
    }

    /// Checks a live message's data and finds the sender's group.
    async fn live_group(&self, code: &str, data: &str) -> Result<GroupHandle, LiveError> {
        crate::runtime::check_json("the message", data)
            .map_err(|e| LiveError::InvalidJson(e.to_string()))?;
        // A closed session is refused by the group when it takes the
        // message, so that messages queued before the close are too.
        self.group_of(code).await
    }

    /// Where a page view of the participant stands: their position,
    /// whether their session is closed, and their session's code.
    pub(crate) async fn page_view_state(
        &self,
        code: &str,
    ) -> Result<(Position, bool, Arc<str>), LiveError> {
        let (group, position) = self.group_and_position(code).await?;
        let closed = self.inner.is_closed(&group.key.session);
        Ok((position, closed, group.key.session.clone()))
    }

    /// The participant's group and where they are in it, following them
    /// once to the group they moved on to.
    async fn group_and_position(&self, code: &str) -> Result<(GroupHandle, Position), LiveError> {
        let group = self.group_of(code).await?;
        match group.position(code).await {
            Err(LiveError::MovedOn) => {
                let group = self.group_after_move(code).await?;
                let position = group.position(code).await?;
                Ok((group, position))
            }
            position => Ok((group, position?)),
        }
    }

    /// The participant's group once they have moved on from the one their
    /// route named: when every move submitted so far is durable (a group
    /// tells a member who left it so before their move commits), the route
    /// is read again from the data file.
    async fn group_after_move(&self, code: &str) -> Result<GroupHandle, LiveError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.inner.store.after_pending(Box::new(move |r| {
            let _ = tx.send(r);
        }));
        rx.await.unwrap_or(Err(StoreError::Closed))?;
        lock(&self.inner.routes).remove(code);
        self.group_of(code).await
    }

    /// Closes a session for good: from now on its pages say so and it
    /// takes no live messages or presses of next. The session's record and
    /// an `admin` entry in its message log (`{"action": "close"}`) are
    /// written in one transaction; then its open pages reload. Closing a
    /// closed session changes nothing. Returns when it was closed.
    pub async fn close_session(&self, session: &str) -> Result<u64, SessionError> {
        let store = &self.inner.store;
        // One close at a time: two at once would both find it open.
        let _closing = self.inner.closing.lock().await;
        let mut record = store
            .session(session)
            .map_err(SessionError::Store)?
            .ok_or_else(|| SessionError::UnknownSession(session.to_string()))?;
        if let Some(closed) = record.closed_ms {
            return Ok(closed);
        }
        let time_ms = now_ms();
        record.closed_ms = Some(time_ms);
        let code: Arc<str> = Arc::from(session);
        // Closed from now on: groups refuse what they take next, so nothing
        // is applied after the close's entry in the message log.
        lock(&self.inner.closed_sessions).insert(code.clone());
        let reopen = |e: StoreError| {
            lock(&self.inner.closed_sessions).remove(session);
            SessionError::Store(e)
        };
        let seq = store.next_message_seq(&code).map_err(reopen)?;
        let entry = crate::store::MessageRecord {
            kind: crate::store::MessageKind::Admin,
            time_ms,
            run_us: 0,
            participant_id: 0,
            group_id: 0,
            round: 0,
            page: String::new(),
            data: r#"{"action":"close"}"#.to_string(),
            replies: Vec::new(),
            error: None,
            segment: 0,
            seed: None,
        };
        store
            .commit(vec![
                crate::store::Write::Session(record),
                crate::store::Write::Message {
                    session: code.clone(),
                    seq,
                    record: entry,
                },
            ])
            .await
            .map_err(reopen)?;
        let codes: Vec<Arc<str>> = store
            .session_participants(session)
            .map_err(SessionError::Store)?
            .into_iter()
            .map(|p| Arc::from(p.code))
            .collect();
        self.inner.page_views.tell_moved(&codes);
        // Its pool's instances would serve no more calls.
        self.inner.instances.forget(session);
        self.inner.metrics.forget(session);
        Ok(time_ms)
    }

    /// Presses next for the participant: runs before-next on their page and
    /// moves them on (through wait pages when the whole group is there).
    pub async fn advance(&self, code: &str, form: &str) -> Result<Position, AdvanceError> {
        Ok(self.advance_group(code, form).await?.position)
    }

    /// [`Livehost::advance`], also saying whose page changed (the others
    /// released from a wait page), so that their pages can be told.
    pub async fn advance_group(&self, code: &str, form: &str) -> Result<Advanced, AdvanceError> {
        let form_ok =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(form).is_ok();
        if !form_ok {
            return Err(AdvanceError::BadForm);
        }
        let group = self.group_of(code).await.map_err(AdvanceError::from_live)?;
        group.advance(code, form).await
    }

    /// Moves a participant of `session` past their current page without
    /// running before-next (the experimenter's hand on a stuck
    /// participant); logged in the message log as an `admin` entry. Their
    /// pages, and any group members a wait page releases, reload.
    pub async fn admin_advance(&self, session: &str, code: &str) -> Result<Position, AdvanceError> {
        let group = self.group_of(code).await.map_err(AdvanceError::from_live)?;
        if &*group.key.session != session {
            return Err(AdvanceError::from_live(LiveError::UnknownParticipant));
        }
        Ok(group.admin_advance(code).await?.position)
    }

    /// Where the participant is now, including moves not yet durable.
    pub async fn position(&self, code: &str) -> Result<Position, LiveError> {
        Ok(self.group_and_position(code).await?.1)
    }

    /// What a participant's page shows: where they are, in which session,
    /// of which experiment.
    pub async fn participant_page(&self, code: &str) -> Result<ParticipantPage, LiveError> {
        let (group, position) = self.group_and_position(code).await?;
        Ok(ParticipantPage {
            position,
            closed: self.inner.is_closed(&group.key.session),
            session: group.key.session.clone(),
            sha: group.experiment.sha.clone(),
            info: Arc::new(group.experiment.info.clone()),
            view: None,
            deadline_ms: None,
            chat_key: self.inner.chat_key.clone(),
            participants: self.participants_of(&group.key.session),
        })
    }

    /// A participant's page as it is to be shown: the page methods of an
    /// experiment with oTree pages run (pages not displayed are skipped),
    /// and what they give is returned with where the participant is.
    pub async fn show_page(&self, code: &str) -> Result<ParticipantPage, LiveError> {
        let group = self.group_of(code).await?;
        // An experiment without oTree pages has no page methods: its page
        // shows only where the participant is.
        if group.experiment.info.page_files.is_none() {
            return self.participant_page(code).await;
        }
        let mut shown = self.shown(&group, code).await?;
        // On a wait page that forms groups by arrival, their arrival may
        // complete a group: the page answers once the session's wait task
        // has tried (as oTree forms the group in the request), and shows
        // where they are then. Each formation moves them a page on, so
        // this ends; the bound only makes that plain.
        for _ in 0..MOST_ROUNDS_SHOWN {
            let p = &shown.position;
            let waiting = !p.finished
                && self
                    .inner
                    .sequence_now(&group.key.session)
                    .is_some_and(|s| s.groups_by_arrival(p.page_index));
            if !waiting {
                break;
            }
            let place = (p.app, p.round, p.page_index);
            self.inner
                .session_waits
                .ask(super::session_waits::Reached::ByArrival(
                    group.key.session.clone(),
                    place,
                ))
                .await;
            let now = self.position(code).await?;
            if (now.app, now.round, now.page_index) == place {
                break;
            }
            shown = self.shown(&self.group_of(code).await?, code).await?;
        }
        Ok(ParticipantPage {
            position: shown.position,
            closed: self.inner.is_closed(&group.key.session),
            session: group.key.session.clone(),
            sha: group.experiment.sha.clone(),
            info: Arc::new(group.experiment.info.clone()),
            view: shown.view,
            deadline_ms: shown.deadline_ms,
            chat_key: self.inner.chat_key.clone(),
            participants: self.participants_of(&group.key.session),
        })
    }

    /// Member `code`'s page shown by `group`, or by their next group if
    /// they have moved on to it.
    async fn shown(&self, group: &GroupHandle, code: &str) -> Result<Shown, LiveError> {
        match group.show(code).await {
            // They moved on to their next group (the next round's or
            // app's, the pages of this one skipped): that group shows it.
            Err(LiveError::MovedOn) => {
                let group = self.group_after_move(code).await?;
                group.show(code).await
            }
            shown => shown,
        }
    }

    /// How many participants `session` has, as its sequence says (0 if it
    /// has not been read).
    fn participants_of(&self, session: &str) -> u32 {
        self.inner
            .sequence_now(session)
            .and_then(|s| s.stage(0).map(|st| st.groups.participants))
            .unwrap_or(0)
    }

    /// The running group of a participant, started on first use.
    pub(super) async fn group_of(&self, code: &str) -> Result<GroupHandle, LiveError> {
        let known = lock(&self.inner.routes).get(code).cloned();
        let key = match known {
            Some(k) => k,
            None => {
                let p = self
                    .inner
                    .store
                    .participant(code)?
                    .ok_or(LiveError::UnknownParticipant)?;
                let key = GroupKey {
                    session: Arc::from(p.session.as_str()),
                    group_id: p.group_id,
                };
                lock(&self.inner.routes).insert(code.to_string(), key.clone());
                key
            }
        };
        if let Some(g) = lock(&self.inner.groups).get(&key) {
            return Ok(g.clone());
        }
        let session = self
            .inner
            .store
            .session(&key.session)?
            .ok_or(LiveError::UnknownParticipant)?;
        let experiment = self
            .experiment(&session.experiment)
            .await
            .map_err(LiveError::Session)?;
        let sequence = self.sequence_of(&session, &experiment)?;
        let app = sequence
            .stage_of_group(key.group_id)
            .and_then(|stage| sequence.app_groups(stage))
            .ok_or(LiveError::UnknownParticipant)?;
        let ids = app
            .members(key.group_id)
            .ok_or(LiveError::UnknownParticipant)?;
        let session_lock = lock(&self.inner.session_locks)
            .entry(key.session.clone())
            .or_default()
            .clone();
        // The members are read with the groups locked: a participant who
        // enters this group from another (the next app's, or round's) is
        // announced to it under the same lock once their move is durable
        // (`arrive`), so the group either reads that move or is told of it.
        let mut groups = lock(&self.inner.groups);
        if let Some(g) = groups.get(&key) {
            return Ok(g.clone());
        }
        let members = self.inner.store.participants_by_id(&key.session, &ids)?;
        let acks = members
            .iter()
            .map(|m| {
                let stored = self.inner.store.client_acks(&m.code)?;
                client_acks::ClientAcks::parse(stored.as_deref())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let handle = group::start(
            self.inner.clone(),
            key.clone(),
            experiment,
            sequence,
            app,
            members,
            acks,
            session_lock,
            Arc::new(session.allowlist),
        );
        groups.insert(key, handle.clone());
        Ok(handle)
    }

    /// The apps `session` plays and how its participants are grouped, read
    /// once per session (its group matrices change only by arrival,
    /// [`Livehost::regrouped`]).
    pub(super) fn sequence_of(
        &self,
        session: &crate::store::SessionRecord,
        experiment: &Experiment,
    ) -> Result<Arc<AppSequence>, LiveError> {
        if let Some(s) = lock(&self.inner.sequences).get(session.code.as_str()) {
            return Ok(s.clone());
        }
        let grouping = Grouping {
            per_round: session.groups_per_round,
            matrices: if session.groups_per_round {
                self.inner.store.group_matrices(&session.code)?
            } else {
                Vec::new()
            },
        };
        let sequence = AppSequence::new(
            &experiment.info,
            &session.apps,
            session.participants,
            &grouping,
        )
        .map_err(|e| LiveError::Session(e.into()))?;
        let sequence = Arc::new(sequence);
        lock(&self.inner.sequences).insert(Arc::from(session.code.as_str()), sequence.clone());
        Ok(sequence)
    }

    /// `session`'s groups changed while it runs (groups formed by
    /// arrival): every group takes the new sequence with its next call,
    /// and starts its cache over (a hook may have written what it holds).
    pub(super) fn regrouped(&self, session: &Arc<str>, sequence: AppSequence) {
        lock(&self.inner.sequences).insert(session.clone(), Arc::new(sequence));
        self.inner
            .cache_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Waits until everything submitted is durable and stops the committer.
    pub fn close(&self) {
        self.inner.store.close();
    }

    /// Stops for good: lets every group's task end (each holds the host),
    /// commits what was submitted, and returns once the data file is
    /// released (when no other clone of this `Livehost` is left), so that
    /// it can be opened again in the same process.
    pub async fn shutdown(self) {
        lock(&self.inner.groups).clear();
        lock(&self.inner.routes).clear();
        for _ in 0..2000 {
            if Arc::strong_count(&self.inner) == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let host = self.clone();
        let _ = tokio::task::spawn_blocking(move || host.close()).await;
    }

    /// How many group instances are alive now (at most the configured cap).
    pub fn live_instances(&self) -> usize {
        self.inner.instances.live()
    }

    /// How long a call may run (for messages and docs).
    pub fn call_deadline(&self) -> Duration {
        self.inner.config.limits.call_deadline
    }
}

/// A live message waiting in its group's queue.
pub struct QueuedLive {
    rx: tokio::sync::oneshot::Receiver<Result<Vec<Delivery>, LiveError>>,
}

impl QueuedLive {
    /// The replies, once the call's writes are durable, or why not.
    pub async fn outcome(self) -> Result<Vec<Delivery>, LiveError> {
        self.rx
            .await
            .unwrap_or(Err(LiveError::Store(StoreError::Closed)))
    }
}

/// A participant's page, as [`Livehost::participant_page`] finds it.
#[derive(Debug, Clone)]
pub struct ParticipantPage {
    pub position: Position,
    /// The experimenter closed the session.
    pub closed: bool,
    pub session: Arc<str>,
    /// The SHA of the experiment version the session runs.
    pub sha: String,
    pub info: Arc<crate::experiment::ExperimentInfo>,
    /// What the page methods gave ([`Livehost::show_page`] only).
    pub view: Option<super::group::ShownView>,
    /// When the page times out, ms since the Unix epoch
    /// ([`Livehost::show_page`] only).
    pub deadline_ms: Option<u64>,
    /// Signs the page's chat boxes.
    pub chat_key: super::ChatKey,
    /// How many participants the session has (what a wait page says it
    /// waits for).
    pub participants: u32,
}

/// What a press of next did.
#[derive(Debug, Clone)]
pub struct Advanced {
    /// Where the participant is now.
    pub position: Position,
    /// The codes of everyone whose page changed, the presser included.
    pub moved: Vec<Arc<str>>,
}

/// Why an upload was refused; nothing is stored.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Component(#[from] CompileError),
    #[error("{0}")]
    Pages(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}
