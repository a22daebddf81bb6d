//! oTree's `group_by_arrival_time`: a wait page, the first of its app's
//! round, that forms groups from the players who have come to it. As on
//! oTree, every round of such an app starts as one group of everyone; a
//! player who opens the page is waiting (`arrived_ms`), and each time one
//! arrives or reloads the page, the players waiting there, by participant
//! id, form a group of the app's PLAYERS_PER_GROUP as soon as there are
//! that many, or, if the app has one, as its group_by_arrival_time_method
//! says (asked again every `Config::arrival_recheck` while anyone waits,
//! since a rule may use the clock; each ask is a `hook` entry of the
//! message log, `{"hook": "group_by_arrival_time_method", "waiting": [...],
//! "group": [...] or null, "recheck": bool}`).
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

use super::app_sequence::AppSequence;
use super::group::Place;
use super::session_waits::{SessionHook, hook_entry};
use super::{Livehost, SessionError};
use crate::runtime::{Experiment, GroupMember};
use crate::store::{ParticipantRecord, Write};

/// What an app's rule decided, with its writes and entry to commit.
struct RuleRan {
    group: Option<Vec<ParticipantRecord>>,
    writes: Vec<Write>,
    entry: Option<crate::store::MessageRecord>,
    guard: Option<crate::runtime::SessionGuard>,
}

impl Livehost {
    /// Forms the groups the players waiting on the page at `place` make;
    /// true if players still wait there on an app whose rule is to be
    /// asked again.
    pub(super) async fn group_arrivals(
        &self,
        session: &Arc<str>,
        place: Place,
        recheck: bool,
    ) -> anyhow::Result<bool> {
        let store = &self.inner.store;
        // Each group formed moves its players off the page, so this ends.
        loop {
            let Some(record) = store.session(session)? else {
                return Ok(false);
            };
            if record.closed_ms.is_some() {
                return Ok(false);
            }
            let experiment = self.experiment(&record.experiment).await?;
            let sequence = self.sequence_of(&record, &experiment)?;
            let Some(stage) = sequence.stage(place.0) else {
                return Ok(false);
            };
            let ruled = experiment
                .info
                .hooks
                .group_by_arrival_time_method
                .contains(&stage.name);
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
            waiting.sort_by_key(|p| p.participant_id);
            if waiting.is_empty() {
                return Ok(false);
            }
            let (members, rule) = if ruled {
                let mut ran = self
                    .ask_arrival_rule(
                        session,
                        &experiment,
                        (&stage.groups, &stage.name),
                        place,
                        &waiting,
                        recheck,
                    )
                    .await?;
                match ran.group.take() {
                    Some(members) => (members, Some(ran)),
                    None => {
                        // Nobody to group yet; the ask and what the rule
                        // wrote are kept.
                        let mut writes = ran.writes;
                        if let Some(entry) = ran.entry {
                            writes.push(Write::Message {
                                session: session.clone(),
                                seq: store.next_message_seq(session)?,
                                record: entry,
                            });
                        }
                        store.commit(writes).await?;
                        return Ok(true);
                    }
                }
            } else {
                if size == 0 || waiting.len() < size {
                    return Ok(false);
                }
                waiting.truncate(size);
                (waiting, None)
            };
            self.form_group(session, &experiment, &sequence, place, members, rule)
                .await?;
        }
    }

    /// Asks app `app`'s group_by_arrival_time_method which of `waiting`
    /// form a group, in a call for the whole round.
    async fn ask_arrival_rule(
        &self,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
        (groups, app): (&crate::runtime::AppGroups, &str),
        place: Place,
        waiting: &[ParticipantRecord],
        recheck: bool,
    ) -> anyhow::Result<RuleRan> {
        let ids: Vec<u32> = waiting.iter().map(|p| p.participant_id).collect();
        let page = experiment
            .info
            .page(place.2)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let mut entry = hook_entry(place, &page, 0, String::new());
        let call = self
            .session_call(
                session,
                (0, place.1),
                Vec::new(),
                entry.time_ms,
                groups.clone(),
            )
            .for_whole_app()
            .drawing_from(&self.inner.config.entropy);
        let mut lease = self.inner.session_lease(session, experiment).await?;
        let started = std::time::Instant::now();
        // Every ask is logged, so that a replay asks with the same clock
        // and randomness (and makes the rechecks the recording made).
        let seed = call.logged();
        let (call, outcome) = lease
            .instance
            .page_calls()
            .group_by_arrival_time(call, app, place.1, &ids)
            .await;
        self.inner
            .give_back(session, experiment, lease, outcome.is_err());
        entry.run_us = started.elapsed().as_micros() as u64;
        let what = format!("group_by_arrival_time_method of app {app}");
        let chosen = match outcome {
            Ok(Ok(chosen)) => chosen.filter(|c| !c.is_empty()),
            Ok(Err(text)) => {
                return self
                    .rule_failed(session, entry, call, (seed, recheck), &ids, text)
                    .await;
            }
            Err(f) => {
                return self
                    .rule_failed(session, entry, call, (seed, recheck), &ids, f.to_string())
                    .await;
            }
        };
        if let Some(c) = &chosen {
            let mut seen = std::collections::HashSet::new();
            if let Some(bad) = c.iter().find(|id| !ids.contains(id) || !seen.insert(**id)) {
                let text = format!(
                    "{what} returned participant {bad} for a group, who is not waiting (or is there twice): return some of the waiting players ({ids:?}), each once"
                );
                return self
                    .rule_failed(session, entry, call, (seed, recheck), &ids, text)
                    .await;
            }
        }
        let end = call.finish(true);
        let writes = end.writes?;
        entry.data = rule_data(&ids, chosen.as_deref(), recheck);
        entry.seed = Some(seed);
        let group = chosen.map(|c| {
            c.iter()
                .filter_map(|id| waiting.iter().find(|p| p.participant_id == *id).cloned())
                .collect()
        });
        Ok(RuleRan {
            group,
            writes,
            entry: Some(entry),
            guard: end.session_guard,
        })
    }

    /// Logs a failed rule (nobody moves; the next arrival, reload or
    /// recheck asks again) and fails with its text.
    async fn rule_failed(
        &self,
        session: &Arc<str>,
        mut entry: crate::store::MessageRecord,
        call: crate::runtime::Call,
        (seed, recheck): (u64, bool),
        waiting: &[u32],
        text: String,
    ) -> anyhow::Result<RuleRan> {
        drop(call.finish(false));
        entry.data = rule_data(waiting, None, recheck);
        entry.seed = Some(seed);
        entry.error = Some(text.clone());
        let store = &self.inner.store;
        store
            .commit(vec![Write::Message {
                session: session.clone(),
                seq: store.next_message_seq(session)?,
                record: entry,
            }])
            .await?;
        anyhow::bail!("{text}")
    }

    /// Forms a group of `members` (by id in group), moves them past the
    /// page and tells their groups.
    async fn form_group(
        &self,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
        sequence: &AppSequence,
        place: Place,
        mut members: Vec<ParticipantRecord>,
        rule: Option<RuleRan>,
    ) -> anyhow::Result<()> {
        let store = &self.inner.store;
        // The rule's writes and entry come first, in the same transaction;
        // the hook runs under the session's lock the rule may hold.
        let (mut rule_writes, rule_entry, rule_guard) = match rule {
            Some(r) => (r.writes, r.entry, r.guard),
            None => (Vec::new(), None, None),
        };
        if let Some(entry) = rule_entry {
            rule_writes.push(Write::Message {
                session: session.clone(),
                seq: store.next_message_seq(session)?,
                record: entry,
            });
        }
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
                    guard: rule_guard,
                })
                .await?;
            let Some(writes) = ran.writes else {
                rule_writes.push(Write::Message {
                    session: session.clone(),
                    seq: store.next_message_seq(session)?,
                    record: ran.entry,
                });
                store.commit(rule_writes).await?;
                anyhow::bail!(
                    "after_all_players_arrive of {page} failed for the group of {ids:?}: they keep waiting"
                );
            };
            (ran.entry, writes, ran.session_guard)
        } else {
            (
                hook_entry(place, &page, group_id, data),
                Vec::new(),
                rule_guard,
            )
        };
        rule_writes.append(&mut writes);
        let mut writes = rule_writes;
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

impl Livehost {
    /// Asks the grouping rule of page `page` (its app's first) of
    /// `session` in `round` again, as the host's timer does while players
    /// wait there (`livehost replay` makes the rechecks the recording
    /// made).
    pub async fn recheck_arrivals(
        &self,
        session: &str,
        page: &str,
        round: u32,
    ) -> Result<(), SessionError> {
        let record = self
            .inner
            .store
            .session(session)?
            .ok_or_else(|| SessionError::UnknownSession(session.to_string()))?;
        let experiment = self.experiment(&record.experiment).await?;
        let sequence = self
            .sequence_of(&record, &experiment)
            .map_err(|e| SessionError::Load(e.to_string()))?;
        let index = experiment
            .info
            .pages
            .iter()
            .position(|p| p.name == page)
            .ok_or_else(|| SessionError::Load(format!("the experiment has no page {page:?}")))?
            as u32;
        let app = sequence
            .stages()
            .iter()
            .position(|s| (s.first_page..s.end_page).contains(&index))
            .ok_or_else(|| {
                SessionError::Load(format!("session {session} does not play page {page:?}"))
            })? as u32;
        self.inner
            .session_waits
            .ask(super::session_waits::Reached::Recheck(
                Arc::from(session),
                (app, round, index),
            ))
            .await;
        Ok(())
    }
}

/// The message-log `data` of an ask of an app's rule.
fn rule_data(waiting: &[u32], group: Option<&[u32]>, recheck: bool) -> String {
    serde_json::json!({
        "hook": "group_by_arrival_time_method",
        "waiting": waiting,
        "group": group,
        "recheck": recheck,
    })
    .to_string()
}
