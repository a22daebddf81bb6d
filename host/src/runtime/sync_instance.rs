//! An instance of an `experiment`-world component: its live method is
//! sync, so one instance serves its group's calls one after another.

use super::bindings::{
    AdminViews, ArrivalGrouping, Experiment as Bindings, ExperimentIndices, Message, Pages, Player,
    Project, SessionHooks,
};
use super::call::Call;
use super::sandbox::{GuestFailure, Sandbox};

pub struct SyncInstance {
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

super::world_instance::world_instance!(SyncInstance, ExperimentIndices);

impl SyncInstance {
    /// `live-method(page, player, data)`: the guest's replies or its own
    /// refusal text. Returns the call back (with its writes) whatever
    /// happened.
    #[tracing::instrument(level = "debug", name = "live-method", skip_all, fields(page = %page))]
    pub async fn live_method(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        data: &str,
    ) -> (Call, Result<Result<Vec<Message>, String>, GuestFailure>) {
        self.sandbox.start(Some(call));
        let r = self
            .bindings
            .call_live_method(&mut self.sandbox.store, page, player, data)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }
}
