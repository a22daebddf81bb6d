//! What both instance types ([`super::SyncInstance`],
//! [`super::AsyncInstance`]) do alike, written once: instantiate into a
//! fresh sandbox, report its memory and calls, and call `info` and
//! `before-next`, whose signatures the two worlds share.

use super::bindings::livehost::experiment::types::{
    ExperimentInfo as GuestInfo, PageKind as GuestPageKind,
};
use crate::experiment::{ExperimentInfo, Page, PageKind};

/// The experiment's description as the host keeps it.
pub(super) fn experiment_info(info: GuestInfo) -> ExperimentInfo {
    ExperimentInfo {
        name: info.name,
        players_per_group: info.players_per_group,
        rounds: info.rounds,
        pages: info
            .pages
            .into_iter()
            .map(|p| Page {
                name: p.name,
                body: p.body,
                kind: match p.kind {
                    GuestPageKind::Normal => PageKind::Normal,
                    GuestPageKind::Live => PageKind::Live,
                    GuestPageKind::Wait => PageKind::Wait,
                },
                next_button: p.next_button,
            })
            .collect(),
    }
}

/// What both instance types do alike, for `$pre`, the world's
/// instance-pre: instantiate into a fresh [`Sandbox`](super::sandbox::Sandbox),
/// report its memory and calls, and call `info` and `before-next`.
macro_rules! world_instance {
    ($instance:ident, $pre:ty) => {
        impl $instance {
            pub(super) async fn new(
                engine: &wasmtime::Engine,
                pre: &$pre,
                limits: &super::Limits,
            ) -> Result<$instance, GuestFailure> {
                let mut sandbox = Sandbox::new(engine, limits);
                let bindings = pre
                    .instantiate_async(&mut sandbox.store)
                    .await
                    .map_err(|e| GuestFailure::Instantiate(format!("{e:#}")))?;
                Ok($instance { sandbox, bindings })
            }

            /// The bytes of linear memory the instance holds.
            pub fn linear_memory(&self) -> usize {
                self.sandbox.linear_memory()
            }

            /// Calls served so far.
            pub fn calls(&self) -> u64 {
                self.sandbox.calls()
            }

            /// `info()`.
            pub(super) async fn info(
                &mut self,
            ) -> Result<crate::experiment::ExperimentInfo, GuestFailure> {
                self.sandbox.start(None);
                let info = self.bindings.call_info(&mut self.sandbox.store).await;
                info.map(super::world_instance::experiment_info)
                    .map_err(|e| self.sandbox.failure(e))
            }

            /// `before-next(page, player, form)`: `Ok(Err(text))` is the
            /// guest's refusal (oTree's error_message). Returns the call
            /// back (with its writes) whatever happened.
            #[tracing::instrument(level = "debug", name = "before-next", skip_all, fields(page = %page))]
            pub async fn before_next(
                &mut self,
                call: Call,
                page: &str,
                player: Player,
                form: &str,
            ) -> (Call, Result<Result<(), String>, GuestFailure>) {
                self.sandbox.start(Some(call));
                let r = self
                    .bindings
                    .call_before_next(&mut self.sandbox.store, page, player, form)
                    .await
                    .map_err(|e| self.sandbox.failure(e));
                (self.sandbox.take_call(), r)
            }
        }
    };
}
pub(super) use world_instance;
