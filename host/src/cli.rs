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
}

/// Runs the `livehost` command with the process's arguments.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
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
    match cli.command {
        Command::Bots {
            component,
            scenario,
        } => runtime.block_on(bots(component, scenario)),
    }
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
