//! oTree's `group_by_arrival_time`: a wait page, the first of its app's
//! round, that forms groups from the players who have come to it. As on
//! oTree, every round of such an app starts as one group of everyone; a
//! player who opens the page is waiting (`arrived_ms`), and each time one
//! arrives or reloads the page, the players waiting there, by participant
//! id, form a group of the app's PLAYERS_PER_GROUP as soon as there are
//! that many.
//!
//! A group reports each arrival to the session's wait task
//! (`session_waits`) once it is durable. The task reads who is waiting
//! from the data file and, for each group it forms, numbers it as oTree
//! does (after the app's highest, in this round and every later one:
//! [`crate::runtime::AppGroups::form_group`]), runs the page's
//! after_all_players_arrive for it, and commits the new matrices, the
//! hook's writes, a `hook` entry of the message log
//! (`{"hook": "group_by_arrival_time", "players": [...]}`) and the players'
//! moves past the page in one transaction. Then every group sees the new
//! matrices, the players' old group lets them go, their new group takes
//! them, and their pages reload. If the hook fails, nobody moves and the
//! error is logged; the next arrival or reload tries again.

use std::sync::Arc;

use super::Livehost;
use super::app_sequence::AppSequence;
use super::group::Place;
use super::session_waits::{SessionHook, hook_entry};
use crate::runtime::{Experiment, GroupMember};
use crate::store::{ParticipantRecord, Write};

impl Livehost {
    /// Forms the groups the players waiting on the page at `place` make.
    pub(super) async fn group_arrivals(
        &self,
        session: &Arc<str>,
        place: Place,
    ) -> anyhow::Result<()> {
        let store = &self.inner.store;
        // Each group formed moves its players off the page, so this ends.
        loop {
            let Some(record) = store.session(session)? else {
                return Ok(());
            };
            if record.closed_ms.is_some() {
                return Ok(());
            }
            let experiment = self.experiment(&record.experiment).await?;
            let sequence = self.sequence_of(&record, &experiment)?;
            let Some(stage) = sequence.stage(place.0) else {
                return Ok(());
            };
            let size = experiment
                .info
                .app_list()
                .iter()
                .find(|a| a.name == stage.name)
                .map_or(0, |a| a.players_per_group) as usize;
            let mut waiting: Vec<ParticipantRecord> = store
                .session_participants(session)?
                .into_iter()
                .filter(|p| {
                    !p.finished && (p.app, p.round, p.page_index) == place && p.arrived_ms.is_some()
                })
                .collect();
            if size == 0 || waiting.len() < size {
                return Ok(());
            }
            waiting.sort_by_key(|p| p.participant_id);
            waiting.truncate(size);
            self.form_group(session, &experiment, &sequence, place, waiting)
                .await?;
        }
    }

    /// Forms a group of `members` (by id in group), moves them past the
    /// page and tells their groups.
    async fn form_group(
        &self,
        session: &Arc<str>,
        experiment: &Experiment,
        sequence: &AppSequence,
        place: Place,
        mut members: Vec<ParticipantRecord>,
    ) -> anyhow::Result<()> {
        let store = &self.inner.store;
        let mut app = sequence
            .app_groups(place.0)
            .ok_or_else(|| anyhow::anyhow!("the session has no app {}", place.0))?;
        let ids: Vec<u32> = members.iter().map(|p| p.participant_id).collect();
        let (number, matrices) = app
            .form_group(place.1, &ids)
            .map_err(|e| anyhow::anyhow!("cannot form a group of {ids:?}: {e}"))?;
        let group_id = app
            .group_id(number, place.1)
            .ok_or_else(|| anyhow::anyhow!("group {number} has no id"))?;
        let page = experiment
            .info
            .page(place.2)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let data = serde_json::json!({"hook": "group_by_arrival_time", "players": ids}).to_string();
        let (entry, mut writes, _session) = if sequence.has_arrival_hook(place.2) {
            let roster = (1..)
                .zip(&ids)
                .map(|(id_in_group, &participant_id)| GroupMember {
                    participant_id,
                    id_in_group,
                })
                .collect();
            let ran = self
                .run_session_hook(SessionHook {
                    session,
                    experiment,
                    app: app.clone(),
                    place,
                    page: &page,
                    group: Some((number, group_id)),
                    members: roster,
                    data,
                })
                .await?;
            let Some(writes) = ran.writes else {
                let message = Write::Message {
                    session: session.clone(),
                    seq: store.next_message_seq(session)?,
                    record: ran.entry,
                };
                store.commit(vec![message]).await?;
                anyhow::bail!(
                    "after_all_players_arrive of {page} failed for the group of {ids:?}: they keep waiting"
                );
            };
            (ran.entry, writes, ran.session_guard)
        } else {
            (hook_entry(place, &page, group_id, data), Vec::new(), None)
        };
        let regrouped = sequence.with_groups(place.0, app.clone());
        let old_groups: Vec<u32> = members.iter().map(|p| p.group_id).collect();
        for p in &mut members {
            (p.group_id, p.id_in_group) = app.seat(p.participant_id, place.1);
            regrouped.step(p);
            writes.push(Write::Participant(p.clone()));
        }
        for (round, groups) in matrices {
            writes.push(Write::GroupMatrix {
                session: session.clone(),
                app: place.0,
                round,
                groups,
            });
        }
        writes.push(Write::Message {
            session: session.clone(),
            seq: store.next_message_seq(session)?,
            record: entry,
        });
        store.commit(writes).await?;
        self.regrouped(session, regrouped);
        let codes: Vec<Arc<str>> = members.iter().map(|p| Arc::from(p.code.as_str())).collect();
        for (p, old) in members.into_iter().zip(old_groups) {
            self.inner.left(session, old, p.clone());
            self.inner.entered(session, p);
        }
        self.inner.page_views.tell_moved(&codes);
        Ok(())
    }
}
