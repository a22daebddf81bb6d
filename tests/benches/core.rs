//! Core benchmarks (not tests: nothing here asserts a time). Run with
//! `cargo bench -p livehost-tests --bench core`; results go to README.
//!
//! 1. The auction guest's live method on a group's reused instance, and on
//!    a fresh instance per call; the memory of a group's live instance.
//!    The same for the auction written in Python and in JavaScript (`sdk`),
//!    with their build, compile and cached-load times.
//! 2. The group committer: durable state writes per second with 1, 100 and
//!    10,000 groups submitting concurrently (each group waits for its own
//!    commit before its next call, as a group does).
//! 3. In-process `live_message` throughput: many groups bidding in the
//!    auction at once through the whole live flow, every reply durable.
//! 4. Async live methods: 1,000 calls in flight at once, each emitting 10
//!    messages and then awaiting a 1 s sleep; the host's memory and CPU per
//!    suspended call.
//! 5. oTree pages (`pages`): what a page load adds when it calls a Python
//!    experiment's page methods (vars_for_template, js_vars), and how late
//!    the host times out 1,000 participants on a timed page after their
//!    deadline, with no browser open.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use livehost::runtime::{
    AppGroups, Call, CallLimits, Experiment, GroupInstance, GroupMember, GuestPlayer, Limits,
    Runtime, StateCache, SyncInstance,
};
use livehost::store::{Scope, StateKey, Store, Write};
use livehost::{Config, Livehost};
use livehost_tests::{cache_dir, guest};

fn member(id: u32) -> GroupMember {
    GroupMember {
        participant_id: id,
        id_in_group: id,
    }
}

/// How long the guest calls' loops run: batches of calls on one instance
/// (the first batch warms up), then calls on fresh instances.
struct CallCounts {
    warm: u32,
    batches: u32,
    per_batch: u32,
    fresh: u32,
}

const RUST_CALLS: CallCounts = CallCounts {
    warm: 1000,
    batches: 40,
    per_batch: 2000,
    fresh: 2000,
};

/// Player 1 of group 1 (of two) of the bench's auction.
const BIDDER: GuestPlayer = GuestPlayer {
    id_in_group: 1,
    round: 1,
    group_id: 1,
    participant_id: 1,
};

/// A call of `BIDDER` in `session`, as its group's task makes one: in a
/// one-round app of groups of two.
fn auction_call(store: &Store, session: &str, cache: StateCache) -> Call {
    let app = AppGroups {
        index: 0,
        first_group: 0,
        participants: 2,
        group_size: 2,
        rounds: 1,
        per_round: false,
        matrices: Default::default(),
        by_arrival: false,
    };
    Call::new(
        store.clone(),
        CallLimits::default(),
        Arc::from(session),
        1,
        1,
        Arc::from(vec![member(1), member(2)]),
        member(1),
        0,
        cache,
        Default::default(),
    )
    .in_app(Arc::new(app))
}

/// The auction's live method (page `Auction`, rising bids) on a group's
/// reused instance and on a fresh instance per call.
async fn guest_calls(
    label: &str,
    runtime: &Runtime,
    experiment: &livehost::runtime::Experiment,
    store: &Store,
    counts: &CallCounts,
) {
    let player = BIDDER;
    let call = |cache| auction_call(store, "bench", cache);

    // As a group does: one instance, and the group's cache kept between
    // calls (the writes themselves are not committed here). Rising bids:
    // every call reads, writes twice, appends a row and broadcasts.
    let mut instance = sync_instance(runtime, experiment).await;
    let mut cache = StateCache::default();
    // Timed in batches, reported by the median batch: on a shared 2-core VM
    // a whole run can be slowed by neighbours for a moment, and the median
    // of many short batches is what the call costs.
    let (warm, batches, per_batch) = (counts.warm, counts.batches, counts.per_batch);
    let mut bid = 0u32;
    let mut times = Vec::new();
    for batch in 0..=batches {
        let n = if batch == 0 { warm } else { per_batch };
        let started = Instant::now();
        for _ in 0..n {
            bid += 1;
            let (c, r) = instance
                .live_method(call(cache), "Auction", player, &bid.to_string())
                .await;
            r.expect("call").expect("accepted");
            cache = c.finish(true).cache;
        }
        if batch > 0 {
            times.push(started.elapsed().as_secs_f64() * 1e6 / f64::from(n));
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{label} auction live method, reused instance: {:.2} us/call (median of {batches} batches of {per_batch} calls; fastest {:.2}, slowest {:.2})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    if std::env::var("LIVEHOST_BENCH").is_ok_and(|b| b == "reused") {
        return;
    }

    let n_fresh = counts.fresh;
    let started = Instant::now();
    for i in 0..n_fresh {
        let mut instance = sync_instance(runtime, experiment).await;
        let (_, r) = instance
            .live_method(
                call(StateCache::default()),
                "Auction",
                player,
                &(1 + i).to_string(),
            )
            .await;
        r.expect("call").expect("accepted");
    }
    let fresh = started.elapsed() / n_fresh;
    println!(
        "{label} auction live method, fresh instance per call: {:.1} us/call ({n_fresh} calls)",
        fresh.as_secs_f64() * 1e6
    );
}

async fn committer(store: &Store, groups: u32, writes_per_call: u32, seconds: f64) {
    let written = Arc::new(AtomicU64::new(0));
    let commits = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let session: Arc<str> = Arc::from(format!("committer-{groups}").as_str());
    let mut tasks = Vec::new();
    for g in 0..groups {
        let store = store.clone();
        let written = written.clone();
        let commits = commits.clone();
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = 0u64;
            while Instant::now() < deadline {
                let writes = (0..writes_per_call)
                    .map(|k| {
                        Write::State(
                            StateKey {
                                session: session.clone(),
                                scope: Scope::Group {
                                    group_id: g,
                                    round: 1,
                                },
                                key: format!("k{k}"),
                            },
                            Some(i.to_string()),
                        )
                    })
                    .collect();
                store.commit(writes).await.expect("commit");
                written.fetch_add(u64::from(writes_per_call), Ordering::Relaxed);
                commits.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        }));
    }
    let started = Instant::now();
    for t in tasks {
        t.await.expect("task");
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "committer, {groups} groups x {writes_per_call} writes per call: {:.0} durable writes/s ({:.0} calls/s)",
        written.load(Ordering::Relaxed) as f64 / s,
        commits.load(Ordering::Relaxed) as f64 / s
    );
}

async fn live_flow(label: &str, bytes: &[u8], groups: u32, seconds: f64, limits: Limits) {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = Config::new(dir.path().join("bench.redb"));
    config.cache_dir = cache_dir();
    config.limits = limits;
    let host = Livehost::open(config).expect("host");
    let record = host.add_experiment(bytes).await.expect("upload");
    let session = host
        .create_session(&record.sha, groups * 2)
        .await
        .expect("session");
    // Start every group and its instance before timing (a bid of 0 is
    // never accepted: no reply).
    for p in &session.participants {
        host.live_message(&p.code, None, "0")
            .await
            .expect("warm-up");
    }
    let sent = Arc::new(AtomicU64::new(0));
    let delivered = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for g in 0..groups as usize {
        let host = host.clone();
        let codes = [
            session.participants[g * 2].code.clone(),
            session.participants[g * 2 + 1].code.clone(),
        ];
        let sent = sent.clone();
        let delivered = delivered.clone();
        tasks.push(tokio::spawn(async move {
            let mut bid = 1u64;
            while Instant::now() < deadline {
                // Rising bids: every one is accepted and broadcast.
                let d = host
                    .live_message(&codes[(bid % 2) as usize], None, &bid.to_string())
                    .await
                    .expect("live");
                sent.fetch_add(1, Ordering::Relaxed);
                delivered.fetch_add(d.len() as u64, Ordering::Relaxed);
                bid += 1;
            }
        }));
    }
    let started = Instant::now();
    let before = host.store().commit_stats();
    for t in tasks {
        t.await.expect("task");
    }
    let s = started.elapsed().as_secs_f64();
    let after = host.store().commit_stats();
    let commits = after.commits - before.commits;
    println!(
        "  ({commits} commits, {:.1} calls per commit, committer busy {:.0}% of the time, {:.0} us per commit)",
        (after.jobs - before.jobs) as f64 / commits.max(1) as f64,
        (after.busy_us - before.busy_us) as f64 / 1e4 / s,
        (after.busy_us - before.busy_us) as f64 / commits.max(1) as f64
    );
    println!(
        "live_message, {label} auction, {groups} groups: {:.0} msgs/s, {:.0} deliveries/s (every reply durable); \
         {} live instances, process RSS {} MiB (peak {} MiB)",
        sent.load(Ordering::Relaxed) as f64 / s,
        delivered.load(Ordering::Relaxed) as f64 / s,
        host.live_instances(),
        rss_kib() / 1024,
        status_kib("VmHWM:") / 1024,
    );
    host.close();
}

/// The allocator the `livehost` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Resident memory of this process, in KiB (`VmRSS`).
fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// A memory figure of this process's /proc status, in KiB.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Minor page faults this process has taken, from /proc.
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.to_string();
            after.split_whitespace().nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

/// CPU time this process has used (user + system), from /proc.
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = after.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // Linux reports these in clock ticks of 1/100 s.
    Duration::from_millis(ticks * 10)
}

async fn async_calls(calls: u32) {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = Config::new(dir.path().join("async.redb"));
    config.cache_dir = cache_dir();
    config.limits.max_async_calls = calls + 10;
    config.limits.max_async_calls_per_group = calls + 10;
    let host = Livehost::open(config).expect("host");
    let record = host
        .add_experiment(&guest("streaming"))
        .await
        .expect("upload");
    let session = host
        .create_session(&record.sha, calls)
        .await
        .expect("session");
    // Warm up: the groups' tasks and one call per group's path.
    for p in &session.participants {
        host.position(&p.code).await.expect("position");
    }
    let warm = host
        .live_message(
            &session.participants[0].code,
            None,
            r#"{"do":"emit-sleep","n":10,"ms":1}"#,
        )
        .await
        .expect("warm-up call");
    assert_eq!(warm.len(), 10);
    let rss_before = rss_kib();
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for p in &session.participants {
        let (host, code) = (host.clone(), p.code.clone());
        tasks.push(tokio::spawn(async move {
            host.live_message(&code, None, r#"{"do":"emit-sleep","n":10,"ms":1000}"#)
                .await
                .map(|d| d.len())
        }));
    }
    // Every call has started, emitted and is asleep by now.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let rss_during = rss_kib();
    let mut delivered = 0;
    for t in tasks {
        delivered += t.await.expect("task").expect("call");
    }
    let wall = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);
    println!(
        "async: {calls} calls in flight at once (10 messages, then 1 s asleep): all done in {:.2} s, {delivered} messages delivered; \
         memory while suspended {:.0} KiB per call (RSS {} -> {} MiB); CPU {:.0} us per call ({:.2} s in all)",
        wall.as_secs_f64(),
        (rss_during.saturating_sub(rss_before)) as f64 / calls as f64,
        rss_before / 1024,
        rss_during / 1024,
        cpu.as_secs_f64() * 1e6 / calls as f64,
        cpu.as_secs_f64(),
    );
    host.shutdown().await;
}

const SDK_CALLS: CallCounts = CallCounts {
    warm: 500,
    batches: 20,
    per_batch: 1000,
    fresh: 200,
};

/// An auction written with a language SDK (`examples/auction/auction.py`
/// or `.js`): the time `livehost build` takes, compiling the component and
/// loading it from the compiled-component cache (as an upload and a
/// restart do), calls on a reused and on fresh instances, and the memory
/// one group's live instance holds.
async fn sdk_auction(label: &str, source: &str, store: &Store) {
    let dir = tempfile::tempdir().expect("dir");
    let wasm = dir.path().join("auction.wasm");
    let started = Instant::now();
    if let Err(e) =
        livehost::guest_build::build(&livehost_tests::workspace_root().join(source), &wasm)
    {
        println!("{label}: not measured, the build failed: {e}");
        return;
    }
    let build = started.elapsed();
    let bytes = std::fs::read(&wasm).expect("component");
    let cache = dir.path().join("cache");
    let started = Instant::now();
    let compiled = Runtime::new(Limits::default(), cache.clone())
        .expect("runtime")
        .load(&bytes)
        .await
        .expect("compile");
    drop(compiled);
    let compile = started.elapsed();
    let runtime = Runtime::new(Limits::default(), cache).expect("runtime");
    let started = Instant::now();
    let experiment = runtime.load(&bytes).await.expect("load");
    let cached = started.elapsed();
    println!(
        "{label} auction: {:.1} MB component; livehost build {:.1} s; compile {:.1} s; load from the cache {:.0} ms",
        bytes.len() as f64 / 1e6,
        build.as_secs_f64(),
        compile.as_secs_f64(),
        cached.as_secs_f64() * 1e3
    );
    guest_calls(label, &runtime, &experiment, store, &SDK_CALLS).await;
    instance_memory(label, &runtime, &experiment, store, 100).await;
    drop(experiment);
    drop(runtime);
    // 1,000 groups bidding at once with the host's default limits: the
    // instances' memory budget decides how many stay live.
    live_flow(label, &bytes, 1000, 10.0, Limits::default()).await;
}

/// The memory `n` groups' live instances hold, each after one call (RSS
/// growth over `n`), as a host with `n` busy groups keeps them.
async fn instance_memory(
    label: &str,
    runtime: &Runtime,
    experiment: &livehost::runtime::Experiment,
    store: &Store,
    n: u32,
) {
    let before = rss_kib();
    let mut live = Vec::new();
    for i in 0..n {
        let mut instance = sync_instance(runtime, experiment).await;
        let call = auction_call(store, &format!("memory-{i}"), StateCache::default());
        let (_, r) = instance.live_method(call, "Auction", BIDDER, "5").await;
        r.expect("call").expect("accepted");
        live.push(instance);
    }
    let per_instance = rss_kib().saturating_sub(before) as f64 / f64::from(n);
    println!(
        "{label} auction: {:.1} MiB per live group instance ({n} instances, each after one call; linear memory {:.1} MiB); 4 GiB holds {:.0} of them",
        per_instance / 1024.0,
        live[0].linear_memory() as f64 / f64::from(1 << 20),
        4.0 * 1024.0 * 1024.0 / per_instance
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing
    // useful either: this binary always runs the full set.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio");
    let auction = guest("auction");
    let dir = tempfile::tempdir().expect("dir");
    // LIVEHOST_BENCH=calls|reused|fresh|sdk|committer|live|async|session-model|pages runs one part.
    let only = std::env::var("LIVEHOST_BENCH").ok();
    let run = |part: &str| {
        only.as_deref()
            .is_none_or(|o| o == part || (o == "reused" && part == "calls"))
    };
    rt.block_on(async {
        let store = Store::open(&dir.path().join("bench.redb")).expect("store");
        if run("calls") {
            let runtime = Runtime::new(Limits::default(), cache_dir()).expect("runtime");
            let experiment = runtime.load(&auction).await.expect("load");
            guest_calls("Rust", &runtime, &experiment, &store, &RUST_CALLS).await;
            instance_memory("Rust", &runtime, &experiment, &store, 1000).await;
        }
        if run("fresh") {
            let runtime = Runtime::new(Limits::default(), cache_dir()).expect("runtime");
            let experiment = runtime.load(&auction).await.expect("load");
            fresh_instances("Rust", &runtime, &experiment, &store).await;
            for (label, source) in [
                ("Python", "examples/auction/auction.py"),
                ("JavaScript", "examples/auction/auction.js"),
            ] {
                let dir = tempfile::tempdir().expect("dir");
                let wasm = dir.path().join("auction.wasm");
                let source = livehost_tests::workspace_root().join(source);
                if let Err(e) = livehost::guest_build::build(&source, &wasm) {
                    println!("{label}: not measured, the build failed: {e}");
                    continue;
                }
                let bytes = std::fs::read(&wasm).expect("component");
                let experiment = runtime.load(&bytes).await.expect("load");
                fresh_instances(label, &runtime, &experiment, &store).await;
            }
        }
        if run("sdk") {
            sdk_auction("Python", "examples/auction/auction.py", &store).await;
            sdk_auction("JavaScript", "examples/auction/auction.js", &store).await;
        }
        if run("committer") {
            for groups in [1, 100, 10_000] {
                committer(&store, groups, 4, 3.0).await;
            }
        }
        store.close();
        if run("live") {
            for groups in [1, 100, 1000] {
                let limits = Limits {
                    max_instances: groups,
                    ..Limits::default()
                };
                live_flow("Rust", &auction, groups, 3.0, limits).await;
            }
        }
        if run("async") {
            async_calls(1000).await;
        }
        if run("session-model") {
            session_model(1000).await;
        }
        if run("pages") {
            page_loads(2000).await;
            for group in [0, 1] {
                page_timeouts(1000, group).await;
            }
        }
    });
}

/// Where a fresh instance's time goes: making it (a store, instantiating
/// the component), its first call (the auction's live method, whose pages
/// of memory it touches first), and dropping it (the pool's slot reset);
/// then the same for instances made ahead as a session's pool makes them
/// (warmed up with `info()`, timed apart), whose first call is what a call
/// that takes one waits for. Medians of `n`, each instance dropped before
/// the next is made, as a session's pool replaces one.
async fn fresh_instances(label: &str, runtime: &Runtime, experiment: &Experiment, store: &Store) {
    fresh_instance_parts(label, runtime, experiment, store, false).await;
    fresh_instance_parts(label, runtime, experiment, store, true).await;
}

async fn fresh_instance_parts(
    label: &str,
    runtime: &Runtime,
    experiment: &Experiment,
    store: &Store,
    ahead: bool,
) {
    let n: u32 = 300;
    let player = BIDDER;
    let (mut made, mut first, mut dropped) = (Vec::new(), Vec::new(), Vec::new());
    let faults = minor_faults();
    for i in 0..n {
        let started = Instant::now();
        let made_as = if ahead {
            runtime.instantiate_ahead(experiment).await
        } else {
            runtime.instantiate(experiment).await
        };
        let mut instance = as_sync(made_as.expect("instance"));
        made.push(started.elapsed());
        let call = auction_call(store, "bench", StateCache::default());
        let started = Instant::now();
        let (_, r) = instance
            .live_method(call, "Auction", player, &(1 + i).to_string())
            .await;
        first.push(started.elapsed());
        r.expect("call").expect("accepted");
        let started = Instant::now();
        drop(instance);
        dropped.push(started.elapsed());
    }
    let us = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e6
    };
    let faults = (minor_faults() - faults) / u64::from(n);
    let kind = if ahead {
        "instance made ahead: made and warmed up"
    } else {
        "fresh instance: made"
    };
    println!(
        "{label} {kind} in {:.0} us, its first call {:.0} us, dropped in {:.0} us (medians of {n}); {faults} page faults each",
        us(&mut made),
        us(&mut first),
        us(&mut dropped)
    );
}

/// A fresh instance of the bench's auction, whose live method is sync.
async fn sync_instance(runtime: &Runtime, experiment: &Experiment) -> SyncInstance {
    as_sync(runtime.instantiate(experiment).await.expect("instance"))
}

fn as_sync(instance: GroupInstance) -> SyncInstance {
    match instance {
        GroupInstance::Sync(instance) => instance,
        GroupInstance::Async(_) => panic!("the bench auction's live method is sync"),
    }
}

/// Builds an oTree app of `tests/guests/otree/` with `livehost build`,
/// its `__init__.py` changed by `edit` first (in a copy).
fn otree_app(name: &str, edit: impl Fn(&str) -> String) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().expect("dir");
    let app = dir.path().join(name);
    std::fs::create_dir_all(&app).expect("app folder");
    let source = livehost_tests::workspace_root()
        .join("tests/guests/otree")
        .join(name);
    for entry in std::fs::read_dir(&source).expect("the app's folder") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let mut text = std::fs::read_to_string(&path).expect("a text file");
            if path.file_name().is_some_and(|f| f == "__init__.py") {
                text = edit(&text);
            }
            std::fs::write(app.join(path.file_name().expect("name")), text).expect("copy");
        }
    }
    let wasm = dir.path().join(format!("{name}.wasm"));
    match livehost::guest_build::build(&app, &wasm) {
        Ok(()) => Some(std::fs::read(&wasm).expect("component")),
        Err(e) => {
            println!("{name}: not measured, the build failed: {e}");
            None
        }
    }
}

/// A host on a data file of its own (kept while the folder lives) with a
/// session of `participants` of the component `bytes`.
async fn session_of(
    bytes: &[u8],
    participants: u32,
) -> (tempfile::TempDir, Livehost, livehost::live::CreatedSession) {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = Config::new(dir.path().join("bench.redb"));
    config.cache_dir = cache_dir();
    let host = Livehost::open(config).expect("host");
    let record = host.add_experiment(bytes).await.expect("upload");
    let session = host
        .create_session(&record.sha, participants)
        .await
        .expect("session");
    (dir, host, session)
}

/// The p-th percentile of sorted `v`, in ms.
fn percentile_ms(v: &[Duration], p: f64) -> f64 {
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1e3
}

/// Page loads of the Python bargain's live page (its js_vars and its
/// vars_for_template, which writes a field): `show_page`, which runs the
/// page methods in the group's instance and waits for what they wrote to
/// be durable, against `participant_page`, which only finds where the
/// participant is. The difference is what the page methods add.
async fn page_loads(n: u32) {
    let Some(bytes) = otree_app("bargain", str::to_string) else {
        return;
    };
    let (_dir, host, session) = session_of(&bytes, 2).await;
    let code = session.participants[0].code.clone();
    // Intro, then the live page (Skipped is not displayed).
    host.show_page(&code).await.expect("show");
    host.advance_group(&code, "{}").await.expect("next");
    let (mut shown, mut found) = (
        Vec::with_capacity(n as usize),
        Vec::with_capacity(n as usize),
    );
    for _ in 0..200 {
        host.show_page(&code).await.expect("warm-up");
    }
    for _ in 0..n {
        let started = Instant::now();
        let page = host.show_page(&code).await.expect("show");
        shown.push(started.elapsed());
        assert!(page.view.is_some(), "the page methods ran");
        let started = Instant::now();
        host.participant_page(&code).await.expect("page");
        found.push(started.elapsed());
    }
    shown.sort();
    found.sort();
    println!(
        "Python page load (bargain's live page): with the page methods p50 {:.3} ms, p90 {:.3} ms; without {:.3} ms, {:.3} ms; the page methods add {:.3} ms at p50 ({n} loads each)",
        percentile_ms(&shown, 0.5),
        percentile_ms(&shown, 0.9),
        percentile_ms(&found, 0.5),
        percentile_ms(&found, 0.9),
        percentile_ms(&shown, 0.5) - percentile_ms(&found, 0.5),
    );
    host.shutdown().await;
}

/// oTree's session model at the size of a big online session (the crowd
/// app: one group of `participants`): creating the session, whose
/// creating_session gives every player a treatment and a value, and the
/// after_all_players_arrive that pays those above the mean when they have
/// all arrived (its running time, from its message-log entry).
async fn session_model(participants: u32) {
    let Some(bytes) = otree_app("crowd", str::to_string) else {
        return;
    };
    for run in 1..=3 {
        let dir = tempfile::tempdir().expect("dir");
        let mut config = Config::new(dir.path().join("bench.redb"));
        config.cache_dir = cache_dir();
        let host = Livehost::open(config).expect("host");
        let record = host.add_experiment(&bytes).await.expect("upload");
        let started = Instant::now();
        let session = host
            .create_session(&record.sha, participants)
            .await
            .expect("session");
        let created = started.elapsed();
        // Everyone starts on the wait page: the group's start releases them.
        let started = Instant::now();
        let code = &session.participants[0].code;
        host.show_page(code).await.expect("show");
        let mut released = None;
        for _ in 0..3000 {
            if host.position(code).await.expect("position").page.as_deref() == Some("Results") {
                released = Some(started.elapsed());
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let released = released.expect("released within 15 s");
        let hooks: Vec<(u64, String)> = host
            .store()
            .messages(&session.code, None, 10)
            .expect("log")
            .into_iter()
            .filter(|(_, m)| m.kind == livehost::store::MessageKind::Hook)
            .map(|(_, m)| (m.run_us, m.data))
            .collect();
        println!(
            "oTree session model, run {run}: a session of {participants} created in {:.0} ms (creating_session {:.0} ms); after_all_players_arrive over {participants} players {:.0} ms, all released {:.0} ms after the first page load",
            created.as_secs_f64() * 1e3,
            hooks.first().map_or(0.0, |h| h.0 as f64 / 1e3),
            hooks.get(1).map_or(0.0, |h| h.0 as f64 / 1e3),
            released.as_secs_f64() * 1e3,
        );
        host.shutdown().await;
    }
}

/// `participants` on the timed app's page (10 s here), no browser open: each page
/// is shown once (which sets its deadline), then the host times them all
/// out by itself. How late each move was durable after its deadline (the
/// host waits 0.5 s for an open page to submit itself first), read from
/// the data file every 20 ms. `group`: 0 is the
/// app's PLAYERS_PER_GROUP = None (one group of all), 1 gives groups of
/// one (each a group task with an instance of its own).
async fn page_timeouts(participants: u32, group: u32) {
    let (source, size) = if group == 0 {
        ("one group of all", "None")
    } else {
        ("groups of one", "1")
    };
    // 10 s: longer than showing the 1,000 pages takes, so that what is
    // measured is the timeouts, not the burst of arrivals.
    let Some(bytes) = otree_app("timed", |text| {
        text.replace(
            "PLAYERS_PER_GROUP = None",
            &format!("PLAYERS_PER_GROUP = {size}"),
        )
        .replace("SECONDS = 3", "SECONDS = 10")
    }) else {
        return;
    };
    let (_dir, host, session) = session_of(&bytes, participants).await;
    let started = Instant::now();
    let mut deadlines = Vec::new();
    for p in &session.participants {
        let page = host.show_page(&p.code).await.expect("show");
        deadlines.push(page.deadline_ms.expect("a timed page"));
    }
    let shown = started.elapsed();
    let mut late = Vec::new();
    let give_up = Instant::now() + Duration::from_secs(60);
    let mut waiting: Vec<usize> = (0..session.participants.len()).collect();
    while !waiting.is_empty() && Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as u64;
        // The data file's records (one read, not a request to each group,
        // which would load the host being measured): moved once durable.
        let records = host
            .session_participants(&session.code)
            .expect("participants");
        let mut still = Vec::new();
        for i in waiting {
            let record = &records[i];
            if record.page_index > 0 || record.finished {
                late.push(Duration::from_millis(now.saturating_sub(deadlines[i])));
            } else {
                still.push(i);
            }
        }
        waiting = still;
    }
    late.sort();
    println!(
        "{participants} participants on a timed page ({source}): shown in {:.1} s; moved on after their deadline: p50 {:.0} ms, p99 {:.0} ms, last {:.0} ms{}",
        shown.as_secs_f64(),
        percentile_ms(&late, 0.5),
        percentile_ms(&late, 0.99),
        late.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        if waiting.is_empty() {
            String::new()
        } else {
            format!("; {} never moved", waiting.len())
        },
    );
    host.shutdown().await;
}
