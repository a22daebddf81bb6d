//! A wait page's `after_all_players_arrive` (oTree's, contract 0.1.4):
//! when the last member of the group reaches a wait page that has one, the
//! group runs it as a call of its own before anybody leaves the page, and
//! commits what it wrote with their release, so every page after the wait
//! page sees it. If it fails, they stay on the page and the error is logged
//! (a `hook` entry of the message log with the error); it runs again when
//! one of them reloads the page, or the experimenter moves someone on. A
//! wait page with is_displayed runs it only if it is displayed to one of
//! the players on it, as on oTree.

use std::time::Instant;

use super::Group;
use super::navigation::Place;
use crate::live::{LiveError, now_ms};
use crate::runtime::CallEnd;
use crate::store::{MessageKind, MessageRecord};

impl Group {
    /// Whether the wait page at `place` is displayed to one of the members
    /// on it (its is_displayed asked for each; what that writes is not
    /// kept). A failure counts as displayed: the hook then runs, and says
    /// what is wrong.
    async fn displayed_to_anyone(&mut self, place: Place, page: &str) -> bool {
        let on_page: Vec<usize> = (0..self.members.len())
            .filter(|&j| {
                let m = &self.members[j];
                !m.finished && (m.app, m.round, m.page_index) == place
            })
            .collect();
        for j in on_page {
            let member = self.members[j].clone();
            let call = self.new_call(&member, now_ms());
            let player = self.player(&member);
            let instance = match self.instance().await {
                Ok(instance) => instance,
                Err(_) => {
                    self.drop_call(call);
                    return true;
                }
            };
            let (call, outcome) = instance.page_calls().show(call, page, player).await;
            self.after_call(outcome.is_err());
            self.drop_call(call);
            match outcome {
                Ok(Ok(view)) if !view.displayed => {}
                _ => return true,
            }
        }
        false
    }

    /// Runs the after_all_players_arrive of the wait page at `place`, which
    /// every member has reached, then releases them.
    pub(super) async fn after_all_players_arrive(&mut self, place: Place) {
        let (_, round, page_index) = place;
        let at = |m: &crate::store::ParticipantRecord| {
            !m.finished && (m.app, m.round, m.page_index) == place
        };
        let (Some(i), Some(page)) = (
            self.members.iter().position(at),
            self.experiment
                .info
                .page(page_index)
                .map(|p| p.name.clone()),
        ) else {
            return;
        };
        // As on oTree, the hook runs only if the page was displayed to one
        // of the players it waited for.
        if self.sequence.wait_page_displayed_if(page_index)
            && !self.displayed_to_anyone(place, &page).await
        {
            return self.release_after(i, Some(place), Vec::new(), None);
        }
        let caller = self.members[i].clone();
        let time_ms = now_ms();
        let mut record = MessageRecord::new(
            MessageKind::Hook,
            time_ms,
            0,
            self.key.group_id,
            round,
            &page,
            r#"{"hook":"after_all_players_arrive"}"#.to_string(),
        );
        let started = Instant::now();
        let call = self.new_call(&caller, time_ms).as_hook();
        let number = self.number;
        let outcome = match self.instance().await {
            Ok(instance) => {
                let (call, outcome) = instance
                    .page_calls()
                    .after_all_players_arrive(call, &page, round, Some(number))
                    .await;
                self.after_call(outcome.is_err());
                let outcome = match outcome {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(text)) => Err(text),
                    Err(f) => Err(LiveError::Guest(f).to_string()),
                };
                (call, outcome)
            }
            Err(f) => (call, Err(LiveError::Guest(f).to_string())),
        };
        let (call, outcome) = outcome;
        record.run_us = started.elapsed().as_micros() as u64;
        record.seed = Some(call.seed());
        // The session's lock, if the hook took it, is held until its
        // writes are submitted.
        let CallEnd {
            cache,
            writes,
            session_guard: _session,
        } = call.finish(outcome.is_ok());
        self.cache = cache;
        let outcome = match (outcome, writes) {
            (Ok(()), Ok(writes)) => Ok(writes),
            (Err(text), _) => Err(text),
            (Ok(()), Err(e)) => Err(LiveError::Store(e).to_string()),
        };
        match outcome {
            Ok(writes) => self.release_after(i, Some(place), writes, Some(record)),
            Err(text) => {
                tracing::warn!(
                    session = %self.key.session,
                    group = self.key.group_id,
                    page,
                    "after_all_players_arrive failed; the group stays on the wait page: {text}"
                );
                record.error = Some(text);
                self.submit(Vec::new(), record, |_| {});
            }
        }
    }
}
