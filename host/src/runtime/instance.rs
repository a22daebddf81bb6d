//! A group's instance of its session's experiment, of one of two types by
//! the world the experiment implements: a [`SyncInstance`] runs the group's
//! live calls and presses of next one at a time; an async experiment's
//! group keeps an [`AsyncInstance`] for its presses of next, and each of
//! its async live calls runs in an [`AsyncInstance`] of its own. An
//! instance never serves another group.

use super::async_instance::AsyncInstance;
use super::bindings::Player;
use super::call::Call;
use super::page_calls::PageCalls;
use super::sandbox::GuestFailure;
use super::sync_instance::SyncInstance;
use crate::experiment::ExperimentInfo;

/// A group's instance, of its experiment's world.
pub enum GroupInstance {
    Sync(SyncInstance),
    Async(AsyncInstance),
}

impl GroupInstance {
    /// The bytes of linear memory the instance holds.
    pub fn linear_memory(&self) -> usize {
        match self {
            GroupInstance::Sync(i) => i.linear_memory(),
            GroupInstance::Async(i) => i.linear_memory(),
        }
    }

    /// Calls served so far.
    pub fn calls(&self) -> u64 {
        match self {
            GroupInstance::Sync(i) => i.calls(),
            GroupInstance::Async(i) => i.calls(),
        }
    }

    /// `info()`.
    pub(super) async fn info(&mut self) -> Result<ExperimentInfo, GuestFailure> {
        match self {
            GroupInstance::Sync(i) => i.info().await,
            GroupInstance::Async(i) => i.info().await,
        }
    }

    /// `info()` once, not counted as a call: see
    /// [`super::Runtime::instantiate_ahead`].
    pub(super) async fn warm_up(&mut self) -> Result<(), GuestFailure> {
        match self {
            GroupInstance::Sync(i) => i.warm_up().await,
            GroupInstance::Async(i) => i.warm_up().await,
        }
    }

    /// Its `pages` export (oTree's page methods), with its sandbox.
    pub fn page_calls(&mut self) -> PageCalls<'_> {
        match self {
            GroupInstance::Sync(i) => i.page_calls(),
            GroupInstance::Async(i) => i.page_calls(),
        }
    }

    /// `before-next(page, player, form)` in the instance.
    pub async fn before_next(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        match self {
            GroupInstance::Sync(i) => i.before_next(call, page, player, form).await,
            GroupInstance::Async(i) => i.before_next(call, page, player, form).await,
        }
    }
}
