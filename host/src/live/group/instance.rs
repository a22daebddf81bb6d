//! The instance a group's call runs on: leased from its session's pool
//! when the call starts and given back when it ends (see
//! [`InstancePool`](crate::live::instance_pool)); between calls the group
//! holds none.

use super::Group;
use crate::runtime::{GroupInstance, GuestFailure, SyncInstance};

impl Group {
    /// The instance for the call about to run: leased from the session's
    /// pool unless the group holds one already.
    pub(super) async fn instance(&mut self) -> Result<&mut GroupInstance, GuestFailure> {
        if self.instance.is_none() {
            let lease = self.host.lease(&self.key.session, &self.experiment).await?;
            self.instance = Some(lease);
        }
        match &mut self.instance {
            Some(lease) => Ok(&mut lease.instance),
            None => Err(GuestFailure::Instantiate("no instance".into())),
        }
    }

    /// The instance for a sync experiment's live call (an async
    /// experiment's live calls run in instances of their own).
    pub(super) async fn sync_instance(&mut self) -> Result<&mut SyncInstance, GuestFailure> {
        match self.instance().await? {
            GroupInstance::Sync(instance) => Ok(instance),
            GroupInstance::Async(_) => Err(GuestFailure::Instantiate(
                "an async live method runs in an instance of its own, not the group's".into(),
            )),
        }
    }

    /// After a call: gives the instance back to the session's pool, which
    /// drops it if the call failed (wasmtime will not enter it again).
    pub(super) fn after_call(&mut self, failed: bool) {
        if let Some(lease) = self.instance.take() {
            self.host
                .give_back(&self.key.session, &self.experiment, lease, failed);
        }
    }
}
