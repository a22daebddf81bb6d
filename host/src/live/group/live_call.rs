//! A live message to a sync live method: checked against where its sender
//! is (the session open, the page theirs and live), run in the group's
//! instance, and ended by [`Group::end_call`]: its replies leave once its
//! writes are durable. A message to an async live method starts an async
//! call instead ([`super::async_turn`]).

use std::time::Instant;

use super::Group;
use crate::experiment::PageKind;
use crate::live::answer::{LiveReply, Respond};
use crate::live::client_acks::ClientMessageId;
use crate::live::{LiveError, now_ms};
use crate::store::MessageKind;

impl Group {
    pub(super) async fn live(
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
        let player = self.player(&caller);
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
        let instance = match self.sync_instance().await {
            Ok(i) => i,
            Err(f) => {
                return self.fail(record, LiveError::Guest(f), reply, ack);
            }
        };
        let (call, outcome) = instance
            .live_method(call, &current_name, player, &data)
            .await;
        let took = started.elapsed();
        record.run_us = took.as_micros() as u64;
        self.host.metrics.guest_call(&self.key.session, took);
        self.after_call(outcome.is_err());
        let outcome = match outcome {
            Err(f) => {
                tracing::warn!(session = %self.key.session, group = self.key.group_id, page = %current_name, error = %f, "live method failed");
                Err(LiveError::Guest(f))
            }
            Ok(Err(text)) => Err(LiveError::Refused(crate::live::error::refusal(
                text,
                &current_name,
            ))),
            Ok(Ok(messages)) => self.route(&call, messages),
        };
        self.end_live_call(call, outcome, record, reply, ack);
    }
}
