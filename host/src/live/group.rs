//! A running group: one task that owns the group's instance and its
//! members' positions, and serves the group's live messages and presses of
//! next one at a time, in arrival order.
//!
//! Each call's writes go to the committer as soon as the guest returns, and
//! the task moves on to the next message while that commit is in flight
//! (later calls read the pending writes). The answer to the sender, with
//! the replies for every recipient, is released by the committer once the
//! commit is durable.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};

use super::answer::{LiveReply, Respond};
use super::async_call::{AsyncCall, Turn};
use super::client_acks::{ClientAcks, ClientMessageId};
use super::instance_budget::InstanceShare;
use super::position::{Position, step};
use super::{AdvanceError, Advanced, Inner, LiveError, now_ms};
use crate::experiment::PageKind;
use crate::runtime::outbound::Outbound;
use crate::runtime::{
    Call, CallEnd, Experiment, GroupInstance, GroupMember, GuestFailure, SessionGuard, SessionLock,
    StateCache, check_json,
};
use crate::store::{MessageKind, MessageRecord, ParticipantRecord, Reply, StoreError, Write};

/// Identifies a group across the host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct GroupKey {
    pub session: Arc<str>,
    pub group_id: u32,
}

/// One reply for one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The recipient's participant id within the session.
    pub participant_id: u32,
    /// The recipient's secret code (to find their connections).
    pub code: Arc<str>,
    /// JSON text for `liveRecv` (shared by every recipient of a message to
    /// the whole group).
    pub payload: Arc<str>,
}

pub(crate) enum Request {
    Live {
        code: String,
        page: Option<String>,
        data: String,
        client: Option<ClientMessageId>,
        reply: LiveReply,
    },
    Advance {
        code: String,
        form: String,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    },
    /// The experimenter moves a participant on (admin API).
    AdminAdvance {
        code: String,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    },
    Position {
        code: String,
        reply: oneshot::Sender<Result<Position, LiveError>>,
    },
    /// An async call asks to run its next segment (see `async_call`).
    Turn(TurnRequest),
}

/// An async call's request for its next segment.
pub(crate) struct TurnRequest {
    pub code: String,
    /// The page the call was sent from, and its data (for the log).
    pub page: String,
    pub data: String,
    /// 1 for the call's first segment, then 2, 3, ...
    pub segment: u32,
    /// On the first segment: the message's client id, to record.
    pub client: Option<ClientMessageId>,
    pub grant: oneshot::Sender<Result<Turn, LiveError>>,
}

/// Where to send a group its requests.
#[derive(Clone)]
pub(crate) struct GroupHandle {
    tx: mpsc::Sender<Request>,
    pub(crate) key: GroupKey,
    pub(crate) experiment: Arc<Experiment>,
}

impl GroupHandle {
    fn send(&self, r: Request) -> Result<(), LiveError> {
        self.tx.try_send(r).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => LiveError::Busy,
            mpsc::error::TrySendError::Closed(_) => LiveError::Store(StoreError::Closed),
        })
    }

    /// Queues a live message; `reply` gets the outcome (at once when the
    /// group's queue is full).
    pub(crate) fn live(
        &self,
        code: &str,
        page: Option<&str>,
        data: &str,
        client: Option<ClientMessageId>,
        reply: LiveReply,
    ) {
        let request = Request::Live {
            code: code.to_string(),
            page: page.map(str::to_string),
            data: data.to_string(),
            client,
            reply,
        };
        let (error, request) = match self.tx.try_send(request) {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(r)) => (LiveError::Busy, r),
            Err(mpsc::error::TrySendError::Closed(r)) => (LiveError::Store(StoreError::Closed), r),
        };
        if let Request::Live { reply, .. } = request {
            reply.respond(Err(error));
        }
    }

    pub(crate) async fn advance(&self, code: &str, form: &str) -> Result<Advanced, AdvanceError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::Advance {
            code: code.to_string(),
            form: form.to_string(),
            reply,
        })
        .map_err(AdvanceError::Live)?;
        rx.await.unwrap_or(Err(AdvanceError::Live(LiveError::Store(
            StoreError::Closed,
        ))))
    }

    pub(crate) async fn admin_advance(&self, code: &str) -> Result<Advanced, AdvanceError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::AdminAdvance {
            code: code.to_string(),
            reply,
        })
        .map_err(AdvanceError::Live)?;
        rx.await.unwrap_or(Err(AdvanceError::Live(LiveError::Store(
            StoreError::Closed,
        ))))
    }

    pub(crate) async fn position(&self, code: &str) -> Result<Position, LiveError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::Position {
            code: code.to_string(),
            reply,
        })?;
        rx.await
            .unwrap_or(Err(LiveError::Store(StoreError::Closed)))
    }
}

/// Starts a group's task.
pub(crate) fn start(
    host: Arc<Inner>,
    key: GroupKey,
    experiment: Arc<Experiment>,
    members: Vec<ParticipantRecord>,
    acks: Vec<ClientAcks>,
    session_lock: SessionLock,
    outbound: Arc<Outbound>,
) -> GroupHandle {
    let (tx, rx) = mpsc::channel(host.config.group_queue.max(1));
    let handle = GroupHandle {
        tx,
        key: key.clone(),
        experiment: experiment.clone(),
    };
    let group = Group {
        this: handle.tx.downgrade(),
        codes: members.iter().map(|m| Arc::from(m.code.as_str())).collect(),
        roster: members
            .iter()
            .map(|m| GroupMember {
                participant_id: m.participant_id,
                id_in_group: m.id_in_group,
            })
            .collect(),
        members,
        acks,
        outbound,
        host,
        key,
        experiment,
        instance: None,
        cache: StateCache::default(),
        session_lock,
    };
    tokio::spawn(group.run(rx));
    handle
}

struct Group {
    /// The group's own queue, for its async calls to ask for turns.
    this: mpsc::WeakSender<Request>,
    host: Arc<Inner>,
    key: GroupKey,
    experiment: Arc<Experiment>,
    /// Members' current positions (authoritative: includes moves whose
    /// commit is in flight), by id in group.
    members: Vec<ParticipantRecord>,
    /// Members' codes, by the same index as `members`.
    codes: Vec<Arc<str>>,
    /// Members' applied client message numbers, by the same index.
    acks: Vec<ClientAcks>,
    /// Where the session's async calls may send HTTP requests.
    outbound: Arc<Outbound>,
    roster: Arc<[GroupMember]>,
    instance: Option<(GroupInstance, InstanceShare)>,
    /// Values of the keys only this group writes.
    cache: StateCache,
    /// Taken by calls that touch session state.
    session_lock: SessionLock,
}

impl Group {
    async fn run(mut self, mut rx: mpsc::Receiver<Request>) {
        let idle = self.host.config.limits.idle_instance;
        // One timer for the group, moved only when it fires (to the last
        // request plus the idle time, if that is still ahead): re-arming a
        // timer for every message would cost more than routing the message.
        let idle_timer = tokio::time::sleep(idle);
        tokio::pin!(idle_timer);
        let mut last_request = tokio::time::Instant::now();
        loop {
            let request = if self.instance.is_some() {
                tokio::select! {
                    r = rx.recv() => r,
                    _ = &mut idle_timer => {
                        let idle_since = last_request + idle;
                        if idle_since > tokio::time::Instant::now() {
                            idle_timer.as_mut().reset(idle_since);
                        } else {
                            self.instance = None;
                        }
                        continue;
                    }
                    _ = self.host.instances.pressed() => { self.instance = None; continue; }
                }
            } else {
                rx.recv().await
            };
            let Some(request) = request else { break };
            last_request = tokio::time::Instant::now();
            match request {
                Request::Live {
                    code,
                    page,
                    data,
                    client,
                    reply,
                } => self.live(&code, page, data, client, reply).await,
                Request::Advance { code, form, reply } => self.advance(&code, form, reply).await,
                Request::AdminAdvance { code, reply } => self.admin_advance(&code, reply),
                Request::Turn(request) => self.turn(request).await,
                Request::Position { code, reply } => {
                    let r = self
                        .member_index(&code)
                        .map(|i| Position::of(&self.members[i], &self.experiment.info));
                    let _ = reply.send(r);
                }
            }
        }
    }

    /// The sender of a live message, unless the message (by its client
    /// id) was applied already.
    fn sender_index(
        &self,
        code: &str,
        client: Option<&ClientMessageId>,
    ) -> Result<usize, LiveError> {
        let i = self.member_index(code)?;
        match client {
            Some(id) if self.acks[i].applied(id) => Err(LiveError::AlreadyApplied),
            _ => Ok(i),
        }
    }

    fn member_index(&self, code: &str) -> Result<usize, LiveError> {
        self.members
            .iter()
            .position(|m| m.code == code)
            .ok_or(LiveError::UnknownParticipant)
    }

    /// The group's instance, made on first use (or after it was dropped).
    async fn instance(&mut self) -> Result<&mut GroupInstance, GuestFailure> {
        if self.instance.is_none() {
            let share = self.host.instances.group_share(&self.experiment).await?;
            let instance = self.host.runtime.instantiate(&self.experiment).await?;
            self.instance = Some((instance, share));
        }
        match &mut self.instance {
            Some((instance, _)) => Ok(instance),
            None => Err(GuestFailure::Instantiate("no instance".into())),
        }
    }

    /// A call for `caller`, lent the group's cache (given back by
    /// `Call::finish`; a call dropped early just leaves the cache empty).
    fn new_call(&mut self, caller: &ParticipantRecord, time_ms: u64) -> Call {
        Call::new(
            self.host.store.clone(),
            self.host.config.limits.call.clone(),
            self.key.session.clone(),
            self.key.group_id,
            caller.round,
            self.roster.clone(),
            GroupMember {
                participant_id: caller.participant_id,
                id_in_group: caller.id_in_group,
            },
            time_ms,
            std::mem::take(&mut self.cache),
            self.session_lock.clone(),
        )
    }

    fn player(caller: &ParticipantRecord) -> crate::runtime::GuestPlayer {
        crate::runtime::GuestPlayer {
            id_in_group: caller.id_in_group,
            round: caller.round,
            group_id: caller.group_id,
            participant_id: caller.participant_id,
        }
    }

    /// Ends a call: the group takes its cache back; returns the writes to
    /// submit and the session's lock, if the call took it.
    fn finish(
        &mut self,
        call: Call,
        keep: bool,
    ) -> (Result<Vec<Write>, StoreError>, Option<SessionGuard>) {
        let CallEnd {
            cache,
            writes,
            session_guard,
        } = call.finish(keep);
        self.cache = cache;
        (writes, session_guard)
    }

    /// Drops the instance after a failure or when it has served its calls.
    fn after_call(&mut self, failed: bool) {
        // An instance that grew past its share takes more, or goes.
        let mut outgrown = false;
        if let Some((instance, share)) = &mut self.instance {
            let bytes = instance.linear_memory();
            self.experiment.note_instance_memory(bytes);
            outgrown = !self.host.instances.grow(share, bytes);
        }
        if outgrown {
            self.instance = None;
        }
        let used_up = self
            .instance
            .as_ref()
            .is_some_and(|(i, _)| i.calls() >= self.host.config.limits.calls_per_instance);
        if failed || used_up {
            self.instance = None;
        }
    }

    fn message_record(
        &self,
        kind: MessageKind,
        caller: &ParticipantRecord,
        page: &str,
        data: String,
        time_ms: u64,
    ) -> MessageRecord {
        MessageRecord {
            kind,
            time_ms,
            run_us: 0,
            participant_id: caller.participant_id,
            group_id: caller.group_id,
            round: caller.round,
            page: page.to_string(),
            data,
            replies: Vec::new(),
            error: None,
            segment: 0,
        }
    }

    /// Logs a failed call (its writes dropped) and tells the sender once
    /// the log entry is durable.
    fn fail<E: From<LiveError> + std::fmt::Display + Send + 'static, T: Send + 'static>(
        &self,
        mut record: MessageRecord,
        error: E,
        reply: impl Respond<Result<T, E>>,
        writes: Vec<Write>,
    ) {
        record.error = Some(error.to_string());
        self.submit(writes, record, move |r| {
            reply.respond(match r {
                Ok(()) => Err(error),
                Err(e) => Err(E::from(LiveError::Store(e))),
            });
        });
    }

    fn submit(
        &self,
        mut writes: Vec<Write>,
        record: MessageRecord,
        done: impl FnOnce(Result<(), StoreError>) + Send + 'static,
    ) {
        match self.host.store.next_message_seq(&self.key.session) {
            Ok(seq) => writes.push(Write::Message {
                session: self.key.session.clone(),
                seq,
                record,
            }),
            Err(e) => return done(Err(e)),
        }
        self.host.store.submit(writes, Box::new(done));
    }

    async fn live(
        &mut self,
        code: &str,
        page: Option<String>,
        data: String,
        client: Option<ClientMessageId>,
        reply: LiveReply,
    ) {
        let time_ms = now_ms();
        let i = match self.sender_index(code, client.as_ref()) {
            Ok(i) => i,
            Err(e) => return reply.respond(Err(e)),
        };
        let caller = self.members[i].clone();
        if self.host.is_closed(&self.key.session) {
            // Queued before the session was closed: not applied after.
            return reply.respond(Err(LiveError::SessionClosed));
        }
        if caller.finished {
            return reply.respond(Err(LiveError::Finished));
        }
        let info = &self.experiment.info;
        let Some(current) = info.page(caller.page_index) else {
            return reply.respond(Err(LiveError::Finished));
        };
        let current_name = current.name.clone();
        if let Some(claimed) = page
            && claimed != current_name
        {
            return reply.respond(Err(LiveError::NotOnPage {
                claimed,
                current: current_name,
            }));
        }
        if current.kind != PageKind::Live {
            return reply.respond(Err(LiveError::NotLive(current_name)));
        }
        if self.experiment.is_async() {
            return self.start_async(i, current_name, data, client, reply);
        }
        let call = self.new_call(&caller, time_ms);
        let mut record = self.message_record(
            MessageKind::Live,
            &caller,
            &current_name,
            data.clone(),
            time_ms,
        );
        // From here on the message counts as applied, whatever the outcome:
        // its entry in the message log carries the outcome.
        let ack = self.applied(i, client);
        let started = Instant::now();
        let instance = match self.instance().await {
            Ok(i) => i,
            Err(f) => {
                return self.fail(record, LiveError::Guest(f), reply, ack);
            }
        };
        let (call, outcome) = instance
            .live_method(call, &current_name, Self::player(&caller), &data)
            .await;
        record.run_us = started.elapsed().as_micros() as u64;
        self.after_call(outcome.is_err());
        let outcome = match outcome {
            Err(f) => {
                tracing::warn!(session = %self.key.session, group = self.key.group_id, page = %current_name, error = %f, "live method failed");
                Err(LiveError::Guest(f))
            }
            Ok(Err(text)) => Err(LiveError::Refused(super::error::refusal(
                text,
                &current_name,
            ))),
            Ok(Ok(messages)) => self.expand(&call, messages),
        };
        // `_session` (the session's lock, if the call took it) is held until
        // this function has submitted the writes.
        let (writes, _session) = self.finish(call, outcome.is_ok());
        let (routed, mut writes) = match (outcome, writes) {
            (Ok(d), Ok(w)) => (d, w),
            (Err(e), _) => {
                return self.fail(record, e, reply, ack);
            }
            (Ok(_), Err(e)) => {
                return self.fail(record, LiveError::Store(e), reply, ack);
            }
        };
        writes.extend(ack);
        self.submit_replies(writes, record, routed, reply);
    }

    /// Notes a live message with a client id as applied (its first call or
    /// segment ran); the write that records it, to commit with the call.
    fn applied(&mut self, i: usize, client: Option<ClientMessageId>) -> Vec<Write> {
        client
            .map(|id| Write::ClientAcks {
                code: self.codes[i].clone(),
                acks: self.acks[i].record(&id),
            })
            .into_iter()
            .collect()
    }

    /// Submits a call's writes with its message-log entry; once they are
    /// durable, delivers its replies to the pages and tells the sender.
    fn submit_replies(
        &self,
        writes: Vec<Write>,
        mut record: MessageRecord,
        (deliveries, replies): (Vec<Delivery>, Vec<Reply>),
        reply: impl Respond<Result<Vec<Delivery>, LiveError>>,
    ) {
        record.replies = replies;
        let host = self.host.clone();
        self.submit(writes, record, move |r| {
            // Called in commit order: the pages see the group's messages in
            // the order they were applied.
            if r.is_ok() {
                host.page_views.deliver(&deliveries);
            }
            reply.respond(r.map(|()| deliveries).map_err(LiveError::Store));
        });
    }

    /// Starts an async live method in a task of its own; its segments come
    /// back as turns.
    fn start_async(
        &mut self,
        i: usize,
        page: String,
        data: String,
        client: Option<ClientMessageId>,
        reply: LiveReply,
    ) {
        let Some(group) = self.this.upgrade() else {
            return reply.respond(Err(LiveError::Store(StoreError::Closed)));
        };
        let Ok(permit) = self.host.async_slots.clone().try_acquire_owned() else {
            return reply.respond(Err(LiveError::Busy));
        };
        let call = AsyncCall {
            host: self.host.clone(),
            group,
            experiment: self.experiment.clone(),
            code: self.codes[i].to_string(),
            page,
            player: Self::player(&self.members[i]),
            data,
            client,
            permit,
            outbound: self.outbound.clone(),
            reply,
        };
        tokio::spawn(call.run());
    }

    /// Runs one segment of an async call: lends it a call, waits (serving
    /// nothing else) until the segment ends, then submits its writes and
    /// message-log entry; its messages are delivered once durable.
    async fn turn(&mut self, request: TurnRequest) {
        let TurnRequest {
            code,
            page,
            data,
            segment,
            client,
            grant,
        } = request;
        let time_ms = now_ms();
        let i = match self.sender_index(&code, client.as_ref()) {
            Ok(i) => i,
            Err(e) => return drop(grant.send(Err(e))),
        };
        if self.host.is_closed(&self.key.session) {
            // An async call started before the close runs no more segments.
            return drop(grant.send(Err(LiveError::SessionClosed)));
        }
        let caller = self.members[i].clone();
        let call = self.new_call(&caller, time_ms);
        let (end_tx, end_rx) = oneshot::channel();
        if let Err(Ok(turn)) = grant.send(Ok(Turn { call, end: end_tx })) {
            // The call is gone (its deadline passed while it waited).
            let _ = self.finish(turn.call, false);
            return;
        }
        // A segment runs for at most the call deadline of running time; the
        // margin covers waits for the session lock and a busy machine.
        let limit = self.host.config.limits.call_deadline * 50 + Duration::from_secs(5);
        let (call, messages, mut failure, committed) =
            match tokio::time::timeout(limit, end_rx).await {
                Ok(Ok(end)) => (end.call, end.messages, end.failure, end.committed),
                _ => {
                    let stopped = GuestFailure::Cancelled(
                        "the async call ended in the middle of a segment".into(),
                    );
                    (
                        None,
                        Vec::new(),
                        Some(LiveError::Guest(stopped)),
                        oneshot::channel().0,
                    )
                }
            };
        let mut record = self.message_record(MessageKind::Live, &caller, &page, data, time_ms);
        record.segment = segment;
        // The first segment ran: the message counts as applied.
        let ack = self.applied(i, client);
        let mut routed = None;
        if failure.is_none()
            && let Some(call) = &call
        {
            match self.expand(call, messages) {
                Ok(r) => routed = Some(r),
                Err(e) => failure = Some(e),
            }
        }
        // `_session` (the session's lock, if the segment took it) is held
        // until the writes are submitted.
        let (writes, _session) = match call {
            Some(call) => self.finish(call, failure.is_none()),
            None => (Ok(Vec::new()), None),
        };
        match (failure, writes, routed) {
            (None, Ok(mut writes), Some(routed)) => {
                writes.extend(ack);
                self.submit_replies(writes, record, routed, committed);
            }
            (Some(e), _, _) => self.fail(record, e, committed, ack),
            (None, Err(e), _) => self.fail(record, LiveError::Store(e), committed, ack),
            (None, Ok(_), None) => self.fail(
                record,
                LiveError::Guest(GuestFailure::Cancelled("the segment had no call".into())),
                committed,
                ack,
            ),
        }
    }

    /// Checks the guest's replies and routes them: one delivery per
    /// recipient (`to: 0` is the whole group), and the message log's view of
    /// them (each payload once, with its recipients).
    fn expand(
        &self,
        call: &Call,
        messages: Vec<crate::runtime::GuestMessage>,
    ) -> Result<(Vec<Delivery>, Vec<Reply>), LiveError> {
        if messages.len() > call.limits().max_replies {
            return Err(LiveError::BadReply(format!(
                "the live method returned {} messages, more than the limit of {}",
                messages.len(),
                call.limits().max_replies
            )));
        }
        let max = call.limits().max_reply_bytes;
        let total: usize = messages.iter().map(|m| m.payload.len()).sum();
        if total > max {
            return Err(LiveError::BadReply(format!(
                "the replies total {total} bytes, more than the {max}-byte limit"
            )));
        }
        let mut deliveries = Vec::with_capacity(messages.len());
        let mut replies = Vec::with_capacity(messages.len());
        for m in messages {
            check_json("a reply payload", &m.payload)
                .map_err(|e| LiveError::BadReply(e.to_string()))?;
            // Indices into `members`: everyone, or the one addressed.
            let recipients = if m.to == 0 {
                0..self.members.len()
            } else {
                let i = self.members.iter().position(|p| p.id_in_group == m.to).ok_or_else(|| {
                    LiveError::BadReply(format!(
                        "a reply is addressed to id_in_group {}, but the group has ids 1 to {} (0 = everyone)",
                        m.to,
                        self.members.len()
                    ))
                })?;
                i..i + 1
            };
            let payload: Arc<str> = Arc::from(m.payload.as_str());
            deliveries.extend(recipients.clone().map(|i| Delivery {
                participant_id: self.members[i].participant_id,
                code: self.codes[i].clone(),
                payload: payload.clone(),
            }));
            replies.push(Reply {
                to: recipients.map(|i| self.members[i].participant_id).collect(),
                payload: m.payload,
            });
        }
        Ok((deliveries, replies))
    }

    async fn advance(
        &mut self,
        code: &str,
        form: String,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    ) {
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
        let instance = match self.instance().await {
            Ok(i) => i,
            Err(f) => {
                let e = LiveError::Guest(f);
                return self.fail(record, AdvanceError::Live(e), reply, Vec::new());
            }
        };
        let (call, outcome) = instance
            .before_next(call, &page_name, Self::player(&caller), &form)
            .await;
        record.run_us = started.elapsed().as_micros() as u64;
        self.after_call(outcome.is_err());
        let outcome = match outcome {
            Err(f) => Err(AdvanceError::Live(LiveError::Guest(f))),
            Ok(Err(text)) => Err(AdvanceError::Refused(super::error::refusal(
                text, &page_name,
            ))),
            Ok(Ok(())) => Ok(()),
        };
        // `_session` (the session's lock, if the call took it) is held until
        // this function has submitted the writes.
        let (writes, _session) = self.finish(call, outcome.is_ok());
        let writes = match (outcome, writes) {
            (Ok(()), Ok(w)) => w,
            (Err(e), _) => {
                return self.fail(record, e, reply, Vec::new());
            }
            (Ok(()), Err(e)) => {
                let e = AdvanceError::Live(LiveError::Store(e));
                return self.fail(record, e, reply, Vec::new());
            }
        };
        self.move_on(i, writes, record, reply);
    }

    /// The experimenter moves member `code` past their page without
    /// running before-next (a participant who is stuck). The message log
    /// records it as an `admin` entry.
    fn admin_advance(
        &mut self,
        code: &str,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    ) {
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
        let i = self.member_index(code).map_err(AdvanceError::Live)?;
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
    fn move_on(
        &mut self,
        i: usize,
        mut writes: Vec<Write>,
        record: MessageRecord,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    ) {
        step(&mut self.members[i], &self.experiment.info);
        let moved = self.release_wait_pages(i);
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

    /// After member `i` moved: while every member has reached the earliest
    /// wait page anyone stands on (is on it, or past it: the experimenter
    /// may have moved someone on), move those on it past it. Returns every
    /// member whose position changed (always including `i`).
    fn release_wait_pages(&mut self, i: usize) -> Vec<usize> {
        let mut moved = vec![i];
        let info = &self.experiment.info;
        let on_wait_page = |p: &ParticipantRecord| {
            !p.finished
                && info
                    .page(p.page_index)
                    .is_some_and(|page| page.kind == PageKind::Wait)
        };
        loop {
            let Some(wait) = self
                .members
                .iter()
                .filter(|p| on_wait_page(p))
                .map(|p| (p.round, p.page_index))
                .min()
            else {
                return moved;
            };
            let all_there = self
                .members
                .iter()
                .all(|m| m.finished || (m.round, m.page_index) >= wait);
            if !all_there {
                return moved;
            }
            for j in 0..self.members.len() {
                let m = &mut self.members[j];
                if !m.finished && (m.round, m.page_index) == wait {
                    step(m, info);
                    if !moved.contains(&j) {
                        moved.push(j);
                    }
                }
            }
        }
    }
}

impl From<LiveError> for AdvanceError {
    fn from(e: LiveError) -> Self {
        AdvanceError::Live(e)
    }
}
