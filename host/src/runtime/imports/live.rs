//! An async segment's context: the `live` import (`emit`), and how the
//! segments of an async call meet its group ([`Segments`]). At every await
//! of `io` the running segment ends: its call (its writes) and the messages
//! it emitted are handed over, and the next segment starts when the group
//! gives the call its turn again.

use wasmtime::component::HasData;

use super::call::CallContext;
use crate::runtime::bindings::Message;
use crate::runtime::bindings::async_world::livehost::experiment::live;
use crate::runtime::call::{Call, check_json};

/// How an async call's segments meet its group.
pub trait Segments: Send + Sync + 'static {
    /// The segment ended at an await.
    fn end(&self, call: Call, emitted: Vec<Message>);
    /// Waits for the call's next turn in its group; the next segment's
    /// call, or why the call cannot go on.
    fn begin(
        &self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Call, String>> + Send>>;
}

/// An async call's segments: where they go, and what the running one
/// emitted so far.
#[derive(Default)]
pub struct LiveContext {
    /// For an async call: where its segments go.
    pub(crate) segments: Option<std::sync::Arc<dyn Segments>>,
    /// Messages emitted in the current segment.
    pub(crate) emitted: Vec<Message>,
}

impl LiveContext {
    /// Ends the running segment at an await: hands its call and emitted
    /// messages over. Returns where the next segment comes from.
    pub(crate) fn end_segment(
        &mut self,
        call: &mut CallContext,
    ) -> Option<std::sync::Arc<dyn Segments>> {
        let segments = self.segments.clone()?;
        if let Some(c) = call.call.take() {
            segments.end(c, std::mem::take(&mut self.emitted));
        }
        Some(segments)
    }
}

/// `emit` checks its recipient against the call's group, so it sees both
/// contexts.
pub struct LiveView<'a> {
    pub(crate) live: &'a mut LiveContext,
    pub(crate) call: &'a mut CallContext,
}

/// The [`HasData`] of the `live` interface.
pub struct Live;

impl HasData for Live {
    type Data<'a> = LiveView<'a>;
}

impl live::Host for LiveView<'_> {
    #[tracing::instrument(level = "trace", name = "live.emit", skip_all, fields(to = message.to))]
    fn emit(&mut self, message: Message) -> Result<(), String> {
        let call = self.call.call()?;
        let players = call.players();
        if message.to != 0 && !players.iter().any(|p| p.id_in_group == message.to) {
            return Err(format!(
                "emit to id_in_group {}: the group has ids 1 to {} (0 = everyone)",
                message.to,
                players.len()
            ));
        }
        let max = call.limits().max_replies;
        check_json("an emitted payload", &message.payload).map_err(|e| e.to_string())?;
        if self.live.emitted.len() >= max {
            return Err(format!(
                "more than {max} messages emitted in one segment: await between bursts"
            ));
        }
        self.live.emitted.push(message);
        Ok(())
    }
}
