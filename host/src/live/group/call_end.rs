//! How every call of the group begins and ends. A call borrows the group's
//! state cache; when the guest returns, the call is finished (the cache
//! goes back to the group) and then either
//! - fails: its writes are dropped, its message-log entry records the
//!   error (with the client ack, so a resend is not applied again), and
//!   the sender hears of it once that entry is durable; or
//! - succeeds: its writes, the ack and its message-log entry are
//!   submitted in one commit, and what it produced (replies, page moves)
//!   is released by the commit's completion.
//!
//! [`Group::end_call`] is that one tail, for live calls, async segments and
//! presses of next alike.

use super::Group;
use super::replies::{Routed, route};
use crate::live::answer::Respond;
use crate::live::client_acks::ClientMessageId;
use crate::live::{Delivery, LiveError};
use crate::runtime::{Call, CallEnd, GroupMember, GuestMessage, GuestPlayer};
use crate::store::{MessageKind, MessageRecord, ParticipantRecord, StoreError, Write};

impl Group {
    /// A call for `caller`, lent the group's cache (given back by
    /// [`Group::end_call`]; a call dropped early just leaves the cache
    /// empty).
    pub(super) fn new_call(&mut self, caller: &ParticipantRecord, time_ms: u64) -> Call {
        self.catch_up();
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
        .numbered(self.number)
        .in_app(self.app.clone())
        .drawing_from(&self.host.config.entropy)
    }

    /// The player as the guest sees them.
    /// `caller` as the guest sees them: their group numbered within its
    /// app (oTree's id_in_subsession).
    pub(super) fn player(&self, caller: &ParticipantRecord) -> GuestPlayer {
        GuestPlayer {
            id_in_group: caller.id_in_group,
            round: caller.round,
            group_id: self.number,
            participant_id: caller.participant_id,
        }
    }

    /// The message-log entry of a call by `caller` (outcome filled in as
    /// the call ends).
    pub(super) fn message_record(
        &self,
        kind: MessageKind,
        caller: &ParticipantRecord,
        page: &str,
        data: String,
        time_ms: u64,
    ) -> MessageRecord {
        MessageRecord::new(
            kind,
            time_ms,
            caller.participant_id,
            caller.group_id,
            caller.round,
            page,
            data,
        )
    }

    /// Notes a live message with a client id as applied (its first call or
    /// segment ran); the write that records it, to commit with the call.
    pub(super) fn applied(&mut self, i: usize, client: Option<ClientMessageId>) -> Vec<Write> {
        client
            .map(|id| Write::ClientAcks {
                code: self.codes[i].clone(),
                acks: self.acks[i].record(&id),
            })
            .into_iter()
            .collect()
    }

    /// Checks and routes a call's replies to the group's members.
    pub(super) fn route(
        &self,
        call: &Call,
        messages: Vec<GuestMessage>,
    ) -> Result<Routed, LiveError> {
        route(&self.members, &self.codes, messages, call.limits())
    }

    /// Ends `call` with its `outcome`: the group takes its cache back; on
    /// failure (the outcome's, or the store's while finishing) the call
    /// fails with its writes dropped; on success `then` gets the value, the
    /// writes (with `ack` added), the entry and the reply, to submit them.
    /// The session's lock, if the call took it, is held until `then` has
    /// submitted, so that the next call of the session reads these writes.
    pub(super) fn end_call<T, V, E, R>(
        &mut self,
        call: Call,
        outcome: Result<V, E>,
        record: MessageRecord,
        reply: R,
        ack: Vec<Write>,
        then: impl FnOnce(&mut Self, V, Vec<Write>, MessageRecord, R),
    ) where
        T: Send + 'static,
        E: From<LiveError> + std::fmt::Display + Send + 'static,
        R: Respond<Result<T, E>>,
    {
        let mut record = record;
        record.seed = Some(call.seed());
        let CallEnd {
            cache,
            writes,
            session_guard: _session,
        } = call.finish(outcome.is_ok());
        self.cache = cache;
        match (outcome, writes) {
            (Ok(value), Ok(mut writes)) => {
                writes.extend(ack);
                then(self, value, writes, record, reply);
            }
            (Err(e), _) => self.fail(record, e, reply, ack),
            (Ok(_), Err(e)) => self.fail(record, E::from(LiveError::Store(e)), reply, ack),
        }
    }

    /// Ends a live call or an async segment: [`Group::end_call`], its
    /// replies delivered once durable.
    pub(super) fn end_live_call(
        &mut self,
        call: Call,
        outcome: Result<Routed, LiveError>,
        record: MessageRecord,
        reply: impl Respond<Result<Vec<Delivery>, LiveError>>,
        ack: Vec<Write>,
    ) {
        self.end_call(
            call,
            outcome,
            record,
            reply,
            ack,
            |group, routed, writes, record, reply| {
                group.submit_replies(writes, record, routed, reply)
            },
        );
    }

    /// Ends a call that never ran: the group takes its cache back, and
    /// nothing is written or logged.
    pub(super) fn drop_call(&mut self, call: Call) {
        self.cache = call.finish(false).cache;
    }

    /// Logs a failed call (its writes dropped but `writes`, the client
    /// ack) and tells the sender once the log entry is durable.
    pub(super) fn fail<
        E: From<LiveError> + std::fmt::Display + Send + 'static,
        T: Send + 'static,
    >(
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

    /// Submits a call's writes with its message-log entry; once they are
    /// durable, delivers its replies to the pages and tells the sender.
    pub(super) fn submit_replies(
        &self,
        writes: Vec<Write>,
        mut record: MessageRecord,
        (deliveries, replies): Routed,
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

    /// Submits `writes` and the message-log entry `record` in one commit;
    /// `done` hears whether it is durable.
    pub(super) fn submit(
        &self,
        mut writes: Vec<Write>,
        record: MessageRecord,
        done: impl FnOnce(Result<(), StoreError>) + Send + 'static,
    ) {
        // A replay's next call of this group reads the next recorded call's
        // clock and randomness.
        if record.seed.is_some() {
            self.host
                .config
                .entropy
                .logged(record.group_id, record.round);
        }
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
}
