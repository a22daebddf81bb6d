#!/usr/bin/env bash
# The load targets of README's benchmark table, each run `runs` times
# (default 3) with livehost-bench, every commit durable, the load generator
# on the same machine as the host:
#
#     bench/targets.sh [runs]
#
# Rows: the Python auction (bench/otree, built with `livehost build`) with
# 250 groups of four at 5,000 msgs/s and 1,000 groups at 2,000 msgs/s, open
# loop; the JavaScript auction (bench/auction-js) with 250 groups at 2,000
# msgs/s; the Rust bench auction with 1,000 participants at 10,000 msgs/s;
# one Rust client, closed loop; 40 Rust clients, closed loop; 10,000 idle
# participants (Rust and Python). Each run starts a host on a temporary
# data file and ends by itself. The summary lines (and JSON lines) go to
# target/targets-<time>.log.
#
# Needs the release build (`cargo build --release -p livehost-tests --bins
# -p livehost`), componentize-py 0.25.1 and the npm packages of package.json
# (`npm install`) for the two builds.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
# shellcheck source=bench/release-tools.sh
source "$root/bench/release-tools.sh"
out="$root/target/targets-$(date +%Y%m%d-%H%M%S).log"
python="$root/target/bench-auction-py.wasm"
javascript="$root/target/bench-auction-js.wasm"
"$bin/livehost" build "$root/bench/otree" -o "$python"
"$bin/livehost" build "$root/bench/auction-js/auction.js" -o "$javascript"

row() {
    local name="$1"
    shift
    for run in $(seq "$runs"); do
        echo "== $name, run $run: livehost-bench $*" | tee -a "$out"
        "$bin/livehost-bench" "$@" 2>&1 | grep -E '^(livehost:|\{)' | tee -a "$out"
    done
}

row "Python, 250 groups, open 5,000/s" --mode open --rate 5000 --participants 1000 --seconds 10 --component "$python"
row "Python, 1,000 groups, open 2,000/s" --mode open --rate 2000 --participants 4000 --seconds 10 --component "$python"
row "JavaScript, 250 groups, open 2,000/s" --mode open --rate 2000 --participants 1000 --seconds 10 --component "$javascript"
row "Rust, 1,000 participants, open 10,000/s" --mode open --rate 10000 --participants 1000 --seconds 10
row "Rust, one client" --participants 4 --bidders 1 --seconds 5
row "Rust, 40 clients, closed loop" --participants 40 --seconds 10
row "Rust, 10,000 idle participants" --participants 10000 --bidders 0 --seconds 5
row "Python, 10,000 idle participants" --participants 10000 --bidders 0 --seconds 5 --component "$python"
echo "written: $out"
