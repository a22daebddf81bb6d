//! Moving through the pages: a press of next (before-next, then the next
//! page), the experimenter's advance of a stuck participant, the release
//! of a group from a wait page once everyone has reached it, and a
//! participant's move into the session's next app.
//!
//! Positions change here first (the group's copy is authoritative, moves
//! whose commit is in flight included); the moved members' pages reload
//! only once the commit of their new positions is durable. A member who
//! enters the next app belongs to another group from then on: once the
//! move is durable, their route points there and that group is told
//! (`arrive`), before their page reloads.

use std::time::Instant;

use tokio::sync::oneshot;

use super::Group;
use crate::experiment::PageKind;
use crate::live::app_sequence::AppSequence;
use crate::live::position::Position;
use crate::live::{AdvanceError, Advanced, FormErrors, LiveError, TimeoutTrigger, now_ms};
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
        let player = self.player(&caller);
        // An experiment with oTree pages checks the form as oTree does
        // (`submit`); an older one has before-next.
        let otree_form = self.experiment.info.page_files.is_some();
        let (sequence, stage) = (self.sequence.clone(), self.stage);
        let instance = match self.instance().await {
            Ok(i) => i,
            Err(f) => {
                let e = AdvanceError::Live(LiveError::Guest(f));
                return self.fail(record, e, reply, Vec::new());
            }
        };
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
        // oTree's app_after_this_page, in the same call: where to go.
        let asks_app = sequence
            .stage(stage)
            .is_some_and(|s| s.app_after_pages.contains(&page_name));
        let (call, outcome) = match outcome {
            Ok(Ok(())) if asks_app => {
                let upcoming = sequence.upcoming(stage);
                let (call, r) = instance
                    .page_calls()
                    .app_after_page(call, &page_name, player, &upcoming)
                    .await;
                let r = r.map(|r| {
                    r.map_err(|text| {
                        AdvanceError::Refused(crate::live::error::refusal(text, &page_name))
                    })
                    .and_then(|app| match app {
                        None => Ok(None),
                        Some(name) => sequence.later_app(stage, &name).map(Some).ok_or(
                            AdvanceError::Refused(format!(
                                "app_after_this_page of page {page_name} returned {name:?}, which is not one of the upcoming apps {upcoming:?}"
                            )),
                        ),
                    })
                });
                (call, r)
            }
            other => (call, other.map(|r| r.map(|()| None))),
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
            |group, jump: Option<u32>, writes, record, reply| {
                group.move_to(i, jump, writes, record, reply)
            },
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
        deadline: TimeoutTrigger,
        form: String,
        reply: AdvanceReply,
    ) {
        let time_ms = now_ms();
        let (i, caller, page_name, kind) = match self.mover(code) {
            Ok(m) => m,
            Err(e) => return drop(reply.send(Err(e))),
        };
        let due = match (caller.deadline_ms, deadline) {
            (Some(at), TimeoutTrigger::Timer(expected)) => at == expected && at <= time_ms,
            (Some(at), TimeoutTrigger::Page) => at <= time_ms + 1000,
            (Some(_), TimeoutTrigger::Replayed) => true,
            (None, _) => false,
        };
        if !due || kind == PageKind::Wait {
            return drop(reply.send(Err(AdvanceError::NotTimedOut)));
        }
        let data = timed_out_data(&form);
        let mut record = self.message_record(MessageKind::Next, &caller, &page_name, data, time_ms);
        let started = Instant::now();
        let call = self.new_call(&caller, time_ms);
        let player = self.player(&caller);
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
            .timed_out(call, &page_name, player, &form)
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
                record.seed = Some(call.seed());
                self.drop_call(call);
                record.error = Some(crate::live::error::refusal(text, &page_name));
                self.move_on(i, Vec::new(), record, reply);
            }
            Err(f) => {
                record.seed = Some(call.seed());
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
        &mut self,
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
        writes: Vec<Write>,
        record: MessageRecord,
        reply: AdvanceReply,
    ) {
        self.move_to(i, None, writes, record, reply);
    }

    /// [`Group::move_on`], or with `jump` to the first page of that app of
    /// the sequence (oTree's app_after_this_page).
    fn move_to(
        &mut self,
        i: usize,
        jump: Option<u32>,
        writes: Vec<Write>,
        record: MessageRecord,
        reply: AdvanceReply,
    ) {
        match jump {
            Some(app) => self.sequence.enter(&mut self.members[i], app),
            None => self.sequence.step(&mut self.members[i]),
        }
        let release = release_wait_pages(
            &mut self.members,
            &self.sequence,
            self.key.group_id,
            i,
            None,
        );
        self.pending_arrival = release.hook;
        self.commit_moves(release.moved, writes, Some(record), reply);
        self.report_all_groups(release.all_groups);
    }

    /// Commits the positions of the `moved` members (with `writes` and the
    /// message-log entry, if any); once durable, those who entered the next
    /// app are routed to their group there and it is told, then every
    /// moved member's page reloads and `reply` hears where the first one is.
    fn commit_moves(
        &mut self,
        moved: Vec<usize>,
        mut writes: Vec<Write>,
        record: Option<MessageRecord>,
        reply: AdvanceReply,
    ) {
        for &j in &moved {
            writes.push(Write::Participant(self.members[j].clone()));
        }
        let entered: Vec<ParticipantRecord> = moved
            .iter()
            .map(|&j| &self.members[j])
            .filter(|m| !self.plays(m) && !m.finished)
            .cloned()
            .collect();
        let advanced = Advanced {
            position: Position::of(&self.members[moved[0]], &self.experiment.info),
            moved: moved.iter().map(|&j| self.codes[j].clone()).collect(),
        };
        let host = self.host.clone();
        let session = self.key.session.clone();
        let done = move |r: Result<(), crate::store::StoreError>| {
            if r.is_ok() {
                for m in entered {
                    host.entered(&session, m);
                }
                host.page_views.tell_moved(&advanced.moved);
            }
            let _ = reply.send(
                r.map(|()| advanced)
                    .map_err(|e| AdvanceError::Live(LiveError::Store(e))),
            );
        };
        match record {
            Some(record) => self.submit(writes, record, done),
            None => self.host.store.submit(writes, Box::new(done)),
        }
    }

    /// Releases members who all entered this group's app and reached its
    /// wait page before the group started (their moves were made by the
    /// groups of the app before, which tell only a running group).
    pub(super) fn release_arrived(&mut self) {
        let Some(i) = self
            .members
            .iter()
            .position(|m| !m.finished && self.plays(m) && self.sequence.is_wait_page(m.page_index))
        else {
            return;
        };
        self.release_from(i);
    }

    /// A participant entered this group's app (their move is durable):
    /// the group takes their position, and if they reached a wait page
    /// the rest of the group stands on, releases everyone there.
    pub(super) fn arrive(&mut self, record: ParticipantRecord) {
        let Some(i) = self.members.iter().position(|m| m.code == record.code) else {
            return;
        };
        // Only a move forward: a late announcement never takes them back.
        let newer = |m: &ParticipantRecord| (m.app, m.round, m.page_index, m.finished);
        if newer(&record) <= newer(&self.members[i]) {
            return;
        }
        self.members[i] = record;
        self.release_from(i);
    }

    /// Releases the wait pages member `i`'s position completes and commits
    /// the positions that changed (the positions as they stand are durable
    /// already: an arrival announced, or read at the group's start).
    pub(super) fn release_from(&mut self, i: usize) {
        self.release_after(i, None, Vec::new(), None);
    }

    /// Releases the wait pages member `i`'s position completes (`ran`: the
    /// one whose after_all_players_arrive just ran) and commits the
    /// positions that changed with `writes` and the entry `record`.
    pub(super) fn release_after(
        &mut self,
        i: usize,
        ran: Option<Place>,
        writes: Vec<Write>,
        record: Option<MessageRecord>,
    ) {
        let before = self.members.clone();
        let release =
            release_wait_pages(&mut self.members, &self.sequence, self.key.group_id, i, ran);
        self.pending_arrival = release.hook;
        let changed: Vec<usize> = release
            .moved
            .into_iter()
            .filter(|&j| self.members[j] != before[j])
            .collect();
        if !changed.is_empty() {
            let (reply, _) = oneshot::channel();
            self.commit_moves(changed, writes, record, reply);
        } else if let Some(record) = record {
            self.submit(writes, record, |_| {});
        }
        self.report_all_groups(release.all_groups);
    }
}

impl Group {
    /// Tells the session's wait for all groups that every member reached
    /// the page at `place`, once their positions are durable.
    fn report_all_groups(&self, place: Option<Place>) {
        let Some(place) = place else { return };
        self.report_when_durable(crate::live::session_waits::Reached::AllGroups(
            self.key.session.clone(),
            place,
        ));
    }

    /// Tells the session's wait task `reached` once every write in flight
    /// is durable.
    pub(super) fn report_when_durable(&self, reached: crate::live::session_waits::Reached) {
        let report = self.host.session_waits.reporter();
        self.host.store.after_pending(Box::new(move |r| {
            if r.is_ok() {
                let _ = report.send((reached, None));
            }
        }));
    }
}

/// A timed-out page's message-log data: its form, marked as oTree marks it.
fn timed_out_data(form: &str) -> String {
    let mut data = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(form)
        .unwrap_or_default();
    data.insert("timeout_happened".into(), true.into());
    serde_json::Value::Object(data).to_string()
}

/// A page of a round of an app: (app, round, page index).
pub(crate) type Place = (u32, u32, u32);

/// What [`release_wait_pages`] did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Release {
    /// Every member whose position changed (always including the one who
    /// moved).
    pub moved: Vec<usize>,
    /// A wait page everyone reached whose after_all_players_arrive must
    /// run before its players are released.
    pub hook: Option<Place>,
    /// A wait page for all groups that every member reached: the
    /// session's wait releases them (`all_groups_wait`).
    pub all_groups: Option<Place>,
}

/// After member `i` of group `group_id` moved: while every member has
/// reached the earliest
/// wait page anyone stands on (is on it, or past it: the experimenter may
/// have moved someone on), moves those on it past it, but stops at a wait
/// page with after_all_players_arrive whose hook has not run (`ran`).
pub(crate) fn release_wait_pages(
    members: &mut [ParticipantRecord],
    sequence: &AppSequence,
    group_id: u32,
    i: usize,
    ran: Option<Place>,
) -> Release {
    let mut moved = vec![i];
    // Pages of this group's only: a member still in an earlier group (app
    // or round) has not arrived, one gone on to a later one is past every
    // page here.
    let place = |p: &ParticipantRecord| (p.app, p.round, p.page_index);
    let on_wait_page = |p: &ParticipantRecord| {
        !p.finished && p.group_id == group_id && sequence.is_wait_page(p.page_index)
    };
    let done = |moved| Release {
        moved,
        hook: None,
        all_groups: None,
    };
    loop {
        let Some(wait) = members.iter().filter(|p| on_wait_page(p)).map(place).min() else {
            return done(moved);
        };
        // The session's wait task forms groups there (`arrival_groups`).
        if sequence.groups_by_arrival(wait.2) {
            return done(moved);
        }
        let all_there = members.iter().all(|m| m.finished || place(m) >= wait);
        if !all_there {
            return done(moved);
        }
        if sequence.waits_for_all_groups(wait.2) {
            return Release {
                moved,
                hook: None,
                all_groups: Some(wait),
            };
        }
        if sequence.has_arrival_hook(wait.2) && ran != Some(wait) {
            return Release {
                moved,
                hook: Some(wait),
                all_groups: None,
            };
        }
        for (j, m) in members.iter_mut().enumerate() {
            if !m.finished && place(m) == wait {
                sequence.step(m);
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
    use crate::experiment::{ExperimentInfo, Page};

    /// Pages: 0 live, 1 wait, 2 normal, 3 wait; two rounds; groups of 3.
    fn info() -> AppSequence {
        sequence(&[])
    }

    /// [`info`] with after_all_players_arrive on the wait pages `hooked`.
    fn sequence(hooked: &[&str]) -> AppSequence {
        let page = |name: &str, kind| Page {
            name: name.into(),
            body: String::new(),
            kind,
            next_button: true,
        };
        let info = ExperimentInfo {
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
            apps: Vec::new(),
            session_configs: Vec::new(),
            hooks: crate::experiment::Hooks {
                creating_session: Vec::new(),
                after_all_players_arrive: hooked.iter().map(|p| p.to_string()).collect(),
                wait_pages_displayed_if: Vec::new(),
                wait_for_all_groups: Vec::new(),
                group_by_arrival_time: Vec::new(),
                group_by_arrival_time_method: Vec::new(),
            },
            admin_views: Default::default(),
        };
        AppSequence::new(&info, &[], 3, &Default::default()).unwrap()
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
                arrived_ms: None,
                app: 0,
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
        let moved = release_wait_pages(&mut members, &info(), 1, 0, None).moved;
        assert_eq!(moved, [0]);
        assert_eq!(
            places(&members),
            [(1, 1, false), (1, 0, false), (1, 0, false)]
        );
    }

    #[test]
    fn the_last_to_arrive_releases_everyone_on_the_wait_page() {
        let mut members = at(&[(1, 1), (1, 1), (1, 1)]);
        let moved = release_wait_pages(&mut members, &info(), 1, 2, None).moved;
        assert_eq!(moved, [2, 0, 1]);
        assert_eq!(places(&members), [(1, 2, false); 3]);
    }

    #[test]
    fn a_wait_page_with_after_all_players_arrive_holds_everyone_until_it_ran() {
        let hooked = sequence(&["Wait1"]);
        let mut members = at(&[(1, 1), (1, 1), (1, 1)]);
        let release = release_wait_pages(&mut members, &hooked, 1, 2, None);
        assert_eq!(
            release,
            Release {
                moved: vec![2],
                hook: Some((0, 1, 1)),
                all_groups: None,
            }
        );
        assert_eq!(places(&members), [(1, 1, false); 3]);
        // Once it ran, they are released; round 2's Wait1 is another place.
        let release = release_wait_pages(&mut members, &hooked, 1, 0, Some((0, 1, 1)));
        assert_eq!(release.moved, [0, 1, 2]);
        assert_eq!(release.hook, None);
        assert_eq!(places(&members), [(1, 2, false); 3]);
        let mut members = at(&[(2, 1), (2, 1), (2, 1)]);
        let release = release_wait_pages(&mut members, &hooked, 1, 0, Some((0, 1, 1)));
        assert_eq!(release.hook, Some((0, 2, 1)));
        // Wait2 has none: released at once.
        let mut members = at(&[(1, 3), (1, 3), (1, 3)]);
        let release = release_wait_pages(&mut members, &hooked, 1, 1, None);
        assert_eq!((release.moved.len(), release.hook), (3, None));
    }

    #[test]
    fn a_member_moved_past_the_wait_page_counts_as_arrived() {
        // Member 3 was moved on by the experimenter to Results.
        let mut members = at(&[(1, 1), (1, 1), (1, 2)]);
        let moved = release_wait_pages(&mut members, &info(), 1, 1, None).moved;
        assert_eq!(moved, [1, 0]);
        assert_eq!(places(&members), [(1, 2, false); 3]);
    }

    #[test]
    fn finished_members_do_not_hold_the_group() {
        let mut members = at(&[(2, 3), (2, 3), (2, 3)]);
        members[1].finished = true;
        let moved = release_wait_pages(&mut members, &info(), 1, 0, None).moved;
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
        let moved = release_wait_pages(&mut members, &info(), 1, 0, None).moved;
        assert_eq!(moved, [0]);
        assert_eq!(
            places(&members),
            [(2, 0, false), (2, 1, false), (2, 1, false)]
        );
    }

    #[test]
    fn nobody_on_a_wait_page_moves_nobody_else() {
        let mut members = at(&[(1, 2), (1, 0), (1, 0)]);
        assert_eq!(
            release_wait_pages(&mut members, &info(), 1, 0, None).moved,
            [0]
        );
        assert_eq!(
            places(&members),
            [(1, 2, false), (1, 0, false), (1, 0, false)]
        );
    }

    #[test]
    fn members_of_an_earlier_group_have_not_arrived_and_of_a_later_one_are_past() {
        // Member 3 is still in the group of the app (or round) before:
        // another group id, an earlier place (an app index below the
        // others' stands for it).
        let mut members = at(&[(1, 1), (1, 1), (1, 1)]);
        members[0].app = 1;
        members[1].app = 1;
        members[2].app = 0;
        members[2].group_id = 7;
        let moved = release_wait_pages(&mut members, &info(), 1, 1, None).moved;
        assert_eq!(moved, [1]);
        // The laggard moves on to a later group: the others are released.
        members[2].app = 2;
        members[2].group_id = 9;
        let moved = release_wait_pages(&mut members, &info(), 1, 1, None).moved;
        assert_eq!(moved, [1, 0]);
    }
}
