//! A group's instance of its session's experiment, of one of two types by
//! the world the experiment implements: a [`SyncInstance`] runs the group's
//! live calls and presses of next one at a time; an async experiment's
//! group keeps an [`AsyncInstance`] for its presses of next, and each of
//! its async live calls runs in an [`AsyncInstance`] of its own. An
//! instance never serves another group.

use super::async_instance::AsyncInstance;
use super::bindings::{FormErrors, PageView, Player};
use super::call::Call;
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

    /// `pages.files()`, if the experiment exports `pages`.
    pub(super) async fn page_files(
        &mut self,
    ) -> Result<Option<crate::experiment::PageFiles>, GuestFailure> {
        match self {
            GroupInstance::Sync(i) => i.page_files().await,
            GroupInstance::Async(i) => i.page_files().await,
        }
    }

    /// `pages.show(page, player)` in the instance.
    pub async fn show(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
    ) -> (Call, Result<Result<PageView, String>, GuestFailure>) {
        match self {
            GroupInstance::Sync(i) => i.show(call, page, player).await,
            GroupInstance::Async(i) => i.show(call, page, player).await,
        }
    }

    /// `pages.submit(page, player, form)` in the instance.
    pub async fn submit(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), FormErrors>, GuestFailure>) {
        match self {
            GroupInstance::Sync(i) => i.submit(call, page, player, form).await,
            GroupInstance::Async(i) => i.submit(call, page, player, form).await,
        }
    }

    /// `pages.timed-out(page, player, form)` in the instance.
    pub async fn timed_out(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        match self {
            GroupInstance::Sync(i) => i.timed_out(call, page, player, form).await,
            GroupInstance::Async(i) => i.timed_out(call, page, player, form).await,
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
