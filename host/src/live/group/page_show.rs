//! Showing a participant's page: oTree's page methods (`pages.show`:
//! is_displayed, vars_for_template, js_vars) run as a call of the group, so
//! they read the group's state as every other call does, and what they
//! write is committed as a live call's writes are. A page whose
//! is_displayed says no is skipped: the participant moves on without
//! before-next (as on oTree), and the next page is asked, until one is
//! displayed, a wait page is reached, or the participant has finished.
//!
//! A wait page is asked too if it has is_displayed: one not displayed to
//! the player is skipped, so they wait for nobody there.
//!
//! The page is shown only once what it read is durable: after the show's
//! own writes commit, or, if it wrote nothing, after the writes in flight
//! when it ran.

use std::time::Instant;

use tokio::sync::oneshot;

use super::Group;
use crate::experiment::FormField;
use crate::experiment::PageKind;
use crate::live::position::Position;
use crate::live::{LiveError, now_ms};
use crate::runtime::{PageView, form_field};
use crate::store::{MessageKind, MessageRecord, Write};

/// What a participant's page shows, as [`Group::show`] found it.
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    /// Where the participant is, after any skipped pages.
    pub position: Position,
    /// The page methods' answer; `None` when they were not asked (the
    /// experiment has no `pages`, a wait page, finished, a closed session).
    pub view: Option<ShownView>,
    /// When the page times out (ms since the Unix epoch), if it does.
    pub deadline_ms: Option<u64>,
}

/// The variables, js_vars and form the experiment gave for the page.
#[derive(Debug, Clone)]
pub struct ShownView {
    /// A JSON object.
    pub variables: String,
    /// JSON, if the page has js_vars.
    pub js_vars: Option<String>,
    /// The page's form fields, in order.
    pub form_fields: Vec<FormField>,
}

pub(crate) type ShowReply = oneshot::Sender<Result<Shown, LiveError>>;

/// The message-log `data` of a page shown that made its player wait to be
/// grouped by arrival.
const ARRIVED: &str = r#"{"arrived":true}"#;

/// What one `show` call decided.
enum Step {
    /// The page is shown; the reply goes out once durable.
    Displayed,
    /// The page was skipped; the next one is asked, with the reply.
    Skipped(ShowReply),
}

impl Group {
    /// Shows member `code`'s page: asks the page methods, skipping pages
    /// that are not displayed.
    pub(super) async fn show(&mut self, code: &str, reply: ShowReply) {
        let i = match self.member_index(code) {
            Ok(i) => i,
            Err(e) => return drop(reply.send(Err(e))),
        };
        // A wait page whose after_all_players_arrive failed runs it again
        // when one of its players reloads it (a page for all groups asks
        // the session's wait again).
        let page = self.members[i].page_index;
        if self.plays(&self.members[i])
            && (self.sequence.has_arrival_hook(page) || self.sequence.waits_for_all_groups(page))
        {
            self.release_from(i);
        }
        // Each skip moves one page on, so this ends by itself; the bound
        // only makes that plain.
        let most = self.sequence.pages_left(&self.members[i]);
        let mut reply = reply;
        for _ in 0..most {
            match self.show_once(i, reply).await {
                Some(Step::Skipped(r)) => reply = r,
                Some(Step::Displayed) | None => return,
            }
        }
    }

    /// One `show` of member `i`'s current page; `None` when the reply has
    /// been dealt with (sent, or handed to a completion).
    async fn show_once(&mut self, i: usize, reply: ShowReply) -> Option<Step> {
        let member = self.members[i].clone();
        // Skipping the round's (or app's) last pages took them on to their
        // next group: they are shown their page there, once the move is
        // durable.
        if !self.plays(&member) && !member.finished {
            self.host.store.after_pending(Box::new(move |r| {
                let _ = reply.send(Err(r.map_or_else(LiveError::Store, |()| LiveError::MovedOn)));
            }));
            return None;
        }
        // A wait page is asked only if it has is_displayed.
        let asks = |p: &&crate::experiment::Page| {
            p.kind != PageKind::Wait || self.sequence.wait_page_displayed_if(member.page_index)
        };
        let page = self
            .experiment
            .info
            .page(member.page_index)
            .filter(|_| {
                self.experiment.info.page_files.is_some()
                    && !member.finished
                    && !self.host.is_closed(&self.key.session)
            })
            .filter(asks)
            .map(|p| p.name.clone());
        let Some(page) = page else {
            match self.arrival(i, now_ms()) {
                Some(Some(write)) => {
                    let page = self
                        .experiment
                        .info
                        .page(member.page_index)
                        .map_or(String::new(), |p| p.name.clone());
                    let record = self.message_record(
                        MessageKind::Show,
                        &member,
                        &page,
                        ARRIVED.to_string(),
                        now_ms(),
                    );
                    let shown = Shown {
                        position: Position::of(&self.members[i], &self.experiment.info),
                        view: None,
                        deadline_ms: None,
                    };
                    self.submit(vec![write], record, move |r| {
                        let _ = reply.send(r.map(|()| shown).map_err(LiveError::Store));
                    });
                }
                Some(None) | None => self.reply_when_durable(i, None, reply),
            }
            return None;
        };
        let time_ms = now_ms();
        let mut record =
            self.message_record(MessageKind::Show, &member, &page, String::new(), time_ms);
        let started = Instant::now();
        let call = self.new_call(&member, time_ms);
        let player = self.player(&member);
        let instance = match self.instance().await {
            Ok(instance) => instance,
            Err(f) => {
                self.drop_call(call);
                let _ = reply.send(Err(LiveError::Guest(f)));
                return None;
            }
        };
        let (call, outcome) = instance.page_calls().show(call, &page, player).await;
        record.run_us = started.elapsed().as_micros() as u64;
        self.after_call(outcome.is_err());
        let outcome = match outcome {
            Err(f) => Err(LiveError::Guest(f)),
            Ok(Err(text)) => Err(LiveError::Refused(crate::live::error::refusal(text, &page))),
            Ok(Ok(view)) => Ok(view),
        };
        let mut step = None;
        self.end_call(
            call,
            outcome,
            record,
            reply,
            Vec::new(),
            |group, view: PageView, writes, record, reply| {
                step = Some(group.shown(i, view, writes, record, reply));
            },
        );
        step
    }

    /// A successful `show`: skip the page, or reply with it once durable.
    fn shown(
        &mut self,
        i: usize,
        view: PageView,
        mut writes: Vec<Write>,
        mut record: MessageRecord,
        reply: ShowReply,
    ) -> Step {
        if !view.displayed {
            record.data = r#"{"displayed":false}"#.to_string();
            let (moved, _) = oneshot::channel();
            self.move_on(i, writes, record, moved);
            return Step::Skipped(reply);
        }
        // A wait page shown: it has no view of its own.
        if self.sequence.is_wait_page(self.members[i].page_index) {
            let arrival = self.arrival(i, record.time_ms);
            if let Some(Some(write)) = &arrival {
                writes.push(write.clone());
            }
            if writes.is_empty() {
                self.reply_when_durable(i, None, reply);
            } else {
                let shown = Shown {
                    position: Position::of(&self.members[i], &self.experiment.info),
                    view: None,
                    deadline_ms: None,
                };
                record.data = match arrival {
                    Some(Some(_)) => ARRIVED.to_string(),
                    _ => "{}".to_string(),
                };
                self.submit(writes, record, move |r| {
                    let _ = reply.send(r.map(|()| shown).map_err(LiveError::Store));
                });
            }
            return Step::Displayed;
        }
        // The first show of a timed page sets its deadline, kept durably
        // from then on (a reload or a restart does not move it).
        if let Some(seconds) = view.timeout_seconds
            && self.members[i].deadline_ms.is_none()
        {
            let at = record.time_ms + (seconds.max(0.0) * 1000.0).min(1e15) as u64;
            self.members[i].deadline_ms = Some(at);
            writes.push(Write::Participant(self.members[i].clone()));
            self.host.timeouts.schedule(self.codes[i].clone(), at);
        }
        let view = ShownView {
            variables: view.variables,
            js_vars: view.js_vars,
            form_fields: view.form_fields.into_iter().map(form_field).collect(),
        };
        if writes.is_empty() {
            self.reply_when_durable(i, Some(view), reply);
        } else {
            let shown = Shown {
                position: Position::of(&self.members[i], &self.experiment.info),
                view: Some(view),
                deadline_ms: self.members[i].deadline_ms,
            };
            record.data = "{}".to_string();
            self.submit(writes, record, move |r| {
                let _ = reply.send(r.map(|()| shown).map_err(LiveError::Store));
            });
        }
        Step::Displayed
    }

    /// Member `i` opened a wait page that forms groups by arrival: `None`
    /// if it is not one (or they do not play it here); else they wait to
    /// be grouped from now on, and the first time that is a write of their
    /// record (`Some(Some(write))`). [`Livehost::show_page`] then asks the
    /// session's wait task to form the groups it can.
    ///
    /// [`Livehost::show_page`]: crate::live::Livehost::show_page
    fn arrival(&mut self, i: usize, time_ms: u64) -> Option<Option<Write>> {
        let m = &self.members[i];
        if m.finished
            || !self.plays(m)
            || !self.sequence.groups_by_arrival(m.page_index)
            || self.host.is_closed(&self.key.session)
        {
            return None;
        }
        if m.arrived_ms.is_some() {
            return Some(None);
        }
        self.members[i].arrived_ms = Some(time_ms);
        Some(Some(Write::Participant(self.members[i].clone())))
    }

    /// Replies with member `i`'s page once every write in flight is
    /// durable (what the page shows may have read them).
    fn reply_when_durable(&self, i: usize, view: Option<ShownView>, reply: ShowReply) {
        let shown = Shown {
            position: Position::of(&self.members[i], &self.experiment.info),
            view,
            deadline_ms: self.members[i].deadline_ms,
        };
        self.host.store.after_pending(Box::new(move |r| {
            let _ = reply.send(r.map(|()| shown).map_err(LiveError::Store));
        }));
    }
}
