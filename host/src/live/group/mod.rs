//! A running group: one task that owns the group's members' positions and
//! serves the group's requests one at a time, in arrival order. This file
//! holds the task, its queue and its handle; each kind of request has a
//! file of its own:
//!
//! - [`live_call`]: a live message to a sync live method;
//! - [`async_turn`]: an async live method's segments, each a turn;
//! - [`navigation`]: next, the experimenter's advance, wait pages;
//! - [`page_show`]: a page shown: the page methods (is_displayed,
//!   vars_for_template, js_vars), skipping pages not displayed;
//! - [`wait_page`]: a wait page's after_all_players_arrive, before its
//!   players are released;
//! - [`replies`]: what a call returns, checked and routed to recipients;
//! - [`call_end`]: how every call ends: its writes and message-log entry
//!   to the committer, the answer once durable;
//! - [`instance`]: the instance a call runs on, leased from the session's
//!   pool for the call.
//!
//! Each call's writes go to the committer as soon as the guest returns, and
//! the task moves on to the next request while that commit is in flight
//! (later calls read the pending writes). The answer to the sender, with
//! the replies for every recipient, is released by the committer once the
//! commit is durable.

mod async_share;
mod async_turn;
mod call_end;
mod instance;
mod live_call;
mod navigation;
mod page_show;
mod replies;
mod wait_page;

pub(crate) use navigation::Place;
pub(crate) use page_show::Shown;
pub use page_show::ShownView;
pub use replies::Delivery;

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::answer::{LiveReply, Respond};
use super::app_sequence::AppSequence;
use super::client_acks::{ClientAcks, ClientMessageId};
use super::instance_pool::Lease;
use super::position::Position;
use super::{AdvanceError, Advanced, LiveError, Shared};
use crate::runtime::{AppGroups, Experiment, GroupMember, SessionLock, StateCache};
use crate::store::{Allowlist, ParticipantRecord, StoreError};
pub(crate) use async_share::AsyncPlace;
pub(crate) use async_turn::TurnRequest;

/// Identifies a group across the host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct GroupKey {
    pub session: Arc<str>,
    pub group_id: u32,
}

/// What a group is asked to do; answered on the request's own channel.
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
    /// A participant's page timed out (see `page_show`).
    TimeOut {
        code: String,
        deadline: crate::live::TimeoutTrigger,
        form: String,
        reply: oneshot::Sender<Result<Advanced, AdvanceError>>,
    },
    /// A participant's page is shown (its page methods run).
    Show {
        code: String,
        reply: page_show::ShowReply,
    },
    /// An async call asks to run its next segment (see `async_turn`).
    Turn(TurnRequest),
    /// A participant entered this group's app, their move durable (see
    /// `navigation`).
    Arrive { record: ParticipantRecord },
}

/// Where to send a group its requests.
#[derive(Clone)]
pub(crate) struct GroupHandle {
    tx: mpsc::Sender<Request>,
    pub(crate) key: GroupKey,
    pub(crate) experiment: Arc<Experiment>,
}

/// The error for a request whose group has stopped (the host is stopping).
fn stopped() -> LiveError {
    LiveError::Store(StoreError::Closed)
}

impl GroupHandle {
    /// Requests waiting in the group's queue.
    pub(crate) fn queued(&self) -> usize {
        self.tx.max_capacity() - self.tx.capacity()
    }

    /// Tells the group that a participant entered its app.
    pub(crate) fn arrive(&self, record: ParticipantRecord) {
        // A full queue drops nothing durable: the group reads the member
        // from the data file when their page asks (`member_index`).
        let _ = self.send(Request::Arrive { record });
    }

    fn send(&self, r: Request) -> Result<(), LiveError> {
        self.tx.try_send(r).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => LiveError::Busy,
            mpsc::error::TrySendError::Closed(_) => stopped(),
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
            Err(mpsc::error::TrySendError::Closed(r)) => (stopped(), r),
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
        })?;
        rx.await.unwrap_or(Err(AdvanceError::Live(stopped())))
    }

    pub(crate) async fn admin_advance(&self, code: &str) -> Result<Advanced, AdvanceError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::AdminAdvance {
            code: code.to_string(),
            reply,
        })?;
        rx.await.unwrap_or(Err(AdvanceError::Live(stopped())))
    }

    pub(crate) async fn show(&self, code: &str) -> Result<Shown, LiveError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::Show {
            code: code.to_string(),
            reply,
        })?;
        rx.await.unwrap_or(Err(stopped()))
    }

    pub(crate) async fn time_out(
        &self,
        code: &str,
        deadline: crate::live::TimeoutTrigger,
        form: &str,
    ) -> Result<Advanced, AdvanceError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::TimeOut {
            code: code.to_string(),
            deadline,
            form: form.to_string(),
            reply,
        })?;
        rx.await.unwrap_or(Err(AdvanceError::Live(stopped())))
    }

    pub(crate) async fn position(&self, code: &str) -> Result<Position, LiveError> {
        let (reply, rx) = oneshot::channel();
        self.send(Request::Position {
            code: code.to_string(),
            reply,
        })?;
        rx.await.unwrap_or(Err(stopped()))
    }
}

/// Starts a group's task.
#[allow(clippy::too_many_arguments)]
pub(crate) fn start(
    host: Arc<Shared>,
    key: GroupKey,
    experiment: Arc<Experiment>,
    sequence: Arc<AppSequence>,
    app: AppGroups,
    members: Vec<ParticipantRecord>,
    acks: Vec<ClientAcks>,
    session_lock: SessionLock,
    allowlist: Arc<Allowlist>,
) -> GroupHandle {
    let (tx, rx) = mpsc::channel(host.config.group_queue.max(1));
    let handle = GroupHandle {
        tx,
        key: key.clone(),
        experiment: experiment.clone(),
    };
    // The group's number within its app, as the guest sees it (oTree's
    // id_in_subsession).
    let number = app.place(key.group_id).map_or(1, |(n, _)| n);
    let stage = app.index;
    let app = Arc::new(app);
    let group = Group {
        this: handle.tx.downgrade(),
        app,
        pending_arrival: None,
        codes: members.iter().map(|m| Arc::from(m.code.as_str())).collect(),
        // Ids in group are positions (a member's record may still be that
        // of an earlier app, with its own ids).
        roster: members
            .iter()
            .zip(1..)
            .map(|(m, id_in_group)| GroupMember {
                participant_id: m.participant_id,
                id_in_group,
            })
            .collect(),
        stage,
        number,
        sequence,
        members,
        acks,
        allowlist,
        host,
        key,
        experiment,
        instance: None,
        cache: StateCache::default(),
        cache_generation: 0,
        session_lock,
        async_share: Default::default(),
    };
    tokio::spawn(group.run(rx));
    handle
}

/// The group task's state.
struct Group {
    /// The group's own queue, for its async calls to ask for turns.
    this: mpsc::WeakSender<Request>,
    host: Arc<Shared>,
    key: GroupKey,
    experiment: Arc<Experiment>,
    /// The session's apps, and which of them this group plays.
    sequence: Arc<AppSequence>,
    stage: u32,
    /// Its number within its app (and round), as the guest sees it.
    number: u32,
    /// Its app, as its calls see it (`subsession`).
    app: Arc<AppGroups>,
    /// A wait page every member reached whose after_all_players_arrive is
    /// to run (`wait_page`) before the next request is served.
    pending_arrival: Option<navigation::Place>,
    /// Members' current positions (authoritative: includes moves whose
    /// commit is in flight), by id in group. A member still in an earlier
    /// app, or gone on to a later one, is as last known (`stage` tells).
    members: Vec<ParticipantRecord>,
    /// Members' codes, by the same index as `members`.
    codes: Vec<Arc<str>>,
    /// Members' applied client message numbers, by the same index.
    acks: Vec<ClientAcks>,
    /// Where the session's async calls may send HTTP requests.
    allowlist: Arc<Allowlist>,
    roster: Arc<[GroupMember]>,
    /// The instance leased for the call running now (none between calls).
    instance: Option<Lease>,
    /// Values of the keys only this group writes.
    cache: StateCache,
    /// The host's cache generation when `cache` was last emptied.
    cache_generation: u64,
    /// Taken by calls that touch session state.
    session_lock: SessionLock,
    /// The group's async calls in flight, in all and by member.
    async_share: async_share::AsyncShare,
}

impl Group {
    /// Catches up with what the session's wait task changed since the
    /// group last looked: a hook for a whole round may have changed values
    /// the cache holds, and groups formed by arrival change the session's
    /// matrices (the sequence and the app the group's calls see).
    fn catch_up(&mut self) {
        let generation = self
            .host
            .cache_generation
            .load(std::sync::atomic::Ordering::Acquire);
        if generation == self.cache_generation {
            return;
        }
        self.cache = StateCache::default();
        self.cache_generation = generation;
        if let Some(sequence) = self.host.sequence_now(&self.key.session)
            && !Arc::ptr_eq(&sequence, &self.sequence)
        {
            if let Some(app) = sequence.app_groups(self.stage) {
                self.app = Arc::new(app);
            }
            self.sequence = sequence;
        }
    }

    async fn run(mut self, mut rx: mpsc::Receiver<Request>) {
        self.release_arrived();
        loop {
            while let Some(place) = self.pending_arrival.take() {
                self.after_all_players_arrive(place).await;
            }
            let request = rx.recv().await;
            let Some(request) = request else { break };
            self.catch_up();
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
                Request::Arrive { record } => self.arrive(record),
                Request::Show { code, reply } => self.show(&code, reply).await,
                Request::TimeOut {
                    code,
                    deadline,
                    form,
                    reply,
                } => self.time_out(&code, deadline, form, reply).await,
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
        &mut self,
        code: &str,
        client: Option<&ClientMessageId>,
    ) -> Result<usize, LiveError> {
        let i = self.member_index(code)?;
        match client {
            Some(id) if self.acks[i].applied(id) => Err(LiveError::AlreadyApplied),
            _ => Ok(i),
        }
    }

    /// A member playing in this group now. A member whose copy is still
    /// that of an earlier group (an earlier app, or round) is read from the
    /// data file: their arrival here is durable before their page asks
    /// (its announcement, `arrive`, can be lost to a full queue).
    fn member_index(&mut self, code: &str) -> Result<usize, LiveError> {
        let i = self
            .members
            .iter()
            .position(|m| m.code == code)
            .ok_or(LiveError::UnknownParticipant)?;
        if !self.plays(&self.members[i])
            && !self.members[i].finished
            && let Some(record) = self.host.store.participant(code)?
            && record.group_id == self.key.group_id
        {
            self.arrive(record);
        }
        let m = &self.members[i];
        if !self.plays(m) && !m.finished {
            return Err(LiveError::MovedOn);
        }
        Ok(i)
    }

    /// Whether `m` plays in this group now (not in an earlier or a later
    /// one).
    fn plays(&self, m: &ParticipantRecord) -> bool {
        m.group_id == self.key.group_id
    }
}

impl From<LiveError> for AdvanceError {
    fn from(e: LiveError) -> Self {
        AdvanceError::Live(e)
    }
}
