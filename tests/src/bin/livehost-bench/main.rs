//! `livehost-bench`: the load benchmark. It starts a host on a temporary
//! data file (or uses a running one), uploads the bench auction (four
//! bidders per group, every bid broadcast), creates a session of N
//! participants through the admin API, opens each one's page view over a
//! real websocket and bids, in a closed loop (the next bid when one's own
//! broadcast is back) or an open loop (Poisson arrivals at a fixed offered
//! rate). It prints a progress line each second and at the end the
//! figures (msgs/s, deliveries/s, latency from send to own broadcast,
//! errors, lost and late bids, the host's CPU and memory from /proc), then
//! the same as one JSON line.
//!
//! `--target otree` drives an oTree 6 server with the same workload
//! (`otree.rs`): the same auction written as an oTree app (`bench/otree`,
//! its venv made by `bench/otree/setup.sh`), the same bidders, pace and
//! figures; only the socket's address and frames differ. The same app built
//! for livehost (`livehost build bench/otree`) is driven with `--component`;
//! `bench/otree/side-by-side.sh` runs both in turn.
//!
//!     cargo build --release -p livehost-tests --bins
//!     target/release/livehost-bench --participants 40 --seconds 10
//!     target/release/livehost-bench --mode open --rate 10000 --participants 1000
//!     target/release/livehost-bench --participants 4 --bidders 1
//!     target/release/livehost-bench --participants 10000 --bidders 0 --seconds 5
//!     target/release/livehost-bench --mode open --rate 5000 --participants 400 --seconds 1800 --every 60
//!     target/release/livehost-bench --participants 40 --monitors 1
//!     target/release/livehost-bench --target otree --otree-venv bench/otree/.venv --participants 40
//!     target/release/livehost-bench --component target/bench-otree.wasm --participants 40

mod host_process;
mod monitor;
mod otree;
mod participants;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use hyper::Method;
use livehost::http::admin_api::SessionInfo;
use livehost::http::client;
use livehost_tests::process::{Process, start};
use serde_json::{Value, json};
use tokio::time::Instant;

use participants::{Bidder, Counters, Outcome, Pace, Protocol, Seat};

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Mode {
    /// Each participant bids again as soon as its own broadcast is back.
    Closed,
    /// Bids arrive at random times at `--rate` per second in all.
    Open,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Kind {
    /// livehost (started here on a temporary data file, or `--url`).
    Livehost,
    /// oTree 6's `otree prodserver` (started here on a copy of
    /// `--otree-project`, or `--url`).
    Otree,
}

#[derive(Parser)]
#[command(
    about = "Drives a livehost with auction bidders over real websockets and reports throughput and latency"
)]
struct Args {
    /// Participants (a multiple of 4: the bench auction's groups have four).
    #[arg(long, default_value_t = 40)]
    participants: u32,
    /// Closed or open loop.
    #[arg(long, value_enum, default_value_t = Mode::Closed)]
    mode: Mode,
    /// How many of the participants bid (the first of each group first);
    /// the others keep their page views open and receive. Default: all.
    #[arg(long)]
    bidders: Option<u32>,
    /// Open loop: live messages offered per second, over all bidders.
    #[arg(long, default_value_t = 10_000.0)]
    rate: f64,
    /// How long to bid, in seconds.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Seconds between progress lines (each with that stretch's latency
    /// and the host's memory): e.g. 60 for a soak run of --seconds 1800.
    #[arg(long, default_value_t = 1.0)]
    every: f64,
    /// A bid answered later than this many milliseconds counts as late.
    #[arg(long, default_value_t = 10.0)]
    late_ms: f64,
    /// A running host to drive (else one is started on a temporary data
    /// file, with the rate limit raised for the run). Give it `--rate` and
    /// `--burst` high enough for the load.
    #[arg(long)]
    url: Option<String>,
    /// The running host's admin token.
    #[arg(long, env = "LIVEHOST_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// The running host's process id, for its CPU and memory figures.
    #[arg(long)]
    host_pid: Option<u32>,
    /// Researchers watching the session's monitor in the console (each
    /// reads every group's log as it happens).
    #[arg(long, default_value_t = 0)]
    monitors: u32,
    /// The load generator's threads (1: one thread, like a browser's
    /// page; default: one per core). It shares the machine with the host.
    #[arg(long)]
    client_threads: Option<usize>,
    /// The `livehost` binary to start (default: the one next to this one).
    #[arg(long)]
    livehost: Option<PathBuf>,
    /// The experiment component (default: the bench auction, built with
    /// cargo if needed; `livehost build bench/otree` makes the oTree app's).
    #[arg(long)]
    component: Option<PathBuf>,
    /// The server to drive.
    #[arg(long, value_enum, default_value_t = Kind::Livehost)]
    target: Kind,
    /// `--target otree`: the virtual environment with oTree 6 (made by
    /// `bench/otree/setup.sh`).
    #[arg(long, default_value = "bench/otree/.venv")]
    otree_venv: PathBuf,
    /// `--target otree`: the oTree project to serve (copied to a temporary
    /// directory, so its database starts empty).
    #[arg(long, default_value = "bench/otree")]
    otree_project: PathBuf,
    /// The session config to play: oTree's (default `auction`), or that of
    /// an oTree project built for livehost (default: its first).
    #[arg(long)]
    session_config: Option<String>,
    /// Sessions the participants are split into (each a multiple of 4): in
    /// a cluster (`--url` the proxy's), the proxy places each on a node.
    #[arg(long, default_value_t = 1)]
    sessions: u32,
    /// `--target otree --url`: the running server's REST key.
    #[arg(long, env = "OTREE_REST_KEY", hide_env_values = true)]
    otree_rest_key: Option<String>,
}

/// The host under load: started here, or already running.
struct Target {
    url: String,
    token: String,
    pid: Option<u32>,
    process: Option<Process>,
    _data: Option<tempfile::TempDir>,
}

fn target(args: &Args) -> anyhow::Result<Target> {
    if let Some(url) = &args.url {
        let token = args.admin_token.clone().ok_or_else(|| {
            anyhow::anyhow!("--url needs --admin-token (or LIVEHOST_ADMIN_TOKEN)")
        })?;
        return Ok(Target {
            url: url.trim_end_matches('/').to_string(),
            token,
            pid: args.host_pid,
            process: None,
            _data: None,
        });
    }
    let bin = match &args.livehost {
        Some(b) => b.clone(),
        None => std::env::current_exe()?.with_file_name("livehost"),
    };
    if !bin.is_file() {
        anyhow::bail!(
            "{} is missing: build it with `cargo build --release -p livehost-tests --bins`, or name one with --livehost",
            bin.display()
        );
    }
    let data = tempfile::tempdir()?;
    let token = format!(
        "bench-{:016x}{:016x}",
        rand::random::<u64>(),
        rand::random::<u64>()
    );
    let file = data.path().join("bench.redb");
    let process = start(
        &bin.to_string_lossy(),
        &[
            "serve",
            "--data",
            &file.to_string_lossy(),
            "--admin-token",
            &token,
            "--rate",
            "1000000",
            "--burst",
            "1000000",
            // Every client is on this machine's one address.
            "--max-connections",
            "1000000",
            "--max-connections-per-address",
            "1000000",
        ],
    );
    Ok(Target {
        url: format!("http://{}", process.addr),
        token,
        pid: Some(process.pid()),
        process: Some(process),
        _data: Some(data),
    })
}

/// Uploads the component and creates `sessions` sessions of `n`
/// participants in all: their codes and the participants' page sockets,
/// session after session, in participant order.
async fn sessions(
    target: &Target,
    component: &[u8],
    n: u32,
    sessions: u32,
    config: Option<&str>,
) -> anyhow::Result<(Vec<String>, Vec<Seat>)> {
    let uploaded = client::api(
        Method::POST,
        &format!("{}/api/experiments", target.url),
        &target.token,
        Some(("application/wasm", component.to_vec())),
    )
    .await?;
    let sha = uploaded["sha"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("the upload's answer has no sha: {uploaded}"))?;
    let each = n / sessions;
    let addr = target.url.trim_start_matches("http://");
    let (mut codes, mut seats) = (Vec::new(), Vec::new());
    for _ in 0..sessions {
        let created = client::api(
            Method::POST,
            &format!("{}/api/sessions", target.url),
            &target.token,
            Some((
                "application/json",
                match config {
                    Some(c) => {
                        json!({"experiment": sha, "participants": each, "session_config": c})
                    }
                    None => json!({"experiment": sha, "participants": each}),
                }
                .to_string()
                .into_bytes(),
            )),
        )
        .await?;
        let session: SessionInfo = serde_json::from_value(created)
            .map_err(|e| anyhow::anyhow!("the session's answer is not a session: {e}"))?;
        for p in session.participants {
            // The page it is on: `Auction` of the Rust bench auction,
            // `auction/Auction` of an oTree project's.
            let page = p.page.unwrap_or_else(|| "Auction".into());
            let page: String = form_urlencoded::byte_serialize(page.as_bytes()).collect();
            let i = seats.len();
            seats.push(Seat {
                url: format!("ws://{addr}/live/{}?view=bench{i}&page={page}", p.code),
                id_in_group: p.id_in_group,
            });
        }
        codes.push(session.code);
    }
    Ok((codes, seats))
}

/// The server under load.
enum Under {
    Livehost(Target),
    Otree(otree::Server),
}

impl Under {
    /// Its process id, for its CPU and memory figures.
    fn pid(&self, args: &Args) -> Option<u32> {
        match self {
            Under::Livehost(t) => t.pid,
            Under::Otree(s) => s.pid().or(args.host_pid),
        }
    }

    /// Stops it if it was started here.
    fn stop(&mut self) {
        match self {
            Under::Livehost(t) => {
                if let Some(process) = t.process.take() {
                    process.terminate();
                }
            }
            Under::Otree(s) => s.stop(),
        }
    }
}

/// The `q` quantile of sorted latencies, in milliseconds.
fn quantile_ms(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

async fn run(args: Args) -> anyhow::Result<Value> {
    if args.participants == 0 || !args.participants.is_multiple_of(4) {
        anyhow::bail!(
            "--participants must be a positive multiple of 4 (the bench auction's groups have four bidders)"
        );
    }
    if args.sessions == 0 || !args.participants.is_multiple_of(4 * args.sessions) {
        anyhow::bail!(
            "--sessions must split --participants into sessions of a multiple of 4 each (e.g. --participants 80 --sessions 2)"
        );
    }
    if args.sessions > 1 && args.target == Kind::Otree {
        anyhow::bail!("--sessions is livehost's: oTree is driven with one session");
    }
    let mut server_version = None;
    let mut under = match args.target {
        Kind::Livehost => Under::Livehost(target(&args)?),
        Kind::Otree => {
            if args.component.is_some() {
                anyhow::bail!(
                    "--component is livehost's: oTree serves --otree-project (bench/otree) itself"
                );
            }
            if args.monitors > 0 {
                anyhow::bail!(
                    "--monitors watch livehost's console: leave it out with --target otree"
                );
            }
            Under::Otree(match &args.url {
                Some(url) => {
                    let key = args.otree_rest_key.clone().ok_or_else(|| {
                        anyhow::anyhow!(
                            "--target otree --url needs --otree-rest-key (or OTREE_REST_KEY), the server's REST key"
                        )
                    })?;
                    otree::Server::running(url, key)
                }
                None => {
                    server_version = Some(otree::version(&args.otree_venv)?);
                    otree::Server::start(&args.otree_venv, &args.otree_project).await?
                }
            })
        }
    };
    let result = drive(&args, &under, server_version).await;
    // Stopped whatever happened (an oTree server also when dropped).
    under.stop();
    result
}

/// Creates the session, opens every page, bids and measures.
async fn drive(
    args: &Args,
    under: &Under,
    server_version: Option<String>,
) -> anyhow::Result<Value> {
    let (codes, seats, protocol, addr, token) = match under {
        Under::Livehost(target) => {
            let component = match &args.component {
                Some(path) => std::fs::read(path)
                    .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?,
                None => livehost_tests::guest("bench-auction"),
            };
            let (codes, seats) = sessions(
                target,
                &component,
                args.participants,
                args.sessions,
                args.session_config.as_deref(),
            )
            .await?;
            let addr = target.url.trim_start_matches("http://").to_string();
            (codes, seats, Protocol::Livehost, addr, target.token.clone())
        }
        Under::Otree(server) => {
            let config = args.session_config.as_deref().unwrap_or("auction");
            let (code, seats) = server.session(config, args.participants).await?;
            let addr = server.addr().to_string();
            (vec![code], seats, Protocol::Otree, addr, String::new())
        }
    };
    let pid = under.pid(args);

    // Every page view open before the first bid (at most 100 opening at once).
    let opening = Arc::new(tokio::sync::Semaphore::new(100));
    let mut sockets = Vec::new();
    for seat in &seats {
        let (opening, url) = (opening.clone(), seat.url.clone());
        sockets.push(tokio::spawn(async move {
            let _turn = opening.acquire().await;
            participants::connect(&url).await
        }));
    }
    let mut opened = Vec::new();
    for s in sockets {
        opened.push(s.await?.map_err(anyhow::Error::msg)?);
    }

    let counters = Arc::new(Counters::default());
    let bidders = args
        .bidders
        .unwrap_or(args.participants)
        .min(args.participants);
    let groups = args.participants / 4;
    // The first bidder of every group, then the second, and so on.
    let bids = |i: usize| {
        let (group, seat) = (i as u32 / 4, i as u32 % 4);
        seat * groups + group < bidders
    };
    let pace = match args.mode {
        Mode::Closed => Pace::Closed,
        Mode::Open => Pace::Open {
            per_second: args.rate / f64::from(bidders.max(1)),
        },
    };
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(args.seconds);
    let watched = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut monitors = Vec::new();
    if args.monitors > 0 {
        let cookie = monitor::log_in(&addr, &token)
            .await
            .map_err(anyhow::Error::msg)?;
        for _ in 0..args.monitors {
            monitors.push(tokio::spawn(monitor::watch(
                addr.clone(),
                cookie.clone(),
                codes[0].clone(),
                until + Duration::from_secs(2),
                watched.clone(),
            )));
        }
    }
    let cpu_before = pid.and_then(host_process::cpu_time);
    let mut runs = Vec::new();
    for (i, (socket, seat)) in opened.into_iter().zip(&seats).enumerate() {
        let bidder = Bidder {
            socket,
            protocol,
            id_in_group: seat.id_in_group,
            index: i as u64,
            pace: if bids(i) { pace } else { Pace::Idle },
            until,
            grace: Duration::from_secs(2),
            late: Duration::from_secs_f64(args.late_ms / 1000.0),
            counters: counters.clone(),
        };
        runs.push(tokio::spawn(bidder.run()));
    }

    // A progress line every `--every` seconds while they bid.
    let every = Duration::from_secs_f64(args.every.max(0.1));
    let mut last = (Instant::now(), 0u64, 0u64);
    while Instant::now() < until {
        tokio::time::sleep(every.min(until - Instant::now())).await;
        let mut recent = counters
            .recent
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default();
        recent.sort_unstable();
        let (sent, delivered) = (
            counters.sent.load(Ordering::Relaxed),
            counters.deliveries.load(Ordering::Relaxed),
        );
        let dt = last.0.elapsed().as_secs_f64().max(1e-9);
        let rss = pid
            .and_then(|p| host_process::status_kib(p, "VmRSS:"))
            .map_or_else(String::new, |k| format!(", host RSS {} MiB", k / 1024));
        eprintln!(
            "{:6.1} s: {:.0} msgs/s, {:.0} deliveries/s, p50 {} ms, p99 {} ms, {} errors{rss}",
            started.elapsed().as_secs_f64(),
            (sent - last.1) as f64 / dt,
            (delivered - last.2) as f64 / dt,
            quantile_ms(&recent, 0.5),
            quantile_ms(&recent, 0.99),
            counters.errors.load(Ordering::Relaxed),
        );
        last = (Instant::now(), sent, delivered);
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = match (pid.and_then(host_process::cpu_time), cpu_before) {
        (Some(after), Some(before)) => Some((after - before).as_secs_f64() / wall * 100.0),
        _ => None,
    };
    let mut all = Outcome::default();
    for r in runs {
        let o = r.await?;
        all.latencies_us.extend(o.latencies_us);
        all.lost += o.lost;
        all.last_answer = all.last_answer.max(o.last_answer);
        all.late += o.late;
        if all.error.is_none() {
            all.error = o.error;
        }
    }
    for m in monitors {
        m.await?.map_err(anyhow::Error::msg)?;
    }
    all.latencies_us.sort_unstable();
    let rss = pid.and_then(|p| host_process::status_kib(p, "VmRSS:"));
    let peak = pid.and_then(|p| host_process::status_kib(p, "VmHWM:"));
    // Rates over the time the answers took: the bidding, or until the last
    // answer of a server that fell behind (within the 2 s of grace).
    let span = all
        .last_answer
        .map_or(wall, |t| t.duration_since(started).as_secs_f64().max(wall));
    let l = &all.latencies_us;
    Ok(json!({
        "target": if args.target == Kind::Otree { "otree" } else { "livehost" },
        "server_version": server_version,
        "sessions": codes,
        "mode": if args.mode == Mode::Closed { "closed" } else { "open" },
        "participants": args.participants,
        "bidders": bidders,
        "offered_per_s": if args.mode == Mode::Open { Some(args.rate) } else { None },
        "seconds": span,
        "sent": counters.sent.load(Ordering::Relaxed),
        "answered": counters.answered.load(Ordering::Relaxed),
        "msgs_per_s": counters.answered.load(Ordering::Relaxed) as f64 / span,
        "deliveries_per_s": counters.deliveries.load(Ordering::Relaxed) as f64 / span,
        "latency_ms": {
            "p50": quantile_ms(l, 0.50),
            "p90": quantile_ms(l, 0.90),
            "p99": quantile_ms(l, 0.99),
            "max": quantile_ms(l, 1.0),
        },
        "errors": counters.errors.load(Ordering::Relaxed),
        "first_error": all.error,
        "lost": all.lost,
        "late": all.late,
        "late_ms": args.late_ms,
        "host_cpu_percent": cpu,
        "host_rss_mib": rss.map(|k| k / 1024),
        "host_peak_rss_mib": peak.map(|k| k / 1024),
        "monitors": args.monitors,
        "monitor_entries": watched.load(Ordering::Relaxed),
    }))
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut builder = match args.client_threads {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        Some(n) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(n.max(1));
            b
        }
        None => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("livehost-bench: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(report) => {
            let l = &report["latency_ms"];
            println!(
                "{}: {} loop, {} participants ({} bidding): {:.0} msgs/s, {:.0} deliveries/s; latency p50 {} ms, p90 {} ms, p99 {} ms, max {} ms; {} errors, {} lost, {} late; host CPU {}%, RSS {} MiB (peak {} MiB)",
                report["target"].as_str().unwrap_or_default(),
                report["mode"].as_str().unwrap_or_default(),
                report["participants"],
                report["bidders"],
                report["msgs_per_s"].as_f64().unwrap_or(0.0),
                report["deliveries_per_s"].as_f64().unwrap_or(0.0),
                l["p50"],
                l["p90"],
                l["p99"],
                l["max"],
                report["errors"],
                report["lost"],
                report["late"],
                report["host_cpu_percent"]
                    .as_f64()
                    .map_or("?".into(), |c| format!("{c:.0}")),
                report["host_rss_mib"],
                report["host_peak_rss_mib"],
            );
            println!("{report}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("livehost-bench: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
