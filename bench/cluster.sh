#!/usr/bin/env bash
# livehost-bench against a cluster on this machine: two nodes (release
# build, temporary data files) behind HAProxy with docs/haproxy.cfg as
# shipped, each row `runs` times (default 3):
#
#     bench/cluster.sh [runs]
#
# Rows, 80 Rust bidders in two sessions, closed loop, 10 s:
#   - one node, direct (no proxy): the baseline;
#   - one node through HAProxy (node b stopped, so the proxy places both
#     sessions on a): the proxy's cost;
#   - two nodes through HAProxy (one session on each).
# On a 2-core machine the nodes, HAProxy and the load generator share the
# cores: the point is correctness and the proxy's overhead, not scaling.
# The summary lines and JSON lines go to target/cluster-<time>.log.
#
# Needs the release build (`cargo build --release -p livehost-tests --bins
# -p livehost`) and haproxy (Debian's package).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
# shellcheck source=bench/release-tools.sh
source "$root/bench/release-tools.sh"
command -v haproxy >/dev/null || { echo "no haproxy: apt-get install haproxy" >&2; exit 2; }
out="$root/target/cluster-$(date +%Y%m%d-%H%M%S).log"
dir="$(mktemp -d)"
token="bench-cluster-token-0123456789abcdef"
a=127.0.0.1:18001
b=127.0.0.1:18002
proxy=127.0.0.1:18080
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

node() { # node <id> <listen> <peer>
    RUST_LOG=warn "$bin/livehost" serve --data "$dir/$1.redb" --node "$1" --listen "$2" \
        --admin-token "$token" --peer "http://$3" --trusted-proxy 127.0.0.1 \
        --rate 100000 --burst 100000 >/dev/null 2>>"$dir/nodes.log" &
    pids+=($!)
}
up() { # up <url>: waits (bounded) until it answers 200
    for _ in $(seq 100); do
        if curl -fs "$1" >/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "$1 did not answer" >&2
    exit 1
}
row() { # row <name> <url>
    local name="$1" url="$2"
    for run in $(seq "$runs"); do
        echo "== $name, run $run" | tee -a "$out"
        LIVEHOST_ADMIN_TOKEN="$token" "$bin/livehost-bench" --url "$url" \
            --participants 80 --sessions 2 --seconds 10 2>&1 |
            grep -E '^(livehost:|\{)' | tee -a "$out"
    done
}

node a "$a" "$b"
node b "$b" "$a"
LIVEHOST_PROXY_BIND="$proxy" LIVEHOST_NODE_A="$a" LIVEHOST_NODE_B="$b" \
    haproxy -db -f "$root/docs/haproxy.cfg" >/dev/null 2>&1 &
pids+=($!)
up "http://$a/healthz"
up "http://$b/healthz"
up "http://$proxy/healthz"

row "two nodes through HAProxy" "http://$proxy"
kill "${pids[1]}"
# Until the proxy has marked b down (two failed checks, about 3 s).
sleep 5
row "one node through HAProxy" "http://$proxy"
row "one node, direct" "http://$a"
echo "written: $out"
