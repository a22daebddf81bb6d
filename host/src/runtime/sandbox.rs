//! What a guest's store holds ([`GuestState`]) and the store itself
//! ([`Sandbox`]), as both instance types use them: a WASI context that
//! grants nothing, the memory cap, the epoch deadline, and one context per
//! imported interface ([`super::imports`]).
//!
//! Rust's std makes wasip2 guests import `wasi:cli` and `wasi:io`, so WASI
//! is linked, but to a context with no filesystem, environment, arguments
//! or network, clocks that read 0, randomness that is a fixed sequence,
//! stdout discarded and stderr kept only to explain a crash.
//!
//! After any [`GuestFailure`] (trap, deadline, memory cap) the store is
//! unusable (wasmtime refuses to enter it again) and its owner drops it.

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
    /// The `state`, `log` and `group` imports' context.
    pub(super) call: CallContext,
    /// The `live` import's context (async experiments).
    pub(super) live: LiveContext,
    /// The `io` import's context (async experiments).
    pub(super) io: IoContext,
}

impl GuestState {
    fn new(limits: &Limits) -> GuestState {
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        let wasi = WasiCtx::builder()
            .stderr(stderr.clone())
            .wall_clock(FrozenClock)
            .monotonic_clock(FrozenClock)
            .secure_random(FixedRandom(0x5eed))
            .insecure_random(FixedRandom(0x1ed))
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
    calls: u64,
    deadline: Duration,
    memory_bytes: usize,
}

impl Sandbox {
    pub(super) fn new(engine: &Engine, limits: &Limits) -> Sandbox {
        let mut store = Store::new(engine, GuestState::new(limits));
        store.limiter(|s| &mut s.memory);
        let deadline_ticks = limits
            .call_deadline
            .as_millis()
            .div_ceil(EPOCH_TICK.as_millis())
            .max(1) as u64;
        store.epoch_deadline_callback(move |mut ctx| {
            let data = ctx.data_mut();
            data.call.ticks += 1;
            if data.call.ticks >= deadline_ticks {
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
            calls: 0,
            deadline: limits.call_deadline,
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

    /// Starts a call (`None` for `info`): a fresh deadline.
    pub(super) fn start(&mut self, call: Option<Call>) {
        self.calls += 1;
        let data = self.store.data_mut();
        data.call.call = call;
        data.call.ticks = 0;
        data.timed_out = false;
        self.store.set_epoch_deadline(1);
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

/// The per-instance memory cap; records that it was hit so the error can
/// say so, and the linear memory the instance's memories hold in all.
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
        if desired > self.limit {
            self.hit = true;
            return Err(wasmtime::Error::msg(format!(
                "the experiment tried to use more than {} MiB of memory",
                self.limit >> 20
            )));
        }
        self.total += desired.saturating_sub(current);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1_000_000)
    }
}

/// Clocks that always read zero: the world grants no time.
struct FrozenClock;

impl wasmtime_wasi::HostWallClock for FrozenClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

impl wasmtime_wasi::HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// A fixed pseudo-random sequence (splitmix64): the world grants no
/// randomness, but std's hash maps ask WASI for a seed.
struct FixedRandom(u64);

impl rand::TryRng for FixedRandom {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
