//! The host side of the `livehost:experiment` world in one place: the
//! `bindgen!` output, the data every guest store carries ([`GuestState`]),
//! and one `Host` impl per imported interface, each forwarding to the
//! current [`Call`].

use wasmtime::component::{HasSelf, Linker, ResourceTable};
use wasmtime::{Engine, ResourceLimiter};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::call::{Call, CallError};

wasmtime::component::bindgen!({
    world: "experiment",
    path: "../wit",
    exports: { default: async },
    // State imports may wait for the session's lock (see `Call`), so they
    // are async on the host; to the guest they are ordinary blocking calls.
    imports: { "livehost:experiment/state": async },
});

pub use self::livehost::experiment::types::{Owner, Row, RowFilter};

/// The `async-experiment` world: the same shared interfaces, plus `live`
/// (emit) and `io` (sleep), and an async live method.
pub mod async_world {
    wasmtime::component::bindgen!({
        world: "async-experiment",
        path: "../wit",
        exports: { default: async },
        with: {
            "livehost:experiment/types": super::livehost::experiment::types,
            "livehost:experiment/state": super::livehost::experiment::state,
            "livehost:experiment/log": super::livehost::experiment::log,
            "livehost:experiment/group": super::livehost::experiment::group,
        },
    });
}

/// How an async call's segments meet its group: at every await the
/// segment's call (its writes) and emitted messages are handed over, and
/// the next segment starts when the group gives the call its turn again.
pub trait Segments: Send + Sync + 'static {
    /// The segment ended at an await.
    fn end(&self, call: Call, emitted: Vec<Message>);
    /// Waits for the call's next turn in its group; the next segment's
    /// call, or why the call cannot go on.
    fn begin(
        &self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Call, String>> + Send>>;
}

/// How much of a crashing guest's stderr is kept to explain the crash.
const STDERR_CAPACITY: usize = 16 * 1024;

/// What a guest's store holds: the sandbox's WASI context, the limits, and
/// the call in progress (none between calls).
pub struct GuestState {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(super) stderr: MemoryOutputPipe,
    pub(super) memory: MemoryCap,
    /// The call being served, if any.
    pub(super) call: Option<Call>,
    /// Epoch ticks this call has run for.
    pub(super) ticks: u64,
    /// Set when the deadline stopped the call.
    pub(super) timed_out: bool,
    /// For an async call: where its segments go.
    pub(super) segments: Option<std::sync::Arc<dyn Segments>>,
    /// Messages emitted in the current segment.
    pub(super) emitted: Vec<Message>,
    /// Set when the call could not get its next turn: it must end.
    pub(super) cancelled: Option<String>,
    /// The longest an async call may sleep in one await.
    pub(super) max_sleep: std::time::Duration,
    /// Where the call may send HTTP requests.
    pub(super) outbound: std::sync::Arc<super::outbound::Outbound>,
    /// Response bodies being read, by handle; requests made so far.
    bodies: std::collections::HashMap<u32, super::outbound::Body>,
    requests: u32,
}

impl GuestState {
    pub(super) fn new(memory_bytes: usize) -> GuestState {
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
                limit: memory_bytes,
                hit: false,
                total: 0,
            },
            call: None,
            ticks: 0,
            timed_out: false,
            segments: None,
            emitted: Vec::new(),
            cancelled: None,
            max_sleep: std::time::Duration::from_secs(60),
            outbound: Default::default(),
            bodies: Default::default(),
            requests: 0,
        }
    }

    fn call(&mut self) -> Result<&mut Call, String> {
        if let Some(why) = &self.cancelled {
            return Err(why.clone());
        }
        self.call.as_mut().ok_or_else(|| {
            "state, log and group are only available during live-method and before-next".to_string()
        })
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

/// The per-instance memory cap; records that it was hit so the error can
/// say so, and the linear memory the instance's memories hold in all.
pub(super) struct MemoryCap {
    limit: usize,
    pub(super) hit: bool,
    pub(super) total: usize,
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
    fn resolution(&self) -> std::time::Duration {
        std::time::Duration::from_secs(1)
    }
    fn now(&self) -> std::time::Duration {
        std::time::Duration::ZERO
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

/// The linker every experiment is instantiated with: the world's imports
/// and WASI (granting nothing).
pub(super) fn linker(engine: &Engine) -> anyhow::Result<Linker<GuestState>> {
    let mut linker = Linker::new(engine);
    Experiment::add_to_linker::<GuestState, HasSelf<GuestState>>(&mut linker, |s| s)
        .map_err(|e| anyhow::anyhow!("cannot link the experiment world: {e}"))?;
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)
        .map_err(|e| anyhow::anyhow!("cannot link WASI: {e}"))?;
    Ok(linker)
}

/// The linker of async-world experiments: the same imports, plus `live`
/// and `io`.
pub(super) fn async_linker(engine: &Engine) -> anyhow::Result<Linker<GuestState>> {
    let mut linker = Linker::new(engine);
    async_world::AsyncExperiment::add_to_linker::<GuestState, HasSelf<GuestState>>(
        &mut linker,
        |s| s,
    )
    .map_err(|e| anyhow::anyhow!("cannot link the async experiment world: {e}"))?;
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)
        .map_err(|e| anyhow::anyhow!("cannot link WASI: {e}"))?;
    Ok(linker)
}

impl async_world::livehost::experiment::live::Host for GuestState {
    fn emit(&mut self, message: Message) -> Result<(), String> {
        let call = self.call()?;
        let players = call.players();
        if message.to != 0 && !players.iter().any(|p| p.id_in_group == message.to) {
            return Err(format!(
                "emit to id_in_group {}: the group has ids 1 to {} (0 = everyone)",
                message.to,
                players.len()
            ));
        }
        let max = call.limits().max_replies;
        super::call::check_json("an emitted payload", &message.payload).map_err(text)?;
        if self.emitted.len() >= max {
            return Err(format!(
                "more than {max} messages emitted in one segment: await between bursts"
            ));
        }
        self.emitted.push(message);
        Ok(())
    }
}

impl async_world::livehost::experiment::io::Host for GuestState {}

use async_world::livehost::experiment::io::{Request as HttpRequest, Response as HttpResponse};

/// Ends the running segment at an await: hands its writes and emitted
/// messages over. Returns where the next segment comes from.
fn end_segment<T>(
    acc: &wasmtime::component::Accessor<T, HasSelf<GuestState>>,
) -> Option<std::sync::Arc<dyn Segments>> {
    acc.with(|mut a| {
        let s: &mut GuestState = a.get();
        let segments = s.segments.clone()?;
        if let Some(call) = s.call.take() {
            segments.end(call, std::mem::take(&mut s.emitted));
        }
        Some(segments)
    })
}

/// Waits for the call's next turn and starts its segment.
async fn begin_segment<T>(
    acc: &wasmtime::component::Accessor<T, HasSelf<GuestState>>,
    segments: Option<std::sync::Arc<dyn Segments>>,
) {
    let Some(segments) = segments else { return };
    let next = segments.begin().await;
    acc.with(|mut a| {
        let s: &mut GuestState = a.get();
        s.ticks = 0;
        match next {
            Ok(call) => s.call = Some(call),
            Err(why) => s.cancelled = Some(why),
        }
    });
}

impl<T: Send> async_world::livehost::experiment::io::HostWithStore<T> for HasSelf<GuestState> {
    async fn sleep(acc: &wasmtime::component::Accessor<T, Self>, ms: u32) {
        let max = acc.with(|mut a| a.get().max_sleep);
        let segments = end_segment(acc);
        tokio::time::sleep(std::time::Duration::from_millis(ms as u64).min(max)).await;
        begin_segment(acc, segments).await;
    }

    async fn http_fetch(
        acc: &wasmtime::component::Accessor<T, Self>,
        request: HttpRequest,
    ) -> Result<HttpResponse, String> {
        let (outbound, allowed) = acc.with(|mut a| {
            let s: &mut GuestState = a.get();
            s.requests += 1;
            (
                s.outbound.clone(),
                s.requests as usize <= super::outbound::MAX_REQUESTS_PER_CALL,
            )
        });
        if !allowed {
            return Err(format!(
                "a call may make at most {} requests",
                super::outbound::MAX_REQUESTS_PER_CALL
            ));
        }
        let segments = end_segment(acc);
        let fetched = outbound
            .fetch(super::outbound::OutboundRequest {
                method: request.method,
                url: request.url,
                headers: request.headers,
                body: request.body,
            })
            .await;
        begin_segment(acc, segments).await;
        let (status, headers, body) = fetched?;
        let handle = acc.with(|mut a| {
            let s: &mut GuestState = a.get();
            let handle = s.requests;
            s.bodies.insert(handle, body);
            handle
        });
        Ok(HttpResponse {
            status,
            headers,
            body: handle,
        })
    }

    async fn read_body(
        acc: &wasmtime::component::Accessor<T, Self>,
        body: u32,
        max_bytes: u32,
    ) -> Result<Option<Vec<u8>>, String> {
        let Some(mut reader) = acc.with(|mut a| a.get().bodies.remove(&body)) else {
            return Err(format!(
                "there is no response body {body} (read to its end already?)"
            ));
        };
        let segments = end_segment(acc);
        let chunk = reader.read(max_bytes as usize).await;
        begin_segment(acc, segments).await;
        if matches!(chunk, Ok(Some(_))) {
            acc.with(|mut a| a.get().bodies.insert(body, reader));
        }
        chunk
    }
}

fn text(e: CallError) -> String {
    e.to_string()
}

impl self::livehost::experiment::types::Host for GuestState {}

impl self::livehost::experiment::state::Host for GuestState {
    async fn get(&mut self, owner: Owner, key: String) -> Result<Option<String>, String> {
        let call = self.call()?;
        call.lock_session_for(owner).await;
        call.get(owner, &key).map_err(text)
    }

    async fn set(&mut self, owner: Owner, key: String, value: String) -> Result<(), String> {
        let call = self.call()?;
        call.lock_session_for(owner).await;
        call.set(owner, key, value).map_err(text)
    }

    async fn delete(&mut self, owner: Owner, key: String) -> Result<(), String> {
        let call = self.call()?;
        call.lock_session_for(owner).await;
        call.delete(owner, key).map_err(text)
    }
}

impl self::livehost::experiment::log::Host for GuestState {
    fn append(&mut self, table: String, fields: String) -> Result<u64, String> {
        self.call()?.append(table, fields).map_err(text)
    }

    fn query(&mut self, table: String, filter: RowFilter) -> Result<Vec<Row>, String> {
        self.call()?.query(&table, filter).map_err(text)
    }
}

impl self::livehost::experiment::group::Host for GuestState {
    fn players(&mut self) -> Vec<Player> {
        self.call().map(|c| c.players()).unwrap_or_default()
    }
}
