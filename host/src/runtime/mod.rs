//! The sandbox that experiment code runs in: one wasmtime [`Engine`],
//! configured here and nowhere else, and what is made from it.
//!
//! Data flow: an uploaded component is checked and compiled into an
//! [`Experiment`] (through the compiled-component [`cache`]), of one of two
//! worlds, decided from its exports; a [`GroupInstance`] of a session's
//! experiment runs one call at a time, of any group of that session,
//! against a [`Call`] (the call's transaction); an
//! async experiment's live calls each run in an [`AsyncInstance`] of their
//! own. The host side of the imports is in [`imports`], one context per
//! interface; what every store holds, in [`sandbox`].
//!
//! Limits, all set in [`Limits`] and applied where the engine and stores are
//! built:
//! - a deadline per call (epoch interruption, default 100 ms of running time;
//!   a running guest yields to other groups' work every tick),
//! - a memory cap per instance (default 64 MiB),
//! - no filesystem, environment, arguments or network; a clock and
//!   randomness that are the call's own, recorded in its message-log
//!   entry ([`sandbox`]); HTTP only to the session's allowlist
//!   ([`fetch`]).

mod admin_view_calls;
mod app_groups;
mod arrival_grouping_calls;
mod async_instance;
mod bindings;
pub mod cache;
mod call;
pub mod fetch;
mod imports;
mod instance;
mod linker;
mod page_calls;
mod sandbox;
mod session_hook_calls;
mod sync_instance;
mod world_instance;

pub use app_groups::{AppGroups, Matrix};
pub use async_instance::{AsyncEnd, AsyncInstance};
pub use bindings::{Message as GuestMessage, PageView, Player as GuestPlayer};

/// A form field of a shown page, as the host keeps it.
pub fn form_field(f: bindings::FormField) -> crate::experiment::FormField {
    world_instance::form_field(f)
}
pub use call::{
    Call, CallEnd, CallEntropySource, CallError, CallLimits, GroupMember, RecordedEntropy,
    SESSION_CONFIG, SessionGuard, SessionLock, StateCache, check_json,
};
pub use imports::Segments;
pub use instance::GroupInstance;
pub use sandbox::GuestFailure;
pub use sync_instance::SyncInstance;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use wasmtime::component::Linker;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::experiment::ExperimentInfo;
use bindings::ExperimentIndices;
use bindings::async_world::AsyncExperimentIndices;
use cache::CompiledCache;
use sandbox::GuestState;
use world_instance::Ready;

/// How often the engine's epoch advances: the granularity of deadlines.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Limits on guest code, set once for the whole host.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Running time allowed to one live-method or before-next call.
    pub call_deadline: Duration,
    /// Running time allowed to one of oTree's session hooks
    /// (creating_session, after_all_players_arrive, a grouping rule) and
    /// to the admin views: each runs once per round or group, over every
    /// player of it (a thousand, in a big online session), not once per
    /// message.
    pub hook_deadline: Duration,
    /// Linear memory one instance may use.
    pub memory_bytes: usize,
    /// Live instances at most (idle in the sessions' pools or running a
    /// call); past it, the instances idle longest are dropped.
    pub max_instances: u32,
    /// The linear memory all live instances (the sessions' pools' and
    /// async calls' own) may hold together; past it, the instances idle
    /// longest are dropped. An
    /// instance counts its linear memory, topped up as it grows: an upper
    /// bound of what it keeps resident (a Python instance holds 12.4 MiB of
    /// linear memory, about 6.5 MiB resident; see README's benchmarks).
    pub instance_memory: usize,
    /// An instance is replaced after this many calls.
    pub calls_per_instance: u64,
    /// An instance idle in its session's pool this long is dropped.
    pub idle_instance: Duration,
    /// Limits on what one call may write and reply.
    pub call: CallLimits,
    /// Largest component accepted.
    pub max_component_bytes: usize,
    /// Async calls in flight at most (each has an instance of its own).
    pub max_async_calls: u32,
    /// ... of one group's.
    pub max_async_calls_per_group: u32,
    /// ... of one participant's.
    pub max_async_calls_per_participant: u32,
    /// Time an async call may take in all, awaits included (each segment
    /// is also held to `call_deadline` of running time).
    pub async_call_deadline: Duration,
    /// How long an async call's fetch may wait to connect and for the
    /// response's headers, and then for each further piece of its body.
    pub fetch_stall: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            call_deadline: Duration::from_millis(100),
            hook_deadline: Duration::from_secs(2),
            memory_bytes: 64 << 20,
            max_instances: 1000,
            instance_memory: 3 << 30,
            calls_per_instance: 100_000,
            idle_instance: Duration::from_secs(300),
            call: CallLimits::default(),
            max_component_bytes: 64 << 20,
            max_async_calls: 2000,
            max_async_calls_per_group: 200,
            max_async_calls_per_participant: 20,
            async_call_deadline: Duration::from_secs(60),
            fetch_stall: Duration::from_secs(60),
        }
    }
}

/// Why a component is refused.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("the file is {size} bytes, more than the {max}-byte limit for an experiment component")]
    TooLarge { size: usize, max: usize },
    #[error(
        "the file is not a WebAssembly component ({0}); build the experiment for the wasm32-wasip2 target (cargo build --target wasm32-wasip2), or with componentize-py/componentize-js"
    )]
    NotAComponent(String),
    #[error(
        "the component does not implement the livehost:experiment@0.1.0 world (or its async-experiment world, 0.1.1): {0}; build it against wit/experiment.wit"
    )]
    WrongWorld(String),
    #[error("the component's info() failed: {0}")]
    Info(String),
    #[error("the component's pages.files() failed: {0}")]
    PageFiles(String),
    #[error("the component's project.describe() failed: {0}")]
    Project(String),
    #[error("the component's session-hooks.describe() failed: {0}")]
    Hooks(String),
    #[error("the component's admin-views.describe() failed: {0}")]
    AdminViews(String),
    #[error("the component's arrival-grouping.describe() failed: {0}")]
    ArrivalGrouping(String),
    #[error("the component's info() describes an experiment livehost cannot run: {0}")]
    BadInfo(#[from] crate::experiment::InfoError),
    #[error("the compiled-component cache failed: {0}")]
    Cache(String),
}

/// A checked, compiled experiment, ready to instantiate for any group.
pub struct Experiment {
    /// SHA-256 of the component's bytes, hex.
    pub sha: String,
    pub info: ExperimentInfo,
    world: World,
    /// The linear memory an instance of it held most recently, in bytes.
    instance_memory: AtomicUsize,
    /// The project's static files by path (served at `/static/<path>`),
    /// read from the component when it is loaded, never stored apart.
    pub static_files: std::collections::HashMap<String, bytes::Bytes>,
}

/// A compiled experiment ready to instantiate, by the world it implements.
#[derive(Clone)]
enum World {
    /// `experiment`: a sync live method, on the group's instance.
    Sync(Ready<ExperimentIndices>),
    /// `async-experiment`: each live message in an instance of its own.
    Async(Ready<AsyncExperimentIndices>),
}

impl Experiment {
    /// Whether its live method is async (the `async-experiment` world).
    pub fn is_async(&self) -> bool {
        matches!(self.world, World::Async(_))
    }

    /// The linear memory an instance of it held most recently, in bytes
    /// (at first: what instantiating it took): what a new one is expected
    /// to need.
    pub fn instance_memory(&self) -> usize {
        self.instance_memory.load(Ordering::Relaxed)
    }

    /// Records that one of its instances holds `bytes` of linear memory
    /// (one large instance does not make every later one count as large).
    pub fn note_instance_memory(&self, bytes: usize) {
        self.instance_memory.store(bytes, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for Experiment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Experiment")
            .field("sha", &self.sha)
            .field("name", &self.info.name)
            .finish()
    }
}

/// One engine, its linker and its compile cache.
#[derive(Clone)]
pub(crate) struct EngineSet {
    pub(crate) engine: Engine,
    linker: Linker<GuestState>,
    cache: Arc<CompiledCache>,
}

/// The engines, the linkers of the host interfaces, and the compile caches.
///
/// Two engines: sync-world components run on one without component-model
/// concurrency (it costs time on every call); async-world components need
/// it and run on the other. Which one compiles a component is decided from
/// its exports before compiling ([`async_live_method`]).
pub struct Runtime {
    sync: EngineSet,
    concurrent: EngineSet,
    limits: Limits,
    ticker_stop: Arc<AtomicBool>,
}

/// Builds an engine with the limits set once: epoch interruption, and the
/// pooling allocator with `slots` instances of at most the memory cap (or,
/// without `slots`, memory allocated on demand).
fn build_engine(limits: &Limits, concurrency: bool, slots: Option<u32>) -> anyhow::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(true);
    config.concurrency_support(concurrency);
    let Some(slots) = slots else {
        config.allocation_strategy(InstanceAllocationStrategy::OnDemand);
        return Engine::new(&config)
            .map_err(|e| anyhow::anyhow!("cannot build the wasm engine: {e}"));
    };
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(slots)
        .total_core_instances(slots * 8)
        .total_memories(slots * 2)
        .total_tables(slots * 8)
        .total_stacks(slots)
        .max_core_instances_per_component(32)
        .max_memories_per_component(4)
        .max_tables_per_component(32)
        .max_memory_size(limits.memory_bytes)
        // A slot given back keeps the pages its instance wrote, reset to
        // the component's image (only those written, found with Linux's
        // PAGEMAP_SCAN where the kernel has it): the next instance of the
        // same component in that slot takes no page faults for them. A
        // Rust auction's first call on a fresh instance went from 19 to
        // 7 us, a JavaScript one's from 875 to 535-650 us. The warm slots
        // are capped so that what they keep resident stays small (a
        // Python instance writes about 6 MiB).
        .max_unused_warm_slots(16)
        .linear_memory_keep_resident(16 << 20)
        .table_keep_resident(1 << 20)
        .pagemap_scan(wasmtime::Enabled::Auto);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config).map_err(|e| anyhow::anyhow!("cannot build the wasm engine: {e}"))
}

impl Runtime {
    /// Builds the engine with every limit of `limits`, and starts the epoch
    /// ticker thread. `cache_dir` keeps compiled components across restarts.
    pub fn new(limits: Limits, cache_dir: std::path::PathBuf) -> anyhow::Result<Runtime> {
        let engine = build_engine(&limits, false, Some(limits.max_instances.max(1) + 16))?;
        let sync = EngineSet {
            linker: linker::sync_linker(&engine)?,
            cache: Arc::new(CompiledCache::new(&engine, cache_dir.clone())),
            engine,
        };
        // Async experiments' groups keep an instance for before-next, and
        // every async call in flight has one of its own: their number
        // varies with the calls in flight, so their memory is allocated on
        // demand instead of reserving pool slots for the most there can be
        // (each slot reserves gigabytes of address space).
        let engine = build_engine(&limits, true, None)?;
        let concurrent = EngineSet {
            linker: linker::async_linker(&engine)?,
            cache: Arc::new(CompiledCache::new(&engine, cache_dir)),
            engine,
        };
        let ticker_stop = Arc::new(AtomicBool::new(false));
        {
            let engines = [sync.engine.clone(), concurrent.engine.clone()];
            let stop = ticker_stop.clone();
            std::thread::Builder::new()
                .name("livehost-epoch".into())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(EPOCH_TICK);
                        for engine in &engines {
                            engine.increment_epoch();
                        }
                    }
                })?;
        }
        Ok(Runtime {
            sync,
            concurrent,
            limits,
            ticker_stop,
        })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Checks that `bytes` is a component implementing the world, compiles
    /// it (or loads it from the cache), and reads its `info`.
    pub async fn load(&self, bytes: &[u8]) -> Result<Experiment, CompileError> {
        if bytes.len() > self.limits.max_component_bytes {
            return Err(CompileError::TooLarge {
                size: bytes.len(),
                max: self.limits.max_component_bytes,
            });
        }
        if !wasmparser::Parser::is_component(bytes) {
            return Err(CompileError::NotAComponent(
                "it does not start with the component header".into(),
            ));
        }
        let sha = cache::sha256_hex(bytes);
        // Validating and compiling take from milliseconds (Rust) to seconds
        // (Python): keep them off the async workers that serve live messages.
        let (component, set) = {
            let sets = (self.sync.clone(), self.concurrent.clone());
            let (sha, bytes) = (sha.clone(), bytes.to_vec());
            tokio::task::spawn_blocking(move || {
                // Compiled before (a restart, a known upload): the cache
                // that holds it says the world, without validating again.
                for set in [&sets.0, &sets.1] {
                    if let Some(component) = set.cache.cached(&set.engine, &sha) {
                        return Ok((component, set.clone()));
                    }
                }
                let set = if async_live_method(&bytes)? {
                    sets.1
                } else {
                    sets.0
                };
                let component = set.cache.get_or_compile(&set.engine, &sha, &bytes)?;
                Ok::<_, CompileError>((component, set))
            })
            .await
            .map_err(|e| CompileError::Cache(format!("the compiler thread failed: {e}")))??
        };
        check_world(&set.engine, &component)?;
        let mismatch = |e: wasmtime::Error| {
            CompileError::WrongWorld(format!("its imports or exports do not match: {e:#}"))
        };
        let pre = set.linker.instantiate_pre(&component).map_err(mismatch)?;
        let world = if Engine::same(&set.engine, &self.concurrent.engine) {
            World::Async(Ready::new(pre, AsyncExperimentIndices::new).map_err(mismatch)?)
        } else {
            World::Sync(Ready::new(pre, ExperimentIndices::new).map_err(mismatch)?)
        };
        let mut instance = self
            .instance_of(&world)
            .await
            .map_err(|e| CompileError::Info(e.to_string()))?;
        let info = instance.info().await;
        let files = instance.page_calls().files().await;
        let project = instance.page_calls().describe().await?;
        let hooks = instance.page_calls().hooks().await?;
        let admin_views = instance.page_calls().admin_views().await?;
        let arrival_rules = instance.page_calls().arrival_rules().await?;
        let memory = instance.linear_memory();
        let mut info = info.map_err(|e| CompileError::Info(e.to_string()))?;
        info.page_files = files.map_err(|e| CompileError::PageFiles(e.to_string()))?;
        let static_files = match project {
            Some(project) => info.set_project(project)?,
            None => Default::default(),
        };
        if let Some((creating_session, wait_pages)) = hooks {
            info.set_hooks(creating_session, wait_pages, arrival_rules)?;
        }
        if let Some(views) = admin_views {
            info.set_admin_views(views)?;
        }
        info.validate()?;
        Ok(Experiment {
            sha,
            info,
            world,
            instance_memory: AtomicUsize::new(memory),
            static_files,
        })
    }

    /// A fresh instance of `experiment` for one group.
    pub async fn instantiate(
        &self,
        experiment: &Experiment,
    ) -> Result<GroupInstance, GuestFailure> {
        self.instance_of(&experiment.world).await
    }

    /// A fresh instance of `experiment` made ahead of demand, warmed up:
    /// one call of `info()` (not counted as a call served) before any call
    /// waits on it. A fresh instance's first call does more than later
    /// ones (Python's and JavaScript's runtimes fill caches lazily, and
    /// the pages of the memory image it touches first are faulted in), and
    /// about half of that is the same whichever export is called: the
    /// bench (`LIVEHOST_BENCH=fresh`) measures the auction's first call at
    /// 1.3-1.5 ms on a fresh Python instance and 0.9 ms on a warmed one,
    /// 0.58 and 0.27 ms for JavaScript.
    pub async fn instantiate_ahead(
        &self,
        experiment: &Experiment,
    ) -> Result<GroupInstance, GuestFailure> {
        let mut instance = self.instantiate(experiment).await?;
        instance.warm_up().await?;
        Ok(instance)
    }

    async fn instance_of(&self, world: &World) -> Result<GroupInstance, GuestFailure> {
        Ok(match world {
            World::Sync(pre) => {
                GroupInstance::Sync(SyncInstance::new(&self.sync.engine, pre, &self.limits).await?)
            }
            World::Async(pre) => GroupInstance::Async(
                AsyncInstance::new(&self.concurrent.engine, pre, &self.limits).await?,
            ),
        })
    }

    /// A fresh instance of an async experiment for one of its live calls;
    /// `None` if `experiment`'s live method is sync.
    pub async fn instantiate_async_call(
        &self,
        experiment: &Experiment,
    ) -> Option<Result<AsyncInstance, GuestFailure>> {
        let World::Async(pre) = &experiment.world else {
            return None;
        };
        Some(AsyncInstance::new(&self.concurrent.engine, pre, &self.limits).await)
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.ticker_stop.store(true, Ordering::Relaxed);
    }
}

/// Whether the component's `live-method` export is an async function
/// (the `async-experiment` world), read from its validated types; a
/// component without one is compiled as the sync world, whose check then
/// names what is missing.
fn async_live_method(bytes: &[u8]) -> Result<bool, CompileError> {
    let mut validator = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
    let types = validator
        .validate_all(bytes)
        .map_err(|e| CompileError::NotAComponent(format!("it is not valid: {e}")))?;
    Ok(match types.component_item_for_export("live-method") {
        Some(wasmparser::component_types::ComponentItem {
            ty: wasmparser::component_types::ComponentEntityType::Func(id),
            ..
        }) => types.as_ref().get(*id).is_some_and(|f| f.async_),
        _ => false,
    })
}

/// The world's exports, and the import namespaces livehost provides.
const EXPORTS: [&str; 3] = ["info", "live-method", "before-next"];
const PROVIDED_IMPORTS: [&str; 2] = ["livehost:experiment/", "wasi:"];

/// Names every export the component lacks and every import livehost does
/// not provide, before wasmtime's own (first-problem-only) check.
fn check_world(
    engine: &wasmtime::Engine,
    component: &wasmtime::component::Component,
) -> Result<(), CompileError> {
    let ty = component.component_type();
    let missing: Vec<&str> = EXPORTS
        .iter()
        .copied()
        .filter(|name| ty.get_export(engine, name).is_none())
        .collect();
    let foreign: Vec<String> = ty
        .imports(engine)
        .map(|(name, _)| name)
        .filter(|name| !PROVIDED_IMPORTS.iter().any(|p| name.starts_with(p)))
        .map(|name| format!("`{name}`"))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!(
            "it does not export {} (an experiment exports info, live-method and before-next, as declared in wit/experiment.wit)",
            missing.join(", ")
        ));
    }
    if !foreign.is_empty() {
        problems.push(format!(
            "it imports {}, which livehost does not provide (an experiment may import livehost:experiment/{{state,log,group}}@0.1.0, in the async world also {{live,io}}@0.1.1, and WASI)",
            foreign.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CompileError::WrongWorld(problems.join("; ")))
    }
}
