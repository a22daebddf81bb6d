//! The `livehost` command, built inside the test crate so that tests can
//! run it as a real process (`CARGO_BIN_EXE_livehost`).

fn main() -> std::process::ExitCode {
    livehost::cli::main()
}
