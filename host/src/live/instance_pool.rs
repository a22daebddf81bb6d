//! The host's live instances: each session has a pool of idle instances
//! of its experiment, and a call (a group's live message, page method or
//! hook; a session's own hook or grouping rule) takes one, any group's,
//! and gives it back when it returns. A group holds no instance while it
//! is idle, so the instances live follow the calls in flight, not the
//! number of groups. Instances are never shared between sessions: a pool
//! is a session's, and an instance carries only its experiment's code and
//! whatever the guest left in its memory, which the contract says is not
//! state.
//!
//! Budget: every instance, idle or in use, holds a share, a slot
//! (`Limits::max_instances`) and its linear memory in MiB out of
//! `Limits::instance_memory` (an async call's own instance takes memory
//! only). At either cap the idle instance unused longest, of any session,
//! is dropped to make room; with none idle, a call waits at most 10 s for
//! one in use to come back.
//!
//! An instance's share is sized from what its experiment's instances held
//! most recently, and topped up after each call if the instance grew (wasm
//! memories never shrink); an instance that cannot get the extra is
//! dropped, so the budget holds for the instances live at any time. An
//! instance is also dropped after a failed call (wasmtime will not enter
//! it again), after `Limits::calls_per_instance` calls, after
//! `Limits::idle_instance` unused, and past the pool's size: twice the
//! host's cores, since sync calls run at most one per core at a time.
//! That is also how many of a session's group calls run at once: the next
//! waits for its turn (at most 10 s) instead of having an instance made.
//!
//! Ready ahead: when a call takes a session's last idle instance and
//! another group call could still take its turn, one more is made in the
//! background (if the budget has room without dropping anything) and
//! warmed up with a call of `info()`, so that the next call
//! that finds the others busy need not wait for one to be made, nor pay
//! the most of a fresh instance's first call (see
//! [`crate::runtime::Runtime::instantiate_ahead`]).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};
use tokio::time::Instant;

use super::livehost::Shared;
use crate::runtime::{Experiment, GroupInstance, GuestFailure, Limits};

/// An instance taken from a session's pool for a call, with its share.
pub(crate) struct Lease {
    pub(crate) instance: GroupInstance,
    share: InstanceShare,
    /// The group call's turn among the session's (none for the session's
    /// own calls), given back with the instance.
    turn: Option<OwnedSemaphorePermit>,
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

/// An instance waiting in its session's pool.
struct Idle {
    lease: Lease,
    /// The experiment it is an instance of.
    experiment: Arc<Experiment>,
    since: Instant,
}

/// A session's idle instances: the most recently used at the back (taken
/// first: its pages are warm), instances made ahead at the front.
struct SessionPool {
    idle: VecDeque<Idle>,
    /// An instance is being made ahead for this session.
    readying: bool,
    /// Turns of the session's group calls: as many as a pool keeps
    /// instances. A group call waits for one rather than have an instance
    /// made while the session's others are all busy: calls run on the
    /// cores, so more instances would not serve more calls, and making
    /// them (2 ms each for Python) under load made more calls wait, which
    /// made more instances.
    turns: Arc<Semaphore>,
}

impl SessionPool {
    fn new(size: usize) -> SessionPool {
        SessionPool {
            idle: VecDeque::new(),
            readying: false,
            turns: Arc::new(Semaphore::new(size)),
        }
    }

    /// Whether none of its instances is idle, running or being made.
    fn unused(&self, size: usize) -> bool {
        self.idle.is_empty() && !self.readying && self.turns.available_permits() == size
    }
}

type Pools = Mutex<HashMap<Arc<str>, SessionPool>>;

/// The sessions' pools and the budget their instances share.
pub(crate) struct InstancePool {
    slots: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    memory_mib: u32,
    /// Shares held now: instances live (idle, in use, or being made).
    live: Arc<AtomicUsize>,
    /// Shares given out since the start: instances made.
    made: AtomicU64,
    pools: Arc<Pools>,
    /// Idle instances a session keeps at most.
    per_session: usize,
    idle_for: Duration,
    calls_per_instance: u64,
    /// Whether the task that drops instances idle too long runs.
    sweeping: AtomicBool,
    /// Calls waiting for room now: an instance given back meanwhile is
    /// dropped instead of kept idle, so its room goes to them.
    waiting: AtomicUsize,
}

/// Which cap a wait is at, for the error when it times out.
#[derive(Clone, Copy)]
enum Cap {
    Slots,
    Memory,
}

/// How long a group call waits for its turn on the session's instances.
const TURN_WAIT: Duration = Duration::from_secs(10);

fn mib(bytes: usize) -> usize {
    bytes.div_ceil(1 << 20).max(1)
}

fn lock(pools: &Pools) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, SessionPool>> {
    pools.lock().unwrap_or_else(|p| p.into_inner())
}

impl InstancePool {
    pub(crate) fn new(limits: &Limits) -> InstancePool {
        let memory_mib = u32::try_from(mib(limits.instance_memory)).unwrap_or(u32::MAX);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        InstancePool {
            slots: Arc::new(Semaphore::new(limits.max_instances.max(1) as usize)),
            memory: Arc::new(Semaphore::new(memory_mib as usize)),
            memory_mib,
            live: Arc::new(AtomicUsize::new(0)),
            made: AtomicU64::new(0),
            pools: Arc::default(),
            per_session: 2 * cores.max(1),
            idle_for: limits.idle_instance,
            calls_per_instance: limits.calls_per_instance,
            sweeping: AtomicBool::new(false),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Instances live now (idle, in use, or being made).
    pub(crate) fn live(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// Instances made since the start (each one's share given out).
    pub(crate) fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }

    /// An idle instance of `experiment` from `session`'s pool, and whether
    /// the pool is now out of them with none being made ahead and a turn
    /// free for a group call that could use one (the caller should make
    /// one ahead: see [`Shared::session_lease`]). With every turn taken, a
    /// group call waits for an instance to come back, so one made then
    /// would only be dropped as one too many when they all come back.
    fn take_idle(&self, session: &Arc<str>, experiment: &Arc<Experiment>) -> (Option<Lease>, bool) {
        let mut stale = Vec::new();
        let mut pools = lock(&self.pools);
        let pool = self.pool_of(&mut pools, session);
        let mut found = None;
        while let Some(idle) = pool.idle.pop_back() {
            if Arc::ptr_eq(&idle.experiment, experiment) || idle.experiment.sha == experiment.sha {
                found = Some(idle.lease);
                break;
            }
            stale.push(idle);
        }
        let ready_ahead =
            pool.idle.is_empty() && !pool.readying && pool.turns.available_permits() > 0;
        if ready_ahead {
            pool.readying = true;
        }
        drop(pools);
        // Dropped outside the lock: a store's teardown resets its memory.
        drop(stale);
        (found, ready_ahead)
    }

    /// Gives an instance back to `session`'s pool after a call, unless the
    /// call failed, the instance outgrew the share it could get, or it has
    /// served its calls; a full pool drops the one idle longest.
    fn give_back(
        &self,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
        mut lease: Lease,
        failed: bool,
    ) {
        lease.turn = None;
        let bytes = lease.instance.linear_memory();
        experiment.note_instance_memory(bytes);
        let outgrown = !self.grow(&mut lease.share, bytes);
        let used_up = lease.instance.calls() >= self.calls_per_instance;
        if failed || outgrown || used_up || self.waiting.load(Ordering::Relaxed) > 0 {
            return;
        }
        let idle = Idle {
            lease,
            experiment: experiment.clone(),
            since: Instant::now(),
        };
        let over = {
            let mut pools = lock(&self.pools);
            let pool = self.pool_of(&mut pools, session);
            pool.idle.push_back(idle);
            (pool.idle.len() > self.per_session).then(|| oldest(&mut pool.idle))
        };
        drop(over);
    }

    /// Puts an instance made ahead into `session`'s pool, taken after the
    /// instances that served calls.
    fn add_ready(&self, session: &Arc<str>, experiment: &Arc<Experiment>, lease: Option<Lease>) {
        let mut pools = lock(&self.pools);
        let pool = self.pool_of(&mut pools, session);
        pool.readying = false;
        let wanted =
            pool.idle.len() < self.per_session && self.waiting.load(Ordering::Relaxed) == 0;
        let Some(lease) = lease else { return };
        if !wanted {
            // Dropped outside the lock: a store's teardown resets memory.
            drop(pools);
            return drop(lease);
        }
        pool.idle.push_front(Idle {
            lease,
            experiment: experiment.clone(),
            since: Instant::now(),
        });
    }

    /// `session`'s pool in `pools`, made if it has none.
    fn pool_of<'a>(
        &self,
        pools: &'a mut HashMap<Arc<str>, SessionPool>,
        session: &Arc<str>,
    ) -> &'a mut SessionPool {
        pools
            .entry(session.clone())
            .or_insert_with(|| SessionPool::new(self.per_session))
    }

    /// The turns of `session`'s group calls.
    fn turns(&self, session: &Arc<str>) -> Arc<Semaphore> {
        let mut pools = lock(&self.pools);
        let pool = self.pool_of(&mut pools, session);
        pool.turns.clone()
    }

    /// Drops `session`'s idle instances (it was closed or is gone).
    pub(crate) fn forget(&self, session: &str) {
        let gone = lock(&self.pools).remove(session);
        drop(gone);
    }

    /// Drops the instance idle longest, of any session; false if none is.
    fn drop_oldest_idle(&self) -> bool {
        let evicted = {
            let mut pools = lock(&self.pools);
            let pool = pools
                .values_mut()
                .filter_map(|p| p.idle.iter().map(|i| i.since).min().map(|t| (t, p)))
                .min_by_key(|(t, _)| *t)
                .map(|(_, p)| p);
            pool.and_then(|p| oldest(&mut p.idle))
        };
        evicted.is_some()
    }

    /// Drops the instances idle longer than `Limits::idle_instance`.
    fn sweep(pools: &Pools, idle_for: Duration, size: usize) {
        let mut expired = Vec::new();
        {
            let mut pools = lock(pools);
            for pool in pools.values_mut() {
                let (keep, old): (VecDeque<Idle>, VecDeque<Idle>) = pool
                    .idle
                    .drain(..)
                    .partition(|i| i.since.elapsed() < idle_for);
                pool.idle = keep;
                expired.extend(old);
            }
            pools.retain(|_, p| !p.unused(size));
        }
        drop(expired);
    }

    /// Starts, once, the task that drops instances idle too long; it ends
    /// with the host.
    fn start_sweeping(&self) {
        if self.sweeping.swap(true, Ordering::Relaxed) {
            return;
        }
        let pools: Weak<Pools> = Arc::downgrade(&self.pools);
        let (idle_for, size) = (self.idle_for, self.per_session);
        let every = (idle_for / 2).clamp(Duration::from_millis(10), Duration::from_secs(30));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(pools) = pools.upgrade() else { return };
                InstancePool::sweep(&pools, idle_for, size);
            }
        });
    }

    /// A new instance's share: a slot and the memory one instance of
    /// `experiment` holds. At a cap, idle instances are dropped for room.
    async fn share(&self, experiment: &Experiment) -> Result<InstanceShare, GuestFailure> {
        let give_up = Instant::now() + Duration::from_secs(10);
        let slot = self.take(&self.slots, 1, give_up, Cap::Slots).await?;
        let memory = self.take(&self.memory, self.mib_of(experiment), give_up, Cap::Memory);
        Ok(self.hold(Some(slot), memory.await?))
    }

    /// A share for an instance made ahead: only if there is room now.
    fn spare_share(&self, experiment: &Experiment) -> Option<InstanceShare> {
        let slot = self.slots.clone().try_acquire_owned().ok()?;
        let memory = self
            .memory
            .clone()
            .try_acquire_many_owned(self.mib_of(experiment))
            .ok()?;
        Some(self.hold(Some(slot), memory))
    }

    /// An async call's own instance's share: memory only (its engine
    /// allocates on demand, without slots).
    pub(crate) async fn call_share(
        &self,
        experiment: &Experiment,
    ) -> Result<InstanceShare, GuestFailure> {
        let give_up = Instant::now() + Duration::from_secs(10);
        let memory = self.take(&self.memory, self.mib_of(experiment), give_up, Cap::Memory);
        Ok(self.hold(None, memory.await?))
    }

    /// Tops `share` up to `bytes` of linear memory; false if the budget has
    /// no room for the growth (the instance should then be dropped).
    fn grow(&self, share: &mut InstanceShare, bytes: usize) -> bool {
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

    fn mib_of(&self, experiment: &Experiment) -> u32 {
        let wanted = mib(experiment.instance_memory()).min(self.memory_mib as usize);
        u32::try_from(wanted).unwrap_or(u32::MAX)
    }

    fn hold(
        &self,
        slot: Option<OwnedSemaphorePermit>,
        memory: OwnedSemaphorePermit,
    ) -> InstanceShare {
        self.live.fetch_add(1, Ordering::Relaxed);
        self.made.fetch_add(1, Ordering::Relaxed);
        InstanceShare {
            _slot: slot,
            memory,
            live: self.live.clone(),
        }
    }

    /// `n` permits of `semaphore`; while there are not enough, idle
    /// instances are dropped, the longest idle first, then the wait is
    /// for instances in use to come back (checked every 20 ms).
    async fn take(
        &self,
        semaphore: &Arc<Semaphore>,
        n: u32,
        give_up: Instant,
        cap: Cap,
    ) -> Result<OwnedSemaphorePermit, GuestFailure> {
        let closed = || GuestFailure::Instantiate("the host is shutting down".into());
        loop {
            match semaphore.clone().try_acquire_many_owned(n) {
                Ok(permit) => return Ok(permit),
                Err(TryAcquireError::Closed) => return Err(closed()),
                Err(TryAcquireError::NoPermits) => {}
            }
            if !self.drop_oldest_idle() {
                break;
            }
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&self.waiting);
        // Waiting in the semaphore's queue keeps this call's place.
        let acquire = semaphore.clone().acquire_many_owned(n);
        tokio::pin!(acquire);
        loop {
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
                // An instance given back to a pool meanwhile holds the
                // room: drop it, and the queue's permits follow.
                Err(_) => {
                    self.drop_oldest_idle();
                }
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

/// Removes the instance idle longest from `idle`.
fn oldest(idle: &mut VecDeque<Idle>) -> Option<Idle> {
    let (i, _) = idle.iter().enumerate().min_by_key(|(_, i)| i.since)?;
    idle.remove(i)
}

impl Shared {
    /// An instance of `experiment` for a group's call in `session`: an
    /// idle one from its pool, or a new one, once the call has its turn
    /// (see [`SessionPool`]). Give it back with [`Shared::give_back`].
    pub(crate) async fn lease(
        self: &Arc<Self>,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
    ) -> Result<Lease, GuestFailure> {
        let turns = self.instances.turns(session);
        let turn = match turns.clone().try_acquire_owned() {
            Ok(turn) => turn,
            Err(_) => match tokio::time::timeout(TURN_WAIT, turns.acquire_owned()).await {
                Ok(Ok(turn)) => turn,
                Ok(Err(_)) => {
                    return Err(GuestFailure::Instantiate(
                        "the host is shutting down".into(),
                    ));
                }
                Err(_) => {
                    return Err(GuestFailure::Instantiate(format!(
                        "every instance of this session has been busy for {} s (its calls take longer than its messages come); try again shortly",
                        TURN_WAIT.as_secs()
                    )));
                }
            },
        };
        let mut lease = self.session_lease(session, experiment).await?;
        lease.turn = Some(turn);
        Ok(lease)
    }

    /// An instance of `experiment` for one of `session`'s own calls (a
    /// hook for a whole round, a grouping rule), which take no turn: such
    /// a call may hold the session's lock that group calls wait for.
    pub(crate) async fn session_lease(
        self: &Arc<Self>,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
    ) -> Result<Lease, GuestFailure> {
        let pool = &self.instances;
        pool.start_sweeping();
        let (idle, ready_ahead) = pool.take_idle(session, experiment);
        let lease = match idle {
            Some(lease) => Ok(lease),
            None => self.new_lease(experiment).await,
        };
        // Made after this call's own, which must not wait for it.
        if ready_ahead {
            self.make_ahead(session.clone(), experiment.clone());
        }
        lease
    }

    async fn new_lease(&self, experiment: &Experiment) -> Result<Lease, GuestFailure> {
        let share = self.instances.share(experiment).await?;
        let instance = self.runtime.instantiate(experiment).await?;
        Ok(Lease {
            instance,
            share,
            turn: None,
        })
    }

    /// Gives a leased instance back to `session`'s pool (or drops it: see
    /// [`InstancePool`]).
    pub(crate) fn give_back(
        &self,
        session: &Arc<str>,
        experiment: &Arc<Experiment>,
        lease: Lease,
        failed: bool,
    ) {
        self.instances.give_back(session, experiment, lease, failed);
    }

    /// Makes one instance of `experiment` ahead of demand for `session`,
    /// in the background, if the budget has room for it now.
    fn make_ahead(self: &Arc<Self>, session: Arc<str>, experiment: Arc<Experiment>) {
        let host = Arc::downgrade(self);
        tokio::spawn(async move {
            let Some(host) = host.upgrade() else { return };
            let pool = &host.instances;
            let lease = match pool.spare_share(&experiment) {
                Some(share) => match host.runtime.instantiate_ahead(&experiment).await {
                    Ok(instance) => Some(Lease {
                        instance,
                        share,
                        turn: None,
                    }),
                    Err(_) => None,
                },
                None => None,
            };
            pool.add_ready(&session, &experiment, lease);
        });
    }
}
