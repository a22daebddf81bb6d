//! The `livehost` binary; the commands live in [`livehost::cli`].

fn main() -> std::process::ExitCode {
    livehost::cli::main()
}
