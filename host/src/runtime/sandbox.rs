//! What a guest's store holds ([`GuestState`]) and the store itself
//! ([`Sandbox`]), as both instance types use them: a WASI context that
//! grants nothing, the memory cap, the epoch deadline, and one context per
//! imported interface ([`super::imports`]).
//!
//! Rust's std makes wasip2 guests import `wasi:cli` and `wasi:io`, so WASI
//! is linked, but to a context with no filesystem, environment, arguments
//! or network, stdout discarded and stderr kept only to explain a crash.
//! Its clocks and randomness are the call's ([`CallEntropy`]): the clock
//! reads the time the call started (a microsecond later at each read, so
//! two reads differ), and the randomness is a stream seeded by the call's
//! seed. Both are in the call's message-log entry, so a replay that gives
//! a call the same time and seed gets the same values.
//!
//! After any [`GuestFailure`] (trap, deadline, memory cap) the store is
//! unusable (wasmtime refuses to enter it again) and its owner drops it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use wasmtime::component::ResourceTable;
use wasmtime::{Engine, ResourceLimiter, Store, UpdateDeadline};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::call::Call;
use super::imports::{CallContext, IoContext, LiveContext};
use super::{EPOCH_TICK, Limits};

/// The guest misbehaved; the instance must be dropped.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GuestFailure {
    #[error("the experiment crashed: {0}")]
    Trap(String),
    #[error("the experiment ran longer than {0:?} and was stopped")]
    Timeout(Duration),
    #[error("the experiment tried to use more than {0} MiB of memory and was stopped")]
    Memory(usize),
    #[error("the experiment could not be started: {0}")]
    Instantiate(String),
    /// An async call could not get its next turn (the host is stopping).
    #[error("the call was stopped: {0}")]
    Cancelled(String),
}

/// How much of a crashing guest's stderr is kept to explain the crash.
const STDERR_CAPACITY: usize = 16 * 1024;

/// What a guest's store holds.
pub struct GuestState {
    wasi: WasiCtx,
    table: ResourceTable,
    stderr: MemoryOutputPipe,
    memory: MemoryCap,
    /// Set when the deadline stopped the call.
    timed_out: bool,
    /// The epoch ticks the call in progress may run.
    deadline_ticks: u64,
    /// The `state`, `log` and `group` imports' context.
    pub(super) call: CallContext,
    /// The `live` import's context (async experiments).
    pub(super) live: LiveContext,
    /// The `io` import's context (async experiments).
    pub(super) io: IoContext,
}

impl GuestState {
    fn new(limits: &Limits, entropy: &Arc<CallEntropy>) -> GuestState {
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        let wasi = WasiCtx::builder()
            .stderr(stderr.clone())
            .wall_clock(CallClock(entropy.clone()))
            .monotonic_clock(CallClock(entropy.clone()))
            .secure_random(CallRandom(entropy.clone()))
            .insecure_random(CallRandom(entropy.clone()))
            .insecure_random_seed(0)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        GuestState {
            wasi,
            table: ResourceTable::new(),
            stderr,
            memory: MemoryCap {
                limit: limits.memory_bytes,
                hit: false,
                total: 0,
            },
            timed_out: false,
            deadline_ticks: ticks(limits.call_deadline),
            call: CallContext::default(),
            live: LiveContext::default(),
            io: IoContext::new(limits.async_call_deadline, limits.fetch_stall),
        }
    }
}

impl WasiView for GuestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// A store with every limit set, and the calls it has served.
pub(super) struct Sandbox {
    pub(super) store: Store<GuestState>,
    /// The clock and randomness of the call in progress.
    entropy: Arc<CallEntropy>,
    calls: u64,
    /// The running time of the call in progress: a call's, or a hook's.
    deadline: Duration,
    call_deadline: Duration,
    hook_deadline: Duration,
    memory_bytes: usize,
}

/// Epoch ticks of `d` (at least one).
fn ticks(d: Duration) -> u64 {
    d.as_millis().div_ceil(EPOCH_TICK.as_millis()).max(1) as u64
}

impl Sandbox {
    pub(super) fn new(engine: &Engine, limits: &Limits) -> Sandbox {
        let entropy = Arc::new(CallEntropy::default());
        let mut store = Store::new(engine, GuestState::new(limits, &entropy));
        store.limiter(|s| &mut s.memory);
        store.epoch_deadline_callback(move |mut ctx| {
            let data = ctx.data_mut();
            data.call.ticks += 1;
            if data.call.ticks >= data.deadline_ticks {
                data.timed_out = true;
                Ok(UpdateDeadline::Interrupt)
            } else {
                // Let other groups run, then continue.
                Ok(UpdateDeadline::Yield(1))
            }
        });
        store.set_epoch_deadline(1);
        Sandbox {
            store,
            entropy,
            calls: 0,
            deadline: limits.call_deadline,
            call_deadline: limits.call_deadline,
            hook_deadline: limits.hook_deadline,
            memory_bytes: limits.memory_bytes,
        }
    }

    /// The bytes of linear memory the instance's memories hold in all (its
    /// heap as the guest sized it; the pages it touched are fewer).
    pub(super) fn linear_memory(&self) -> usize {
        self.store.data().memory.total
    }

    /// Calls served so far.
    pub(super) fn calls(&self) -> u64 {
        self.calls
    }

    /// Starts a call (`None` for `info`): a fresh deadline, and the call's
    /// time and seed for the guest's clock and randomness.
    pub(super) fn start(&mut self, call: Option<Call>) {
        self.calls += 1;
        if let Some(call) = &call {
            self.entropy.begin(call.guest_time_ms(), call.seed());
        }
        self.deadline = if call.as_ref().is_some_and(Call::is_hook) {
            self.hook_deadline
        } else {
            self.call_deadline
        };
        let deadline_ticks = ticks(self.deadline);
        let data = self.store.data_mut();
        data.deadline_ticks = deadline_ticks;
        data.call.call = call;
        data.call.ticks = 0;
        data.timed_out = false;
        self.store.set_epoch_deadline(1);
    }

    /// Starts `info` called only to warm an instance up (see
    /// [`super::Runtime::instantiate_ahead`]): not a call served, so it
    /// does not count towards the instance's call budget.
    pub(super) fn start_warm_up(&mut self) {
        self.start(None);
        self.calls -= 1;
    }

    /// The call back from the store once the guest returned.
    pub(super) fn take_call(&mut self) -> Call {
        match self.store.data_mut().call.call.take() {
            Some(call) => call,
            // start() always puts the call in, and only take_call removes it.
            None => unreachable!("the call is in the store for the whole call"),
        }
    }

    /// What made a guest call fail, as the researcher is told: the
    /// deadline, the memory cap, or the trap with the guest's last words on
    /// stderr (a panic message).
    pub(super) fn failure(&mut self, e: wasmtime::Error) -> GuestFailure {
        let data = self.store.data();
        if data.timed_out {
            return GuestFailure::Timeout(self.deadline);
        }
        if data.memory.hit {
            return GuestFailure::Memory(self.memory_bytes >> 20);
        }
        let stderr = data.stderr.contents();
        let stderr = String::from_utf8_lossy(&stderr);
        let panic = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" | ");
        let trap = e
            .downcast_ref::<wasmtime::Trap>()
            .map(|t| t.to_string())
            .unwrap_or_else(|| format!("{e}"));
        if panic.is_empty() {
            GuestFailure::Trap(trap)
        } else {
            GuestFailure::Trap(format!("{panic} ({trap})"))
        }
    }
}

/// Core instances a store may hold: a componentize-py component has 14 and
/// its adapters a few more; Rust's and JavaScript's, under 10.
const MAX_CORE_INSTANCES: usize = 64;
/// Linear memories a store may hold (a component has one or two).
const MAX_MEMORIES: usize = 8;
/// Tables a store may hold (a componentize-py component has about 20).
const MAX_TABLES: usize = 64;
/// Elements a table may grow to.
const MAX_TABLE_ELEMENTS: usize = 1_000_000;

/// The per-instance memory cap, on all of the instance's memories
/// together; records that it was hit so the error can say so, and the
/// linear memory they hold in all. Also caps how many instances,
/// memories and tables a store may make: the engine for async experiments
/// allocates on demand, where wasmtime's own default is 10,000 each.
struct MemoryCap {
    limit: usize,
    hit: bool,
    total: usize,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let total = self.total.saturating_add(desired.saturating_sub(current));
        if total > self.limit {
            self.hit = true;
            return Err(wasmtime::Error::msg(format!(
                "the experiment tried to use more than {} MiB of memory",
                self.limit >> 20
            )));
        }
        self.total = total;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        MAX_CORE_INSTANCES
    }

    fn memories(&self) -> usize {
        MAX_MEMORIES
    }

    fn tables(&self) -> usize {
        MAX_TABLES
    }
}

/// The clock and randomness of the call in progress: its start time, how
/// often the clock was read, and the random stream's state (splitmix64,
/// from the call's seed). Shared by the WASI context's clocks and random
/// sources, which the context keeps for the store's life.
#[derive(Default)]
pub(super) struct CallEntropy {
    time_ns: AtomicU64,
    reads: AtomicU64,
    state: AtomicU64,
}

impl CallEntropy {
    fn begin(&self, time_ms: u64, seed: u64) {
        self.time_ns
            .store(time_ms.saturating_mul(1_000_000), Ordering::Relaxed);
        self.reads.store(0, Ordering::Relaxed);
        self.state.store(seed, Ordering::Relaxed);
    }

    /// The call's time plus a microsecond for each earlier read.
    fn now_ns(&self) -> u64 {
        let n = self.reads.fetch_add(1, Ordering::Relaxed);
        self.time_ns
            .load(Ordering::Relaxed)
            .saturating_add(n.saturating_mul(1_000))
    }

    fn next_u64(&self) -> u64 {
        let s = self
            .state
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The call's clock (wall and monotonic alike).
struct CallClock(Arc<CallEntropy>);

impl wasmtime_wasi::HostWallClock for CallClock {
    fn resolution(&self) -> Duration {
        Duration::from_micros(1)
    }
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.now_ns())
    }
}

impl wasmtime_wasi::HostMonotonicClock for CallClock {
    fn resolution(&self) -> u64 {
        1_000
    }
    fn now(&self) -> u64 {
        self.0.now_ns()
    }
}

/// The call's random stream.
struct CallRandom(Arc<CallEntropy>);

impl rand::TryRng for CallRandom {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0.next_u64() as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.0.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::CallEntropy;

    #[test]
    fn a_call_reads_its_own_time_and_seeded_randomness_and_the_same_again() {
        let e = CallEntropy::default();
        e.begin(1_000, 7);
        let first = (e.now_ns(), e.now_ns(), e.next_u64(), e.next_u64());
        assert_eq!((first.0, first.1), (1_000_000_000, 1_000_001_000));
        assert_ne!(first.2, first.3);
        e.begin(1_000, 7);
        assert_eq!((e.now_ns(), e.now_ns(), e.next_u64(), e.next_u64()), first);
        e.begin(2_000, 8);
        assert_ne!(e.next_u64(), first.2);
    }

    use super::{MemoryCap, ResourceLimiter};

    const MIB: usize = 1 << 20;

    #[test]
    fn the_memory_cap_is_on_all_of_an_instances_memories_together() {
        let mut cap = MemoryCap {
            limit: 64 * MIB,
            hit: false,
            total: 0,
        };
        // Two memories of 40 MiB: each under the cap, not both.
        assert!(cap.memory_growing(0, 40 * MIB, None).unwrap());
        assert!(cap.memory_growing(0, 40 * MIB, None).is_err());
        assert!(cap.hit);
        assert_eq!(cap.total, 40 * MIB);
        // Growing the first one up to the cap is fine; past it is not.
        let mut cap = MemoryCap {
            limit: 64 * MIB,
            hit: false,
            total: 0,
        };
        assert!(cap.memory_growing(0, 16 * MIB, None).unwrap());
        assert!(cap.memory_growing(0, MIB, None).unwrap());
        assert!(cap.memory_growing(16 * MIB, 63 * MIB, None).unwrap());
        assert!(cap.memory_growing(63 * MIB, 63 * MIB + 1, None).is_err());
        assert_eq!(cap.total, 64 * MIB);
    }

    #[test]
    fn a_store_makes_a_bounded_number_of_instances_memories_and_tables() {
        let cap = MemoryCap {
            limit: 64 * MIB,
            hit: false,
            total: 0,
        };
        assert!(cap.instances() <= 64 && cap.instances() >= 32);
        assert!(cap.memories() <= 8);
        assert!(cap.tables() <= 64);
    }
}
