//! An async live method in flight: its own instance, run in a task of its
//! own, its segments taking turns with the group's other calls.
//!
//! The call's task asks its group for a turn ([`Request::Turn`]); the group
//! lends it a [`Call`] (the group's cache, its members) and waits, serving
//! nothing else, until the segment ends at an await of `io` or at the
//! return. The group then submits the segment's writes and message-log
//! entry, and delivers its messages once they are durable, while this task
//! sleeps; after the sleep it asks for its next turn, behind whatever the
//! group received meanwhile. So a segment runs alone in its group, and a
//! waiting call never blocks the group.

use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};

use super::answer::{LiveReply, Respond};
use super::client_acks::ClientMessageId;
use super::group::{Delivery, Request, TurnRequest};
use super::{LiveError, Shared, lock};
use crate::runtime::{Call, Experiment, GuestFailure, GuestMessage, GuestPlayer, Segments};
use crate::store::StoreError;

/// Where a segment's commit outcome (its deliveries) is reported.
type Committed = oneshot::Receiver<Result<Vec<Delivery>, LiveError>>;

/// How a segment ended, as the group is told.
pub(crate) struct SegmentEnd {
    /// The segment's call; `None` if the call was dropped mid-segment.
    pub call: Option<Call>,
    /// Messages emitted in the segment, then those returned (last segment).
    pub messages: Vec<GuestMessage>,
    /// Why the segment's writes must be dropped, if so.
    pub failure: Option<LiveError>,
    /// Told the segment's deliveries once committed (or why not).
    pub committed: oneshot::Sender<Result<Vec<Delivery>, LiveError>>,
}

/// What the group gives a call for one segment.
pub(crate) struct Turn {
    pub call: Call,
    pub end: oneshot::Sender<SegmentEnd>,
}

struct LinkInner {
    group: mpsc::Sender<Request>,
    code: String,
    page: String,
    data: String,
    /// Turns taken so far.
    segments: std::sync::atomic::AtomicU32,
    /// Where the running segment's end goes.
    end: Mutex<Option<oneshot::Sender<SegmentEnd>>>,
    /// Each segment's commit outcome, in order.
    committed: Mutex<Vec<Committed>>,
}

/// The link between the guest's awaits and the group ([`Segments`]).
#[derive(Clone)]
struct Link(Arc<LinkInner>);

impl Link {
    fn send_end(
        &self,
        call: Option<Call>,
        messages: Vec<GuestMessage>,
        failure: Option<LiveError>,
    ) {
        let Some(end) = lock(&self.0.end).take() else {
            return;
        };
        let (committed, rx) = oneshot::channel();
        lock(&self.0.committed).push(rx);
        let _ = end.send(SegmentEnd {
            call,
            messages,
            failure,
            committed,
        });
    }

    /// Waits for a turn in the group; keeps the segment's end sender.
    async fn turn(&self, client: Option<ClientMessageId>) -> Result<Call, LiveError> {
        let (grant, granted) = oneshot::channel();
        let segment = self
            .0
            .segments
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        self.0
            .group
            .send(Request::Turn(TurnRequest {
                code: self.0.code.clone(),
                page: self.0.page.clone(),
                data: self.0.data.clone(),
                segment,
                client,
                grant,
            }))
            .await
            .map_err(|_| LiveError::Store(StoreError::Closed))?;
        let turn = granted
            .await
            .unwrap_or(Err(LiveError::Store(StoreError::Closed)))?;
        *lock(&self.0.end) = Some(turn.end);
        Ok(turn.call)
    }
}

impl Segments for Link {
    fn end(&self, call: Call, emitted: Vec<GuestMessage>) {
        self.send_end(Some(call), emitted, None);
    }

    fn begin(
        &self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Call, String>> + Send>> {
        let link = self.clone();
        Box::pin(async move { link.turn(None).await.map_err(|e| e.to_string()) })
    }
}

/// Everything an async call needs, taken from the group when it starts.
pub(crate) struct AsyncCall {
    pub host: Arc<Shared>,
    pub group: mpsc::Sender<Request>,
    pub experiment: Arc<Experiment>,
    pub code: String,
    pub page: String,
    pub player: GuestPlayer,
    pub data: String,
    pub client: Option<ClientMessageId>,
    pub permit: OwnedSemaphorePermit,
    /// Its place in its group's share of the async calls.
    pub place: super::group::AsyncPlace,
    pub allowlist: Arc<crate::store::Allowlist>,
    pub reply: LiveReply,
}

impl AsyncCall {
    /// Runs the call to its end and tells the sender: every segment's
    /// replies, or the first error.
    pub(crate) async fn run(self) {
        let AsyncCall {
            host,
            group,
            experiment,
            code,
            page,
            player,
            data,
            client,
            permit,
            place,
            allowlist,
            reply,
        } = self;
        let _permit = (permit, place);
        let _share = match host.instances.call_share(&experiment).await {
            Ok(m) => m,
            Err(f) => return reply.respond(Err(LiveError::Guest(f))),
        };
        let instance = match host.runtime.instantiate_async_call(&experiment).await {
            Some(Ok(i)) => i,
            Some(Err(f)) => return reply.respond(Err(LiveError::Guest(f))),
            None => {
                let why = "this experiment's live method is not async".to_string();
                return reply.respond(Err(LiveError::Guest(GuestFailure::Instantiate(why))));
            }
        };
        let link = Link(Arc::new(LinkInner {
            group,
            code,
            page: page.clone(),
            data: data.clone(),
            segments: std::sync::atomic::AtomicU32::new(0),
            end: Mutex::new(None),
            committed: Mutex::new(Vec::new()),
        }));
        // The first turn also records the client id: from then on the
        // message counts as applied.
        let first = match link.turn(client).await {
            Ok(call) => call,
            Err(e) => return reply.respond(Err(e)),
        };
        let deadline = host.config.limits.async_call_deadline;
        let run = instance.live_method(
            first,
            Arc::new(link.clone()),
            allowlist,
            &page,
            player,
            &data,
        );
        let ended = tokio::time::timeout(deadline, run).await;
        let (call, messages, failure) = match ended {
            // Dropped mid-call: the running segment (if any) learns it from
            // its end sender being dropped with the store.
            Err(_) => (
                None,
                Vec::new(),
                Some(LiveError::Guest(GuestFailure::Timeout(deadline))),
            ),
            Ok(end) => {
                let mut messages = end.emitted;
                let failure = match end.outcome {
                    Ok(Ok(returned)) => {
                        messages.extend(returned);
                        None
                    }
                    Ok(Err(text)) => Some(LiveError::Refused(super::error::refusal(text, &page))),
                    Err(f) => Some(LiveError::Guest(f)),
                };
                (end.call, messages, failure)
            }
        };
        // Ends the running segment, if any (after the deadline: with no
        // call, so the group drops its writes and logs the reason).
        link.send_end(call, messages, failure.clone());
        let committed = std::mem::take(&mut *lock(&link.0.committed));
        let mut deliveries = Vec::new();
        let mut first_error = None;
        for rx in committed {
            match rx
                .await
                .unwrap_or(Err(LiveError::Store(StoreError::Closed)))
            {
                Ok(d) => deliveries.extend(d),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let outcome = match (failure, first_error) {
            (Some(e), _) | (None, Some(e)) => Err(e),
            (None, None) => Ok(deliveries),
        };
        reply.respond(outcome);
    }
}
