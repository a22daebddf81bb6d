//! The `livehost` binary; the commands live in [`livehost::cli`].

/// mimalloc: live messages allocate many small strings on the async workers
/// and free them on the committer thread, which glibc's allocator handles
/// poorly (measured: in-process live_message throughput rose from about
/// 40,000 to 60,000 msgs/s with it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    livehost::cli::main()
}
