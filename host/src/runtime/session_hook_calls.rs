//! An instance's `session-hooks` export (contract 0.1.4): oTree's
//! `creating_session` and a wait page's `after_all_players_arrive`, and
//! which of them the experiment defines (read at upload). Each call takes
//! a [`Call`] and returns it (with its writes) whatever happened.

use super::call::Call;
use super::page_calls::PageCalls;
use super::sandbox::GuestFailure;
use crate::experiment::WaitPageSettings;

impl PageCalls<'_> {
    /// `session-hooks.describe()`: the apps that define creating_session
    /// and the wait pages' settings; none for an experiment without hooks.
    pub(super) async fn hooks(
        self,
    ) -> Result<Option<(Vec<String>, Vec<WaitPageSettings>)>, super::CompileError> {
        let Some(hooks) = self.hooks else {
            return Ok(None);
        };
        self.sandbox.start(None);
        let h = hooks
            .call_describe(&mut self.sandbox.store)
            .await
            .map_err(|e| super::CompileError::Hooks(self.sandbox.failure(e).to_string()))?;
        Ok(Some(super::world_instance::hooks(h)))
    }

    /// `session-hooks.creating-session(app, round)`: oTree's
    /// creating_session, in a call for the whole round of the app.
    #[tracing::instrument(level = "debug", name = "creating-session", skip_all, fields(app = %app, round))]
    pub async fn creating_session(
        self,
        call: Call,
        app: &str,
        round: u32,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        let Some(hooks) = self.hooks else {
            return (call, Ok(Ok(())));
        };
        self.sandbox.start(Some(call));
        let r = hooks
            .call_creating_session(&mut self.sandbox.store, app, round)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }

    /// `session-hooks.after-all-players-arrive(page, round, group)`: a
    /// wait page's hook, for group `group` (its number within the app) or
    /// the whole round.
    #[tracing::instrument(level = "debug", name = "after-all-players-arrive", skip_all, fields(page = %page, round))]
    pub async fn after_all_players_arrive(
        self,
        call: Call,
        page: &str,
        round: u32,
        group: Option<u32>,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        let Some(hooks) = self.hooks else {
            return (call, Ok(Ok(())));
        };
        self.sandbox.start(Some(call));
        let r = hooks
            .call_after_all_players_arrive(&mut self.sandbox.store, page, round, group)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }
}
