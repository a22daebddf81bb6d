//! An async live method, seen from its group: the call runs in a task and
//! an instance of its own ([`crate::live::async_call`]), and each of its
//! segments (from its start or an await to the next await or its return)
//! is a turn here: the group lends it a call, serves nothing else until
//! the segment ends, then ends the segment's call like any other
//! ([`Group::end_call`]), its messages delivered once durable.

use std::time::Duration;

use tokio::sync::oneshot;

use super::Group;
use crate::live::LiveError;
use crate::live::answer::{LiveReply, Respond};
use crate::live::async_call::{AsyncCall, Turn};
use crate::live::client_acks::ClientMessageId;
use crate::live::now_ms;
use crate::runtime::GuestFailure;
use crate::store::{MessageKind, StoreError};

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

impl Group {
    /// Starts an async live method in a task of its own; its segments come
    /// back as turns.
    pub(super) fn start_async(
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
        let place = match self
            .async_share
            .take(&self.codes[i], self.host.runtime.limits())
        {
            Ok(place) => place,
            Err(e) => return reply.respond(Err(e)),
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
            player: self.player(&self.members[i]),
            data,
            client,
            permit,
            place,
            allowlist: self.allowlist.clone(),
            reply,
        };
        tokio::spawn(call.run());
    }

    /// Runs one segment of an async call: lends it a call, waits (serving
    /// nothing else) until the segment ends, then submits its writes and
    /// message-log entry; its messages are delivered once durable.
    pub(super) async fn turn(&mut self, request: TurnRequest) {
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
            return self.drop_call(turn.call);
        }
        // A segment runs for at most the call deadline of running time; the
        // margin covers waits for the session lock and a busy machine.
        let limit = self.host.config.limits.call_deadline * 50 + Duration::from_secs(5);
        let (call, messages, failure, committed) = match tokio::time::timeout(limit, end_rx).await {
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
        let Some(call) = call else {
            let e = failure.unwrap_or(LiveError::Guest(GuestFailure::Cancelled(
                "the segment had no call".into(),
            )));
            return self.fail(record, e, committed, ack);
        };
        let outcome = match failure {
            Some(e) => Err(e),
            None => self.route(&call, messages),
        };
        self.end_live_call(call, outcome, record, committed, ack);
    }
}
