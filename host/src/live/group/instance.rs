//! The group's instance of its experiment: made on first use (taking a
//! share of the host's instance budget), kept between calls, and dropped
//! after a failure (wasmtime will not enter it again), when it outgrows
//! its share, or once it has served its budget of calls. The task also
//! drops it when the group is idle or the budget asks for room (see
//! [`Group::run`](super::Group)).

use super::Group;
use crate::runtime::{GroupInstance, GuestFailure, SyncInstance};

impl Group {
    /// The group's instance, made on first use (or after it was dropped).
    pub(super) async fn instance(&mut self) -> Result<&mut GroupInstance, GuestFailure> {
        if self.instance.is_none() {
            let share = self.host.instances.group_share(&self.experiment).await?;
            let instance = self.host.runtime.instantiate(&self.experiment).await?;
            self.instance = Some((instance, share));
        }
        match &mut self.instance {
            Some((instance, _)) => Ok(instance),
            None => Err(GuestFailure::Instantiate("no instance".into())),
        }
    }

    /// The group's instance of a sync experiment, for a live call (an
    /// async experiment's live calls run in instances of their own).
    pub(super) async fn sync_instance(&mut self) -> Result<&mut SyncInstance, GuestFailure> {
        match self.instance().await? {
            GroupInstance::Sync(instance) => Ok(instance),
            GroupInstance::Async(_) => Err(GuestFailure::Instantiate(
                "an async live method runs in an instance of its own, not the group's".into(),
            )),
        }
    }

    /// After a call: drops the instance if the call failed, if it grew
    /// past the share it could get, or if it has served its calls.
    pub(super) fn after_call(&mut self, failed: bool) {
        let mut outgrown = false;
        if let Some((instance, share)) = &mut self.instance {
            let bytes = instance.linear_memory();
            self.experiment.note_instance_memory(bytes);
            outgrown = !self.host.instances.grow(share, bytes);
        }
        let used_up = self
            .instance
            .as_ref()
            .is_some_and(|(i, _)| i.calls() >= self.host.config.limits.calls_per_instance);
        if failed || outgrown || used_up {
            self.instance = None;
        }
    }
}
