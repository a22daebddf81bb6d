//! The `livehost` command line: parses arguments and runs the command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "livehost",
    version,
    about = "Runs real-time multiplayer experiments written as WebAssembly components"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the host as a service: participant pages, their websockets and
    /// the admin API on one address. Stops cleanly on SIGTERM or Ctrl-C.
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        /// The data file (created if missing).
        #[arg(
            long,
            env = "LIVEHOST_DATA",
            default_value = "livehost-data/livehost.redb"
        )]
        data: PathBuf,
    },
    /// Serves the bundled example experiments, one session each, with
    /// their participant links at http://127.0.0.1:8000/: open two links of
    /// one group in two tabs and play.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Where the demo keeps its data file.
        #[arg(long, default_value = "livehost-data")]
        data_dir: PathBuf,
        /// Where the examples' components are (built by the README's
        /// command; outside livehost's repository, name their folder).
        #[arg(long, default_value = "target/wasm32-wasip2/guest")]
        examples: PathBuf,
    },
    /// Builds an experiment written in Python or JavaScript (with livehost's SDK) into a
    /// component, with componentize-py or componentize-js.
    Build {
        /// The experiment's module: Python (.py) or JavaScript (.js).
        source: PathBuf,
        /// The component to write (.wasm).
        #[arg(long, short = 'o')]
        output: PathBuf,
    },
    /// Uploads an experiment component to a running host.
    Upload {
        /// The component (.wasm).
        component: PathBuf,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Creates or shows sessions on a running host.
    Session {
        #[command(subcommand)]
        command: SessionCommand,
    },
    /// Downloads a session's data from a running host: participants.csv,
    /// state.csv, rows.csv and messages.csv (or .json) in one folder, and
    /// each of its apps' custom exports as <app>_<function>.csv. The
    /// columns are listed in README ("Exporting a session's data").
    Export {
        /// The session's code.
        session: String,
        /// csv (a header line, one row per line) or json (an array of
        /// objects, one per line).
        #[arg(long, value_enum, default_value_t = crate::export::Format::Csv)]
        format: crate::export::Format,
        /// The folder to write to (created if missing; default
        /// `livehost-export-<session>`).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Plays a scenario file against an experiment component with the real
    /// runtime and a temporary data file (no server), checking every reply,
    /// then replays it with a fresh instance per call to catch state kept in
    /// guest memory.
    Bots {
        /// The experiment component (.wasm).
        component: PathBuf,
        /// The scenario (.json): see the README's "Scenarios" section.
        scenario: PathBuf,
    },
    /// Plays a recorded session again on a temporary data file, each call
    /// reading the clock and randomness it read when recorded, and reports
    /// the first difference from the recording (message log, then the state,
    /// rows and positions it ended with). Stop the host that uses the data
    /// file first, or replay a copy of it.
    Replay {
        /// The host's data file (`livehost serve --data`).
        data: PathBuf,
        /// The session's code.
        session: String,
        /// Replay with this version of the experiment (.wasm, e.g. from
        /// `livehost build`) instead of the recorded one.
        #[arg(long)]
        experiment: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum SessionCommand {
    /// Creates a session and prints its participant links.
    Create {
        /// The experiment: its SHA, a SHA prefix, or its name.
        experiment: String,
        /// How many participants (a multiple of every app's group size);
        /// without it, the session config's num_demo_participants.
        #[arg(long, short = 'n')]
        participants: Option<u32>,
        /// An oTree project's session config (one of its SESSION_CONFIGS,
        /// by name); without it, the first.
        #[arg(long, short = 'c')]
        config: Option<String>,
        /// Changes to the session config's values, each `key=value` with a
        /// JSON value (`participation_fee=5`, `treatment="\"high\""`, or
        /// a bare word taken as text: `treatment=high`).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Lists the sessions: code, experiment, participants, open or closed.
    List {
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Closes a session for good: its pages say so and take no more live
    /// messages or presses of next; recorded in the message log.
    Close {
        /// The session's code.
        session: String,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Moves a stuck participant past their current page (without the
    /// page's before-next); recorded in the message log.
    Advance {
        /// The session's code.
        session: String,
        /// The participant's code (as `session show` lists their links).
        participant: String,
        #[command(flatten)]
        admin: AdminArgs,
    },
    /// Shows a session's participants: page, group, connected.
    Show {
        /// The session's code.
        code: String,
        #[command(flatten)]
        admin: AdminArgs,
    },
}

#[derive(clap::Args)]
struct AdminArgs {
    /// The host's address.
    #[arg(long, env = "LIVEHOST_URL", default_value = "http://127.0.0.1:8000")]
    url: String,
    /// The admin token.
    #[arg(
        long = "admin-token",
        env = "LIVEHOST_ADMIN_TOKEN",
        hide_env_values = true
    )]
    token: String,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on. Put TLS in front with a reverse proxy (see
    /// docs/deploy.md).
    #[arg(long, env = "LIVEHOST_LISTEN", default_value = "127.0.0.1:8000")]
    listen: String,
    /// The admin API's bearer token, 32 characters or more. If neither this
    /// nor a token file is given, one is generated at first start, written
    /// to `<data file>.admin-token` (mode 0600), and kept hashed in the data
    /// file.
    #[arg(long, env = "LIVEHOST_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// A file holding the admin token (e.g. a systemd credential).
    #[arg(long, env = "LIVEHOST_ADMIN_TOKEN_FILE")]
    admin_token_file: Option<PathBuf>,
    /// The address participants reach the host at, for the links the admin
    /// API gives (e.g. https://lab.example.org).
    #[arg(long, env = "LIVEHOST_PUBLIC_URL")]
    public_url: Option<String>,
    /// Largest live message, in bytes.
    #[arg(long, default_value_t = 64 * 1024)]
    max_message_bytes: usize,
    /// Live messages per second a participant may send on average.
    #[arg(long, default_value_t = 20.0)]
    rate: f64,
    /// ... and in a burst.
    #[arg(long, default_value_t = 50.0)]
    burst: f64,
    /// Seconds an async live method may take in all, awaits included.
    #[arg(long, default_value_t = 60)]
    async_call_deadline: u64,
    /// MiB of linear memory all live group instances may hold together;
    /// past it, idle groups give their instances up (a Python instance
    /// counts 13 MiB, a Rust one 1-2 MiB). Keep it below the machine's
    /// memory, leaving about 1 GiB for the rest of the host.
    #[arg(long, default_value_t = 3 * 1024)]
    instance_memory_mib: usize,
    /// MiB of the data file's page cache: recently read and written pages,
    /// filled as the message log grows. More makes reading old state of
    /// large sessions faster; the host's memory grows by up to this much.
    #[arg(long, default_value_t = crate::store::DEFAULT_CACHE_BYTES >> 20)]
    data_cache_mib: usize,
    /// Connections open at once, in all (each open page holds one).
    #[arg(long, default_value_t = 20_000)]
    max_connections: usize,
    /// Connections open at once from one client address (the trusted
    /// proxy's own are counted in all only).
    #[arg(long, default_value_t = 2_000)]
    max_connections_per_address: usize,
    /// The reverse proxy in front (its address, e.g. 127.0.0.1): requests
    /// on its connections come from the client its X-Forwarded-For names,
    /// for the per-address limits. Without it the header is ignored.
    #[arg(long, env = "LIVEHOST_TRUSTED_PROXY")]
    trusted_proxy: Option<std::net::IpAddr>,
    /// Room-link seats one client address may take in a session (a lab's
    /// machines behind one NAT share an address: keep it above their
    /// number).
    #[arg(long, default_value_t = 60)]
    room_seats_per_address: u32,
    /// This host's node id in a cluster (1 to 12 lowercase letters and
    /// digits): the codes it makes start with it, so the proxy routes them
    /// here (docs/cluster.md). The data file keeps it: start it with the
    /// same one each time.
    #[arg(long, env = "LIVEHOST_NODE_ID")]
    node: Option<crate::live::NodeId>,
    /// Another node of the cluster, by its own address (repeat for each; a
    /// list naming this node too is fine): the session lists show their
    /// sessions, and uploads are sent on to them. Needs the admin token
    /// given, the same on every node.
    #[arg(long = "peer", env = "LIVEHOST_PEERS", value_delimiter = ',')]
    peers: Vec<String>,
}

/// Runs the `livehost` command with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_filter = match cli.command {
        Command::Serve { .. } | Command::Demo { .. } => "livehost=info,warn",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("livehost: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Bots {
            component,
            scenario,
        } => return runtime.block_on(bots(component, scenario)),
        Command::Replay {
            data,
            session,
            experiment,
        } => return runtime.block_on(replay(data, session, experiment)),
        Command::Serve { serve, data } => runtime.block_on(crate::service::serve(
            serve.options(),
            crate::service::Setup::Serve { data },
        )),
        Command::Demo {
            serve,
            data_dir,
            examples,
        } => runtime.block_on(crate::service::serve(
            serve.options(),
            crate::service::Setup::Demo { data_dir, examples },
        )),
        Command::Upload { component, admin } => runtime.block_on(upload(component, admin)),
        Command::Build { source, output } => build(&source, &output),
        Command::Session { command } => runtime.block_on(session(command)),
        Command::Export {
            session,
            format,
            out,
            admin,
        } => runtime.block_on(export(session, format, out, admin)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livehost: {e:#}");
            ExitCode::FAILURE
        }
    }
}

impl ServeArgs {
    fn options(self) -> crate::service::ServiceOptions {
        crate::service::ServiceOptions {
            listen: self.listen,
            admin_token: self.admin_token,
            admin_token_file: self.admin_token_file,
            public_url: self.public_url,
            async_call_deadline: std::time::Duration::from_secs(self.async_call_deadline.max(1)),
            instance_memory: self.instance_memory_mib.max(1).saturating_mul(1 << 20),
            data_cache: self.data_cache_mib.saturating_mul(1 << 20),
            sockets: crate::live::SocketLimits {
                max_message_bytes: self.max_message_bytes,
                rate_per_sec: self.rate,
                burst: self.burst,
                ..Default::default()
            },
            connections: crate::http::ConnectionLimits {
                max_connections: self.max_connections.max(1),
                max_per_address: self.max_connections_per_address.max(1),
                trusted_proxy: self.trusted_proxy,
                ..Default::default()
            },
            room_seats_per_address: self.room_seats_per_address.max(1),
            node: self.node,
            peers: self.peers,
        }
    }
}

/// `livehost build`: the build's steps on stderr as they go, the result on
/// stdout.
fn build(source: &std::path::Path, output: &std::path::Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    crate::guest_build::build_reporting(source, output, &|step| eprintln!("{step}"))?;
    let size = std::fs::metadata(output).map_or(0, |m| m.len());
    println!(
        "built {} ({:.1} MB) in {:.1} s",
        output.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn upload(component: PathBuf, admin: AdminArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&component)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", component.display()))?;
    let url = format!("{}/api/experiments", admin.url.trim_end_matches('/'));
    // Progress on stderr as the bytes go (each tenth), then while the host
    // checks and compiles the component.
    let total = bytes.len();
    let mut shown = 0;
    let body = crate::web_client::reporting(bytes.into(), move |sent| {
        let tenth = sent * 10 / total.max(1);
        if tenth > shown {
            shown = tenth;
            eprintln!("uploading: {}% of {:.1} MB", tenth * 10, total as f64 / 1e6);
            if sent == total {
                eprintln!(
                    "the host checks and compiles the component (a Python one takes 5 to 15 s, a known one is at once)"
                );
            }
        }
    });
    let answer = crate::http::client::api_body(
        hyper::Method::POST,
        &url,
        &admin.token,
        "application/wasm",
        body,
    )
    .await?;
    let field = |k: &str| answer.get(k).and_then(|v| v.as_str()).unwrap_or("");
    println!(
        "uploaded {} ({}): sha {}{}",
        field("name"),
        component.display(),
        field("sha"),
        if answer.get("new") == Some(&serde_json::Value::Bool(false)) {
            " (stored already)"
        } else {
            ""
        }
    );
    // A cluster's node sends the upload on to its peers.
    let peers: Vec<crate::http::PeerUpload> = answer
        .get("peers")
        .cloned()
        .map(serde_json::from_value)
        .transpose()?
        .unwrap_or_default();
    let missing: Vec<_> = peers.iter().filter(|p| !p.installed).collect();
    for p in &peers {
        match &p.error {
            None => println!("  also on {}", p.peer),
            Some(e) => eprintln!("livehost: NOT on {}: {e}", p.peer),
        }
    }
    if !missing.is_empty() {
        anyhow::bail!(
            "{} of the cluster's nodes did not take the experiment, and sessions of it cannot be created there: upload it again once they are up",
            missing.len()
        );
    }
    Ok(())
}

async fn export(
    session: String,
    format: crate::export::Format,
    out: Option<PathBuf>,
    admin: AdminArgs,
) -> anyhow::Result<()> {
    let base = admin.url.trim_end_matches('/');
    // An unknown session or a wrong token fails before any folder is made.
    let url = format!("{base}/api/sessions/{session}");
    let info = crate::http::client::api(hyper::Method::GET, &url, &admin.token, None).await?;
    let out = out.unwrap_or_else(|| PathBuf::from(format!("livehost-export-{session}")));
    std::fs::create_dir_all(&out)
        .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", out.display()))?;
    for part in crate::export::Part::ALL {
        let file = format!("{}.{}", part.name(), format.extension());
        let url = format!("{base}/api/sessions/{session}/export/{file}");
        let to = out.join(&file);
        let bytes = crate::http::client::download(&url, &admin.token, &to).await?;
        println!("{} ({bytes} bytes)", to.display());
    }
    // The apps' own tables (oTree's custom_export functions), as CSV.
    let info: crate::http::admin_api::SessionInfo = serde_json::from_value(info).map_err(|e| {
        anyhow::anyhow!("the host's answer about session {session} is not what livehost sends: {e}")
    })?;
    for table in &info.custom_exports {
        let file = format!("{}_{}.csv", table.app, table.function);
        let url = format!(
            "{base}/api/sessions/{session}/custom-export/{}/{}.csv",
            table.app, table.function
        );
        let to = out.join(&file);
        let bytes = crate::http::client::download(&url, &admin.token, &to).await?;
        println!("{} ({bytes} bytes)", to.display());
    }
    Ok(())
}

async fn session(command: SessionCommand) -> anyhow::Result<()> {
    let answer = match command {
        SessionCommand::Create {
            experiment,
            participants,
            config,
            set,
            admin,
        } => {
            let url = format!("{}/api/sessions", admin.url.trim_end_matches('/'));
            let mut body = serde_json::json!({ "experiment": experiment, "participants": participants.unwrap_or(0) });
            if let Some(config) = config {
                body["session_config"] = config.into();
            }
            if !set.is_empty() {
                body["config"] = config_changes(&set)?.into();
            }
            crate::http::client::api(
                hyper::Method::POST,
                &url,
                &admin.token,
                Some(("application/json", body.to_string().into_bytes())),
            )
            .await?
        }
        SessionCommand::List { admin } => {
            let url = format!("{}/api/sessions", admin.url.trim_end_matches('/'));
            let answer = crate::http::client::request(
                hyper::Method::GET,
                &url,
                Some(&admin.token),
                None,
                Vec::new(),
            )
            .await?;
            let sessions: Vec<crate::http::admin_api::SessionSummary> =
                serde_json::from_value(answer.json()?)?;
            for s in sessions {
                let state = if s.closed_ms.is_some() {
                    "closed"
                } else {
                    "open"
                };
                let node = s.node.map(|n| format!("  node {n}")).unwrap_or_default();
                println!(
                    "{}  {}  {} participants  {state}{node}",
                    s.code, s.name, s.participants
                );
            }
            if let Some(missing) = answer
                .headers
                .get(crate::http::UNREACHABLE_PEERS)
                .and_then(|v| v.to_str().ok())
            {
                eprintln!(
                    "livehost: these nodes did not answer, and their sessions are not listed: {missing}"
                );
            }
            return Ok(());
        }
        SessionCommand::Close { session, admin } => {
            let url = format!(
                "{}/api/sessions/{session}/close",
                admin.url.trim_end_matches('/')
            );
            crate::http::client::api(hyper::Method::POST, &url, &admin.token, None).await?;
            println!("session {session} is closed");
            return Ok(());
        }
        SessionCommand::Advance {
            session,
            participant,
            admin,
        } => {
            let url = format!(
                "{}/api/sessions/{session}/participants/{participant}/advance",
                admin.url.trim_end_matches('/')
            );
            let p = crate::http::client::api(hyper::Method::POST, &url, &admin.token, None).await?;
            let now = match p["page"].as_str() {
                Some(page) => format!("now on {page}, round {}", p["round"]),
                None => "now finished".to_string(),
            };
            println!("participant {participant} moved on: {now}");
            return Ok(());
        }
        SessionCommand::Show { code, admin } => {
            let url = format!("{}/api/sessions/{code}", admin.url.trim_end_matches('/'));
            crate::http::client::api(hyper::Method::GET, &url, &admin.token, None).await?
        }
    };
    let session: crate::http::admin_api::SessionInfo = serde_json::from_value(answer)?;
    println!(
        "session {} of {} ({})",
        session.code, session.name, session.experiment
    );
    for p in &session.participants {
        let at = match (&p.page, p.finished) {
            (_, true) => "finished".to_string(),
            (Some(page), _) => format!("round {}, {page}", p.round),
            (None, _) => String::new(),
        };
        println!(
            "  group {:>3} player {:>2}  {}  {}  {} open",
            p.group_id, p.id_in_group, p.link, at, p.connected
        );
    }
    Ok(())
}

async fn bots(component: PathBuf, scenario: PathBuf) -> ExitCode {
    let read =
        |p: &PathBuf| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (bytes, text) = match (read(&component), read(&scenario)) {
        (Ok(b), Ok(t)) => (b, t),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("livehost bots: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = match crate::bots::Scenario::parse(&String::from_utf8_lossy(&text)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("livehost bots: {}: {e}", scenario.display());
            return ExitCode::from(2);
        }
    };
    match crate::bots::run(&bytes, &scenario).await {
        Ok(report) => {
            for line in &report.lines {
                println!("{line}");
            }
            println!(
                "bots: {} passed, {} failed",
                report.passed,
                report.failures.len()
            );
            if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("livehost bots: {e}");
            ExitCode::from(2)
        }
    }
}

async fn replay(data: PathBuf, session: String, experiment: Option<PathBuf>) -> ExitCode {
    let bytes = match experiment.as_ref().map(std::fs::read).transpose() {
        Ok(bytes) => bytes,
        Err(e) => {
            let path = experiment.unwrap_or_default();
            eprintln!("livehost replay: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    match crate::replay::run(&data, &session, bytes).await {
        Ok(report) => {
            let short = |sha: &str| sha.chars().take(12).collect::<String>();
            println!(
                "replayed session {session}, recorded with experiment {}, with experiment {}",
                short(&report.recorded_with),
                short(&report.replayed_with)
            );
            match report.difference {
                None => {
                    println!(
                        "no difference: {} entries of the message log, then the state, rows and everyone's place, as recorded",
                        report.entries
                    );
                    ExitCode::SUCCESS
                }
                Some(difference) => {
                    println!(
                        "first difference, after {} entries the same: {difference}",
                        report.entries
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("livehost replay: {e}");
            ExitCode::from(2)
        }
    }
}

/// `--set key=value` changes as a JSON object: each value JSON, or text
/// when it is not JSON (`treatment=high`).
fn config_changes(set: &[String]) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let mut changes = serde_json::Map::new();
    for item in set {
        let Some((key, value)) = item.split_once('=') else {
            anyhow::bail!("--set {item:?} is not key=value: write e.g. --set participation_fee=5");
        };
        let value = serde_json::from_str(value.trim())
            .unwrap_or_else(|_| serde_json::Value::String(value.to_string()));
        changes.insert(key.trim().to_string(), value);
    }
    Ok(changes)
}
