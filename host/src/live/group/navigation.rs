//! Moving through the pages: a press of next (before-next, then the next
//! page), the experimenter's advance of a stuck participant, and the
//! release of a group from a wait page once everyone has reached it.
//!
//! Positions change here first (the group's copy is authoritative, moves
//! whose commit is in flight included); the moved members' pages reload
//! only once the commit of their new positions is durable.

use std::time::Instant;

use tokio::sync::oneshot;

use super::Group;
use crate::experiment::{ExperimentInfo, PageKind};
use crate::live::position::{Position, step};
use crate::live::{AdvanceError, Advanced, FormErrors, LiveError, now_ms};
use crate::store::{MessageKind, MessageRecord, ParticipantRecord, Write};

type AdvanceReply = oneshot::Sender<Result<Advanced, AdvanceError>>;

impl Group {
    /// Next, pressed by member `code` with the page's `form`: before-next
    /// decides, then they move on.
    pub(super) async fn advance(&mut self, code: &str, form: String, reply: AdvanceReply) {
        let time_ms = now_ms();
        let (i, caller, page_name, kind) = match self.mover(code) {
            Ok(m) => m,
            Err(e) => return drop(reply.send(Err(e))),
        };
        if kind == PageKind::Wait {
            return drop(reply.send(Err(AdvanceError::Waiting)));
        }
        let mut record = self.message_record(
            MessageKind::Next,
            &caller,
            &page_name,
            form.clone(),
            time_ms,
        );
        let started = Instant::now();
        let call = self.new_call(&caller, time_ms);
        // An experiment with oTree pages checks the form as oTree does
        // (`submit`); an older one has before-next.
        let otree_form = self.experiment.info.page_files.is_some();
        let instance = match self.instance().await {
            Ok(i) => i,
            Err(f) => {
                let e = AdvanceError::Live(LiveError::Guest(f));
                return self.fail(record, e, reply, Vec::new());
            }
        };
        let player = Self::player(&caller);
        let (call, outcome) = if otree_form {
            let (call, outcome) = instance
                .page_calls()
                .submit(call, &page_name, player, &form)
                .await;
            let outcome = outcome.map(|r| {
                r.map_err(|e| {
                    AdvanceError::Form(FormErrors {
                        fields: e.fields,
                        // Its first line for the participant; a traceback
                        // after it goes to the host's log.
                        form: e
                            .form
                            .map(|text| crate::live::error::refusal(text, &page_name)),
                    })
                })
            });
            (call, outcome)
        } else {
            let (call, outcome) = instance.before_next(call, &page_name, player, &form).await;
            let outcome = outcome.map(|r| {
                r.map_err(|text| {
                    AdvanceError::Refused(crate::live::error::refusal(text, &page_name))
                })
            });
            (call, outcome)
        };
        record.run_us = started.elapsed().as_micros() as u64;
        self.after_call(outcome.is_err());
        let outcome = match outcome {
            Err(f) => Err(AdvanceError::Live(LiveError::Guest(f))),
            Ok(r) => r,
        };
        self.end_call(
            call,
            outcome,
            record,
            reply,
            Vec::new(),
            |group, (), writes, record, reply| group.move_on(i, writes, record, reply),
        );
    }

    /// Member `code`'s page timed out: `timed-out` (oTree's
    /// before_next_page with timeout_happened), then they move on whatever
    /// it returned (an error drops its writes and is logged). Refused if
    /// they have left the page the deadline was for, or it has not passed
    /// (a page's own claim is allowed a second of clock difference).
    pub(super) async fn time_out(
        &mut self,
        code: &str,
        deadline_ms: Option<u64>,
        form: String,
        reply: AdvanceReply,
    ) {
        let time_ms = now_ms();
        let (i, caller, page_name, kind) = match self.mover(code) {
            Ok(m) => m,
            Err(e) => return drop(reply.send(Err(e))),
        };
        let due = match (caller.deadline_ms, deadline_ms) {
            (Some(at), Some(expected)) => at == expected && at <= time_ms,
            (Some(at), None) => at <= time_ms + 1000,
            (None, _) => false,
        };
        if !due || kind == PageKind::Wait {
            return drop(reply.send(Err(AdvanceError::NotTimedOut)));
        }
        let data = timed_out_data(&form);
        let mut record = self.message_record(MessageKind::Next, &caller, &page_name, data, time_ms);
        let started = Instant::now();
        let call = self.new_call(&caller, time_ms);
        let instance = match self.instance().await {
            Ok(instance) => instance,
            Err(f) => {
                self.drop_call(call);
                record.error = Some(LiveError::Guest(f).to_string());
                return self.move_on(i, Vec::new(), record, reply);
            }
        };
        let (call, outcome) = instance
            .page_calls()
            .timed_out(call, &page_name, Self::player(&caller), &form)
            .await;
        record.run_us = started.elapsed().as_micros() as u64;
        self.after_call(outcome.is_err());
        match outcome {
            Ok(Ok(())) => self.end_call(
                call,
                Ok::<(), AdvanceError>(()),
                record,
                reply,
                Vec::new(),
                |group, (), writes, record, reply| group.move_on(i, writes, record, reply),
            ),
            Ok(Err(text)) => {
                self.drop_call(call);
                record.error = Some(crate::live::error::refusal(text, &page_name));
                self.move_on(i, Vec::new(), record, reply);
            }
            Err(f) => {
                self.drop_call(call);
                record.error = Some(LiveError::Guest(f).to_string());
                self.move_on(i, Vec::new(), record, reply);
            }
        }
    }

    /// The experimenter moves member `code` past their page without
    /// running before-next (a participant who is stuck). The message log
    /// records it as an `admin` entry.
    pub(super) fn admin_advance(&mut self, code: &str, reply: AdvanceReply) {
        let (i, member, page, _) = match self.mover(code) {
            Ok(m) => m,
            Err(e) => return drop(reply.send(Err(e))),
        };
        let data = r#"{"action":"advance"}"#.to_string();
        let record = self.message_record(MessageKind::Admin, &member, &page, data, now_ms());
        self.move_on(i, Vec::new(), record, reply);
    }

    /// The member `code` who is to move on, and the name and kind of the
    /// page they leave; refused if they are not in the group, the session
    /// is closed, or they have finished.
    fn mover(
        &self,
        code: &str,
    ) -> Result<(usize, ParticipantRecord, String, PageKind), AdvanceError> {
        let i = self.member_index(code)?;
        if self.host.is_closed(&self.key.session) {
            return Err(AdvanceError::Live(LiveError::SessionClosed));
        }
        let member = self.members[i].clone();
        match self.experiment.info.page(member.page_index) {
            Some(page) if !member.finished => {
                let (name, kind) = (page.name.clone(), page.kind);
                Ok((i, member, name, kind))
            }
            _ => Err(AdvanceError::Live(LiveError::Finished)),
        }
    }

    /// Moves member `i` to their next page (and the group past a wait page
    /// the whole group then stands on), submits the positions with
    /// `writes` and the message-log entry, and once durable tells the moved
    /// members' pages to reload.
    pub(super) fn move_on(
        &mut self,
        i: usize,
        mut writes: Vec<Write>,
        record: MessageRecord,
        reply: AdvanceReply,
    ) {
        step(&mut self.members[i], &self.experiment.info);
        let moved = release_wait_pages(&mut self.members, &self.experiment.info, i);
        for &j in &moved {
            writes.push(Write::Participant(self.members[j].clone()));
        }
        let advanced = Advanced {
            position: Position::of(&self.members[i], &self.experiment.info),
            moved: moved.iter().map(|&j| self.codes[j].clone()).collect(),
        };
        let host = self.host.clone();
        self.submit(writes, record, move |r| {
            if r.is_ok() {
                host.page_views.tell_moved(&advanced.moved);
            }
            let _ = reply.send(
                r.map(|()| advanced)
                    .map_err(|e| AdvanceError::Live(LiveError::Store(e))),
            );
        });
    }
}

/// A timed-out page's message-log data: its form, marked as oTree marks it.
fn timed_out_data(form: &str) -> String {
    let mut data = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(form)
        .unwrap_or_default();
    data.insert("timeout_happened".into(), true.into());
    serde_json::Value::Object(data).to_string()
}

/// After member `i` moved: while every member has reached the earliest
/// wait page anyone stands on (is on it, or past it: the experimenter may
/// have moved someone on), moves those on it past it. Returns every member
/// whose position changed (always including `i`).
pub(crate) fn release_wait_pages(
    members: &mut [ParticipantRecord],
    info: &ExperimentInfo,
    i: usize,
) -> Vec<usize> {
    let mut moved = vec![i];
    let on_wait_page = |p: &ParticipantRecord| {
        !p.finished
            && info
                .page(p.page_index)
                .is_some_and(|page| page.kind == PageKind::Wait)
    };
    loop {
        let Some(wait) = members
            .iter()
            .filter(|p| on_wait_page(p))
            .map(|p| (p.round, p.page_index))
            .min()
        else {
            return moved;
        };
        let all_there = members
            .iter()
            .all(|m| m.finished || (m.round, m.page_index) >= wait);
        if !all_there {
            return moved;
        }
        for (j, m) in members.iter_mut().enumerate() {
            if !m.finished && (m.round, m.page_index) == wait {
                step(m, info);
                if !moved.contains(&j) {
                    moved.push(j);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Page;

    /// Pages: 0 live, 1 wait, 2 normal, 3 wait; two rounds.
    fn info() -> ExperimentInfo {
        let page = |name: &str, kind| Page {
            name: name.into(),
            body: String::new(),
            kind,
            next_button: true,
        };
        ExperimentInfo {
            name: "t".into(),
            players_per_group: 3,
            rounds: 2,
            pages: vec![
                page("Bid", PageKind::Live),
                page("Wait1", PageKind::Wait),
                page("Results", PageKind::Normal),
                page("Wait2", PageKind::Wait),
            ],
            page_files: None,
        }
    }

    fn at(positions: &[(u32, u32)]) -> Vec<ParticipantRecord> {
        positions
            .iter()
            .enumerate()
            .map(|(i, &(round, page_index))| ParticipantRecord {
                code: format!("c{i}"),
                session: "s".into(),
                participant_id: i as u32 + 1,
                group_id: 1,
                id_in_group: i as u32 + 1,
                round,
                page_index,
                finished: false,
                deadline_ms: None,
            })
            .collect()
    }

    fn places(members: &[ParticipantRecord]) -> Vec<(u32, u32, bool)> {
        members
            .iter()
            .map(|m| (m.round, m.page_index, m.finished))
            .collect()
    }

    #[test]
    fn the_first_to_arrive_waits() {
        let mut members = at(&[(1, 1), (1, 0), (1, 0)]);
        let moved = release_wait_pages(&mut members, &info(), 0);
        assert_eq!(moved, [0]);
        assert_eq!(
            places(&members),
            [(1, 1, false), (1, 0, false), (1, 0, false)]
        );
    }

    #[test]
    fn the_last_to_arrive_releases_everyone_on_the_wait_page() {
        let mut members = at(&[(1, 1), (1, 1), (1, 1)]);
        let moved = release_wait_pages(&mut members, &info(), 2);
        assert_eq!(moved, [2, 0, 1]);
        assert_eq!(places(&members), [(1, 2, false); 3]);
    }

    #[test]
    fn a_member_moved_past_the_wait_page_counts_as_arrived() {
        // Member 3 was moved on by the experimenter to Results.
        let mut members = at(&[(1, 1), (1, 1), (1, 2)]);
        let moved = release_wait_pages(&mut members, &info(), 1);
        assert_eq!(moved, [1, 0]);
        assert_eq!(places(&members), [(1, 2, false); 3]);
    }

    #[test]
    fn finished_members_do_not_hold_the_group() {
        let mut members = at(&[(2, 3), (2, 3), (2, 3)]);
        members[1].finished = true;
        let moved = release_wait_pages(&mut members, &info(), 0);
        // The last page of the last round: those released finish.
        assert_eq!(moved, [0, 2]);
        assert_eq!(places(&members), [(2, 3, true); 3]);
    }

    #[test]
    fn release_cascades_through_wait_pages_everyone_reached() {
        // Member 1 is on round 1's last wait page, the others on round 2's
        // first wait page (the experimenter moved them): releasing round 1's
        // page brings member 1 to round 2's first page only.
        let mut members = at(&[(1, 3), (2, 1), (2, 1)]);
        let moved = release_wait_pages(&mut members, &info(), 0);
        assert_eq!(moved, [0]);
        assert_eq!(
            places(&members),
            [(2, 0, false), (2, 1, false), (2, 1, false)]
        );
    }

    #[test]
    fn nobody_on_a_wait_page_moves_nobody_else() {
        let mut members = at(&[(1, 2), (1, 0), (1, 0)]);
        assert_eq!(release_wait_pages(&mut members, &info(), 0), [0]);
        assert_eq!(
            places(&members),
            [(1, 2, false), (1, 0, false), (1, 0, false)]
        );
    }
}
