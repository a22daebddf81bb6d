//! An instance's `arrival-grouping` export (contract 0.1.5): the apps with
//! oTree's group_by_arrival_time_method (read at upload), and the call of
//! the rule, for the whole round of its app, with who is waiting. It takes
//! a [`Call`] and returns it (with its writes) whatever happened.

use super::call::Call;
use super::page_calls::PageCalls;
use super::sandbox::GuestFailure;

/// The group a rule forms (participant ids, by id in group), if any.
pub type Group = Option<Vec<u32>>;

impl PageCalls<'_> {
    /// `arrival-grouping.describe()`: the apps with a rule; none for an
    /// experiment without the export.
    pub(super) async fn arrival_rules(self) -> Result<Vec<String>, super::CompileError> {
        let Some(arrival) = self.arrival else {
            return Ok(Vec::new());
        };
        self.sandbox.start(None);
        arrival
            .call_describe(&mut self.sandbox.store)
            .await
            .map_err(|e| super::CompileError::ArrivalGrouping(self.sandbox.failure(e).to_string()))
    }

    /// `arrival-grouping.group-by-arrival-time(app, round, waiting)`: the
    /// group `app`'s rule forms from the participants `waiting`, if any.
    #[tracing::instrument(level = "debug", name = "group-by-arrival-time", skip_all, fields(app = %app, round))]
    pub async fn group_by_arrival_time(
        self,
        call: Call,
        app: &str,
        round: u32,
        waiting: &[u32],
    ) -> (Call, Result<Result<Group, String>, GuestFailure>) {
        let Some(arrival) = self.arrival else {
            return (
                call,
                Ok(Err(format!(
                    "app {app} has no group_by_arrival_time_method"
                ))),
            );
        };
        self.sandbox.start(Some(call));
        let r = arrival
            .call_group_by_arrival_time(&mut self.sandbox.store, app, round, waiting)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }
}
