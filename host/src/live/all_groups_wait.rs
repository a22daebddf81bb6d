//! oTree's `wait_for_all_groups`: a wait page that holds every player of
//! its app's round, not only the group, then runs the subsession's
//! after_all_players_arrive once and releases them all.
//!
//! Groups run apart, so a group whose members have all reached such a page
//! tells this file's one task (once their positions are durable), which
//! checks the data file: when every participant of the session has
//! reached the page (or passed it), it runs the hook as a call for the
//! whole round, then commits the hook's writes, its message-log entry and
//! everyone's move past the page in one transaction, so a restart finds
//! either all of it or none (and the groups, restarted, report again).
//! Then each moved participant's group takes their new position (as when a
//! participant enters a group), and their pages reload.
//!
//! The task holds the host only weakly and ends with it.

use std::sync::{Arc, OnceLock, Weak};
use std::time::Instant;

use tokio::sync::mpsc;

use super::group::Place;
use super::{Livehost, Shared, lock, now_ms};
use crate::runtime::{Call, GroupMember, StateCache};
use crate::store::{MessageKind, MessageRecord, Write};

/// A group's report: its session, and the page all its members reached.
type Arrival = (Arc<str>, Place);

/// The host's task for pages that wait for all groups.
pub(crate) struct AllGroupsWait {
    host: Weak<Shared>,
    tx: OnceLock<mpsc::UnboundedSender<Arrival>>,
}

impl AllGroupsWait {
    pub(crate) fn new(host: Weak<Shared>) -> AllGroupsWait {
        AllGroupsWait {
            host,
            tx: OnceLock::new(),
        }
    }

    /// Where a group reports its arrival; the task starts with the first
    /// group that asks (from a tokio task: a commit's completion, which
    /// sends the report, may run on the committer's thread).
    pub(crate) fn reporter(&self) -> mpsc::UnboundedSender<Arrival> {
        self.tx
            .get_or_init(|| {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(run(self.host.clone(), rx));
                tx
            })
            .clone()
    }
}

async fn run(host: Weak<Shared>, mut rx: mpsc::UnboundedReceiver<Arrival>) {
    while let Some((session, place)) = rx.recv().await {
        let Some(inner) = host.upgrade() else { return };
        let host = Livehost { inner };
        if let Err(e) = host.release_all_groups(&session, place).await {
            tracing::warn!(session = %session, page = place.2, round = place.1, "a wait page for all groups could not release its players: {e}");
        }
    }
}

impl Livehost {
    /// Releases the players of `session` from the wait page at `place`
    /// once every participant of the round has reached it.
    async fn release_all_groups(&self, session: &Arc<str>, place: Place) -> anyhow::Result<()> {
        let store = &self.inner.store;
        let Some(record) = store.session(session)? else {
            return Ok(());
        };
        let participants = store.session_participants(session)?;
        let at = |p: &crate::store::ParticipantRecord| {
            !p.finished && (p.app, p.round, p.page_index) == place
        };
        let all_there = participants
            .iter()
            .all(|p| p.finished || (p.app, p.round, p.page_index) >= place);
        if !all_there || !participants.iter().any(at) {
            return Ok(());
        }
        let experiment = self.experiment(&record.experiment).await?;
        let sequence = self.sequence_of(&record, &experiment)?;
        let app = sequence
            .app_groups(place.0)
            .ok_or_else(|| anyhow::anyhow!("the session has no app {}", place.0))?;
        let page = experiment
            .info
            .page(place.2)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let mut writes = Vec::new();
        // The session's lock, if the hook took it, held until its writes
        // are committed.
        let mut _session = None;
        if sequence.has_arrival_hook(place.2) {
            let time_ms = now_ms();
            let caller = GroupMember {
                participant_id: 0,
                id_in_group: 0,
            };
            let session_lock = lock(&self.inner.session_locks)
                .entry(session.clone())
                .or_default()
                .clone();
            let call = Call::new(
                store.clone(),
                self.inner.config.limits.call.clone(),
                session.clone(),
                0,
                place.1,
                Arc::from(Vec::new()),
                caller,
                time_ms,
                StateCache::default(),
                session_lock,
            )
            .in_app(Arc::new(app))
            .for_whole_app()
            .drawing_from(&self.inner.config.entropy);
            let mut instance = self.inner.runtime.instantiate(&experiment).await?;
            let started = Instant::now();
            let seed = call.logged();
            let (call, outcome) = instance
                .page_calls()
                .after_all_players_arrive(call, &page, place.1, None)
                .await;
            let error = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(text)) => Some(text),
                Err(f) => Some(f.to_string()),
            };
            let end = call.finish(error.is_none());
            let entry = MessageRecord {
                kind: MessageKind::Hook,
                time_ms,
                run_us: started.elapsed().as_micros() as u64,
                participant_id: 0,
                group_id: 0,
                round: place.1,
                page: page.clone(),
                data: r#"{"hook":"after_all_players_arrive"}"#.to_string(),
                replies: Vec::new(),
                error: error.clone(),
                segment: 0,
                seed: Some(seed),
            };
            let seq = store.next_message_seq(session)?;
            let message = Write::Message {
                session: session.clone(),
                seq,
                record: entry,
            };
            if let Some(text) = error {
                // They stay on the page; a group's next report tries again.
                store.commit(vec![message]).await?;
                anyhow::bail!("after_all_players_arrive of {page} failed: {text}");
            }
            writes = end.writes?;
            writes.push(message);
            _session = end.session_guard;
        }
        let mut moved = Vec::new();
        for mut p in participants.into_iter().filter(at) {
            sequence.step(&mut p);
            writes.push(Write::Participant(p.clone()));
            moved.push(p);
        }
        store.commit(writes).await?;
        // The hook may have changed what groups hold in their caches.
        self.inner
            .cache_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        // Each moved participant's group (of this round, or the one they
        // entered) takes the move, then their pages reload.
        let codes: Vec<Arc<str>> = moved.iter().map(|p| Arc::from(p.code.as_str())).collect();
        for p in moved {
            self.inner.entered(session, p);
        }
        self.inner.page_views.tell_moved(&codes);
        Ok(())
    }
}
