//! Running the host as a service (`livehost serve`, `livehost demo`): open
//! the data file, settle the admin token, (for the demo) load the bundled
//! examples with a session each, listen, and on SIGTERM or Ctrl-C stop
//! cleanly: no new connections, calls in flight finished, everything
//! committed, page views closed with 1001.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tokio::net::TcpListener;

use crate::http::{AdminToken, ServeOptions};
use crate::live::SocketLimits;
use crate::{Config, Livehost};

/// What `serve` and `demo` share.
pub struct ServiceOptions {
    pub listen: String,
    pub admin_token: Option<String>,
    pub admin_token_file: Option<PathBuf>,
    pub public_url: Option<String>,
    pub sockets: SocketLimits,
    /// How long an async live method may take in all.
    pub async_call_deadline: std::time::Duration,
    /// `Limits::instance_memory`.
    pub instance_memory: usize,
    /// `Config::data_cache`.
    pub data_cache: usize,
    /// `ServeOptions::connections`.
    pub connections: crate::http::ConnectionLimits,
    /// `ServeOptions::room_seats_per_address`.
    pub room_seats_per_address: u32,
    /// `Config::node`.
    pub node: Option<crate::live::NodeId>,
    /// A cluster's other nodes' addresses (`ServeOptions::peers`).
    pub peers: Vec<String>,
}

/// Which service to run.
pub enum Setup {
    /// A lab's host on its data file.
    Serve { data: PathBuf },
    /// The examples, each with a session, listed at `/`.
    Demo {
        data_dir: PathBuf,
        examples: PathBuf,
    },
}

/// The examples the demo serves, by component file name.
pub const DEMO_EXAMPLES: &[&str] = &[
    "auction.wasm",
    "tic_tac_toe.wasm",
    "chat.wasm",
    "ten_messages.wasm",
    "bid_validation.wasm",
    "countdown.wasm",
    "shared_counter.wasm",
];

/// Runs until SIGTERM or Ctrl-C.
pub async fn serve(options: ServiceOptions, setup: Setup) -> anyhow::Result<()> {
    let data = match &setup {
        Setup::Serve { data } => data.clone(),
        Setup::Demo { data_dir, .. } => data_dir.join("demo.redb"),
    };
    let mut config = Config::new(&data);
    config.sockets = options.sockets.clone();
    config.limits.async_call_deadline = options.async_call_deadline;
    config.limits.instance_memory = options.instance_memory;
    config.data_cache = options.data_cache;
    config.node = options.node.clone();
    let host = Livehost::open(config).with_context(|| format!("opening {}", data.display()))?;
    let given = match (&options.admin_token, &options.admin_token_file) {
        (Some(t), _) => Some(t.trim().to_string()),
        (None, Some(file)) => Some(
            std::fs::read_to_string(file)
                .with_context(|| format!("reading the admin token file {}", file.display()))?
                .trim()
                .to_string(),
        ),
        (None, None) => None,
    };
    let token_file = admin_token_file(&data);
    let mut generated = false;
    let token = AdminToken::resolve(&host, given.as_deref(), |token| {
        generated = true;
        crate::private_files::write_new(&token_file, &format!("{token}\n")).with_context(|| {
            format!(
                "writing the new admin token to {}: remove the file if it is left from an older data file, or start with --admin-token",
                token_file.display()
            )
        })
    })?;
    let mut serve_options = ServeOptions::new(token);
    serve_options.public_url = options.public_url.clone();
    serve_options.connections = options.connections.clone();
    serve_options.room_seats_per_address = options.room_seats_per_address;
    serve_options.peers = crate::http::Peers::new(&options.peers, given.as_deref())?;
    if let Setup::Demo { examples, .. } = &setup {
        load_examples(&host, examples).await?;
        serve_options.index_lists_sessions = true;
    }
    let listener = TcpListener::bind(&options.listen).await.with_context(|| {
        format!(
            "listening on {}: is another program using it? Choose another with --listen",
            options.listen
        )
    })?;
    let address = listener.local_addr()?;
    // Before the address is printed: whoever reads it may stop us at once.
    let stop = stop_signal();
    if generated {
        println!(
            "livehost: a new admin token is in {} (readable by this user only; the data file keeps only its hash)",
            token_file.display()
        );
    }
    match &setup {
        Setup::Demo { .. } => {
            println!("livehost demo: open http://{address}/ and play each example in two tabs")
        }
        Setup::Serve { .. } => match &options.node {
            Some(node) => println!(
                "livehost: node {node} serving {} on http://{address}",
                data.display()
            ),
            None => println!("livehost: serving {} on http://{address}", data.display()),
        },
    }
    println!(
        "livehost: the researcher console is at http://{address}/admin (log in with the admin token{})",
        if given.is_some() {
            " you started it with".to_string()
        } else {
            format!(
                ", written to {} at the first start with this data file",
                token_file.display()
            )
        }
    );
    tracing::info!(address = %address, data = %data.display(), "serving");
    crate::http::serve(listener, host.clone(), serve_options, stop).await;
    host.shutdown().await;
    tracing::info!("stopped; everything is committed");
    Ok(())
}

/// Where a generated admin token is written: beside the data file, named
/// after it (`livehost.redb` → `livehost.redb.admin-token`).
pub fn admin_token_file(data: &std::path::Path) -> std::path::PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_os_string();
    name.push(".admin-token");
    data.with_file_name(name)
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT). The handlers are installed
/// when this is called, not when it is first awaited: a SIGTERM that comes
/// right after the host says where it listens still stops it cleanly.
pub fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The Python auction (`examples/auction/auction.py`, under the current
/// directory), built with `livehost build` into the examples' folder when
/// componentize-py is installed; a note otherwise. Returns 1 if served.
async fn load_python_auction(
    host: &Livehost,
    dir: &Path,
    sessions: &[crate::store::SessionRecord],
) -> usize {
    let source = Path::new("examples/auction/auction.py");
    if !source.exists() {
        return 0;
    }
    let output = dir.join("auction_python.wasm");
    // Built after the module was last changed and after this binary (which
    // holds the SDK) was.
    let modified = |p: &Path| std::fs::metadata(p).ok()?.modified().ok();
    let fresh = |out: &Path| -> Option<bool> {
        let built = modified(out)?;
        let exe = std::env::current_exe().ok()?;
        Some(built >= modified(source)? && built >= modified(&exe)?)
    };
    if fresh(&output) != Some(true) {
        let (source, out) = (source.to_path_buf(), output.clone());
        let built =
            tokio::task::spawn_blocking(move || crate::guest_build::build(&source, &out)).await;
        match built {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                println!("livehost demo: not serving the Python auction: {e}");
                return 0;
            }
            Err(_) => return 0,
        }
    }
    let Ok(bytes) = std::fs::read(&output) else {
        return 0;
    };
    let record = match host.add_experiment(&bytes).await {
        Ok(r) => r,
        Err(e) => {
            println!("livehost demo: not serving the Python auction: {e}");
            return 0;
        }
    };
    if !sessions.iter().any(|s| s.experiment == record.sha)
        && let Err(e) = host
            .create_session(&record.sha, record.info.players_per_group.max(1) * 2)
            .await
    {
        println!("livehost demo: not serving the Python auction: {e}");
        return 0;
    }
    1
}

/// Uploads the examples found in `dir` and gives each a session (two
/// groups), unless the data file has one for it already.
pub async fn load_examples(host: &Livehost, dir: &Path) -> anyhow::Result<()> {
    let mut loaded = 0;
    let sessions = host.sessions()?;
    for file in DEMO_EXAMPLES {
        let path = dir.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let record = host
            .add_experiment(&bytes)
            .await
            .with_context(|| format!("loading {}", path.display()))?;
        loaded += 1;
        if sessions.iter().any(|s| s.experiment == record.sha) {
            continue;
        }
        host.create_session(&record.sha, record.info.players_per_group.max(1) * 2)
            .await
            .with_context(|| format!("creating a session of {}", record.info.name))?;
    }
    loaded += load_python_auction(host, dir, &sessions).await;
    if loaded == 0 {
        // The default folder is the repository's build folder: an installed
        // livehost run elsewhere has none.
        anyhow::bail!(
            "no example components in {}: pass the folder that holds them with --examples DIR, or run the demo in livehost's repository after building them there with\n  cargo build --profile guest --target wasm32-wasip2 -p auction -p tic-tac-toe -p chat -p ten-messages -p bid-validation -p countdown -p shared-counter",
            dir.display()
        );
    }
    Ok(())
}
