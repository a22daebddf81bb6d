//! Who may hold a live instance: every group instance takes a slot
//! (`Limits::max_instances`, the pool's size) and every instance, a
//! group's or an async call's own, takes its linear memory in MiB out of
//! `Limits::instance_memory`. At either cap, the group that has been idle
//! longest gives its instance up (it gets a fresh one at its next
//! message); a group waits at most 10 s for room.
//!
//! An instance's share is sized from what its experiment's instances
//! held most recently, and topped up after each call if the instance grew
//! (wasm memories never shrink); an instance that cannot get the extra is
//! dropped, so the budget holds for the instances live at any time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, TryAcquireError};
use tokio::time::Instant;

use crate::runtime::{Experiment, GuestFailure, Limits};

/// The live instances' slots and memory.
pub(crate) struct InstanceBudget {
    slots: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    memory_mib: u32,
    /// Idle groups with an instance wait on this; a group waiting for room
    /// wakes the one waiting longest.
    pressure: Notify,
    /// Groups and calls waiting for room now. A group woken by a stale
    /// notification (stored while no group was idle) keeps its instance
    /// when nobody waits any more.
    waiting: AtomicUsize,
    /// Shares held now: instances live (or being made).
    live: Arc<AtomicUsize>,
}

/// One instance's share of the budget, given back when it is dropped.
pub(crate) struct InstanceShare {
    _slot: Option<OwnedSemaphorePermit>,
    memory: OwnedSemaphorePermit,
    live: Arc<AtomicUsize>,
}

impl Drop for InstanceShare {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Which cap a wait is at, for the error when it times out.
#[derive(Clone, Copy)]
enum Cap {
    Slots,
    Memory,
}

fn mib(bytes: usize) -> usize {
    bytes.div_ceil(1 << 20).max(1)
}

impl InstanceBudget {
    pub(crate) fn new(limits: &Limits) -> InstanceBudget {
        let memory_mib = u32::try_from(mib(limits.instance_memory)).unwrap_or(u32::MAX);
        InstanceBudget {
            slots: Arc::new(Semaphore::new(limits.max_instances.max(1) as usize)),
            memory: Arc::new(Semaphore::new(memory_mib as usize)),
            memory_mib,
            pressure: Notify::new(),
            waiting: AtomicUsize::new(0),
            live: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Instances live now.
    pub(crate) fn live(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// A group instance's share: a slot and the memory one instance of
    /// `experiment` holds.
    pub(crate) async fn group_share(
        &self,
        experiment: &Experiment,
    ) -> Result<InstanceShare, GuestFailure> {
        let give_up = Instant::now() + Duration::from_secs(10);
        let slot = self.take(&self.slots, 1, give_up, Cap::Slots).await?;
        let memory = self.take(&self.memory, self.mib_of(experiment), give_up, Cap::Memory);
        Ok(self.share(Some(slot), memory.await?))
    }

    /// An async call's own instance's share: memory only (its engine
    /// allocates on demand, without slots).
    pub(crate) async fn call_share(
        &self,
        experiment: &Experiment,
    ) -> Result<InstanceShare, GuestFailure> {
        let give_up = Instant::now() + Duration::from_secs(10);
        let memory = self.take(&self.memory, self.mib_of(experiment), give_up, Cap::Memory);
        Ok(self.share(None, memory.await?))
    }

    /// Tops `share` up to `bytes` of linear memory; false if the budget has
    /// no room for the growth (the instance should then be dropped).
    pub(crate) fn grow(&self, share: &mut InstanceShare, bytes: usize) -> bool {
        let held = share.memory.num_permits();
        let needed = mib(bytes);
        if needed <= held {
            return true;
        }
        if needed > self.memory_mib as usize {
            return false;
        }
        let extra = u32::try_from(needed - held).unwrap_or(u32::MAX);
        match self.memory.clone().try_acquire_many_owned(extra) {
            Ok(more) => {
                share.memory.merge(more);
                true
            }
            Err(_) => false,
        }
    }

    /// Resolves when an idle group holding an instance should give it up.
    pub(crate) async fn pressed(&self) {
        loop {
            self.pressure.notified().await;
            if self.waiting.load(Ordering::Relaxed) > 0 {
                return;
            }
        }
    }

    fn mib_of(&self, experiment: &Experiment) -> u32 {
        let wanted = mib(experiment.instance_memory()).min(self.memory_mib as usize);
        u32::try_from(wanted).unwrap_or(u32::MAX)
    }

    fn share(
        &self,
        slot: Option<OwnedSemaphorePermit>,
        memory: OwnedSemaphorePermit,
    ) -> InstanceShare {
        self.live.fetch_add(1, Ordering::Relaxed);
        InstanceShare {
            _slot: slot,
            memory,
            live: self.live.clone(),
        }
    }

    /// `n` permits of `semaphore`; while there are not enough, the
    /// longest-idle group is asked to give its instance up, one more every
    /// 20 ms (instances of different experiments differ in size).
    async fn take(
        &self,
        semaphore: &Arc<Semaphore>,
        n: u32,
        give_up: Instant,
        cap: Cap,
    ) -> Result<OwnedSemaphorePermit, GuestFailure> {
        let closed = || GuestFailure::Instantiate("the host is shutting down".into());
        match semaphore.clone().try_acquire_many_owned(n) {
            Ok(permit) => return Ok(permit),
            Err(TryAcquireError::Closed) => return Err(closed()),
            Err(TryAcquireError::NoPermits) => {}
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&self.waiting);
        // Waiting in the semaphore's queue keeps this group's place.
        let acquire = semaphore.clone().acquire_many_owned(n);
        tokio::pin!(acquire);
        loop {
            self.pressure.notify_one();
            match tokio::time::timeout(Duration::from_millis(20), &mut acquire).await {
                Ok(Ok(permit)) => return Ok(permit),
                Ok(Err(_)) => return Err(closed()),
                Err(_) if Instant::now() >= give_up => {
                    return Err(GuestFailure::Instantiate(match cap {
                        Cap::Slots => {
                            "every live-instance slot is taken (serve's limit of live instances); try again shortly".into()
                        }
                        Cap::Memory => format!(
                            "the live instances' memory budget ({} MiB) is in use; try again shortly, or raise livehost serve --instance-memory-mib",
                            self.memory_mib
                        ),
                    }));
                }
                Err(_) => {}
            }
        }
    }
}

/// Counts a wait for room while it lasts.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
