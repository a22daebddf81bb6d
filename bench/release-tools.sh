# Sourced by the benchmark scripts: `bin`, the release build's folder, once
# it holds livehost and livehost-bench (else says how to build them).
bin="$root/target/release"
for tool in livehost livehost-bench; do
    if [ ! -x "$bin/$tool" ]; then
        echo "no $bin/$tool: cargo build --release -p livehost-tests --bins -p livehost" >&2
        exit 2
    fi
done
