//! An instance of an `async-experiment`-world component. Its live method
//! is async: each live message runs in an instance of its own, its
//! segments handed to the group at every await ([`Segments`]). A group
//! keeps one more for its presses of next.

use std::sync::Arc;

use super::bindings::async_world::{AsyncExperiment as Bindings, AsyncExperimentIndices};
use super::bindings::{AdminViews, ArrivalGrouping, Message, Pages, Player, Project, SessionHooks};
use super::call::Call;
use super::imports::Segments;
use super::sandbox::{GuestFailure, Sandbox};
use crate::store::Allowlist;

/// How an async call ended.
pub struct AsyncEnd {
    /// The last segment's call, if one was running.
    pub call: Option<Call>,
    /// Messages the last segment emitted (before its returned ones).
    pub emitted: Vec<Message>,
    pub outcome: Result<Result<Vec<Message>, String>, GuestFailure>,
}

pub struct AsyncInstance {
    sandbox: Sandbox,
    bindings: Bindings,
    /// Its `pages` export, if it has one.
    pages: Option<Pages>,
    /// Its `project` export, if it has one (contract 0.1.3).
    project: Option<Project>,
    /// Its `session-hooks` export, if it has one (contract 0.1.4).
    hooks: Option<SessionHooks>,
    /// Its `admin-views` export, if it has one (contract 0.1.5).
    admin: Option<AdminViews>,
    /// Its `arrival-grouping` export, if it has one (contract 0.1.5).
    arrival: Option<ArrivalGrouping>,
}

super::world_instance::world_instance!(AsyncInstance, AsyncExperimentIndices);

impl AsyncInstance {
    /// The async `live-method` in this instance, which serves only this
    /// call: `first` is the first segment's call; at each await the
    /// segment is handed to `segments`. Returns the last segment's call
    /// (`None` if the call ended while waiting for a turn) with its emitted
    /// messages, and the outcome.
    #[tracing::instrument(level = "debug", name = "async live-method", skip_all, fields(page = %page))]
    pub async fn live_method(
        mut self,
        first: Call,
        segments: Arc<dyn Segments>,
        allowlist: Arc<Allowlist>,
        page: &str,
        player: Player,
        data: &str,
    ) -> AsyncEnd {
        self.sandbox.start(Some(first));
        let state = self.sandbox.store.data_mut();
        state.live.segments = Some(segments);
        state.io.allowlist = allowlist;
        let bindings = &self.bindings;
        let (page, data) = (page.to_string(), data.to_string());
        let r = self
            .sandbox
            .store
            .run_concurrent(async move |acc| {
                bindings.call_live_method(acc, page, player, data).await
            })
            .await;
        let outcome = match r {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) | Err(e) => Err(self.sandbox.failure(e)),
        };
        let state = self.sandbox.store.data_mut();
        let outcome = match (outcome, state.call.cancelled.take()) {
            (Err(_), Some(why)) => Err(GuestFailure::Cancelled(why)),
            (o, _) => o,
        };
        AsyncEnd {
            call: state.call.call.take(),
            emitted: std::mem::take(&mut state.live.emitted),
            outcome,
        }
    }
}
