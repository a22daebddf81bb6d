//! oTree's `wait_for_all_groups`: a wait page that holds every player of
//! its app's round, not only the group, then runs the subsession's
//! after_all_players_arrive once and releases them all.
//!
//! A group whose members have all reached such a page reports it to the
//! session's wait task (`session_waits`), which checks the data file: when
//! every participant of the session has reached the page (or passed it),
//! it runs the hook as a call for the whole round, then commits the hook's
//! writes, its message-log entry and everyone's move past the page in one
//! transaction, so a restart finds either all of it or none (and the
//! groups, restarted, report again). Then each moved participant's group
//! takes their new position (as when a participant enters a group), and
//! their pages reload.

use std::sync::Arc;

use super::Livehost;
use super::group::Place;
use super::session_waits::SessionHook;
use crate::store::Write;

impl Livehost {
    /// Releases the players of `session` from the wait page at `place`
    /// once every participant of the round has reached it.
    pub(super) async fn release_all_groups(
        &self,
        session: &Arc<str>,
        place: Place,
    ) -> anyhow::Result<()> {
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
            let ran = self
                .run_session_hook(SessionHook {
                    session,
                    experiment: &experiment,
                    app,
                    place,
                    page: &page,
                    group: None,
                    members: Vec::new(),
                    data: r#"{"hook":"after_all_players_arrive"}"#.to_string(),
                    guard: None,
                })
                .await?;
            _session = ran.session_guard;
            let message = Write::Message {
                session: session.clone(),
                seq: store.next_message_seq(session)?,
                record: ran.entry,
            };
            let Some(hook_writes) = ran.writes else {
                // They stay on the page; a group's next report tries again.
                store.commit(vec![message]).await?;
                anyhow::bail!("after_all_players_arrive of {page} failed");
            };
            writes = hook_writes;
            writes.push(message);
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
