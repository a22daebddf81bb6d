#!/usr/bin/env bash
# livehost and oTree 6 side by side: the same auction (this project, built for
# livehost with `livehost build`, served by oTree with `otree prodserver`),
# the same livehost-bench workload, on this machine, one server after the
# other:
#
#     bench/otree/side-by-side.sh [runs] [seconds per row]    # default: 1 run, 10 s
#     bench/otree/side-by-side.sh --table target/side-by-side-*.jsonl   # one table of several
#
# Each run drives livehost, then oTree, with five rows: 1 client in a closed
# loop (a group of four, one bidding), 40 clients in a closed loop, and 40
# clients in an open loop offering 100, 1,000 and 5,000 msgs/s. Every row
# starts a fresh server and stops it; each ends by itself after its seconds
# (plus 2 s for late answers). The JSON lines go to
# target/side-by-side-<time>.jsonl (the last row's progress lines to .log
# beside it); at the end, a markdown table with each figure's range over the
# runs.
#
# Needs the release build (`cargo build --release -p livehost-tests --bin
# livehost-bench --bin livehost`), componentize-py 0.25.1 (for `livehost
# build`) and the oTree venv (made here by setup.sh if missing).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
python="$venv/bin/python"
[ -x "$python" ] || python=python3

# The markdown table of JSON lines: ranges over the runs, a row per
# (workload, server).
table() {
    "$python" - "$@" <<'EOF'
import json, sys

reports = []
for i, path in enumerate(sys.argv[1:]):
    for line in open(path):
        r = json.loads(line)
        r["file"] = i
        reports.append(r)
order = []
for r in reports:
    key = (r["row"], r["target"])
    if key not in order:
        order.append(key)
order.sort(key=lambda k: (
    [r["row"] for r in reports].index(k[0]), k[1] != "livehost"))


def span(values, fmt):
    lo, hi = min(values), max(values)
    a, b = fmt(lo), fmt(hi)
    return a if a == b else f"{a}–{b}"


def ms(x):
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


print()
print(f"| workload | server | msgs/s | p50 ms | p99 ms | lost | late (> {reports[0]['late_ms']:g} ms) | server CPU % | server RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|")
for row, target in order:
    rs = [r for r in reports if r["row"] == row and r["target"] == target]
    cpu = [r["host_cpu_percent"] for r in rs if r["host_cpu_percent"] is not None]
    rss = [r["host_peak_rss_mib"] for r in rs if r["host_peak_rss_mib"] is not None]
    sent = lambda r: r["sent"] or 1
    print(
        f"| {row} | {'oTree' if target == 'otree' else 'livehost'} "
        f"| {span([r['msgs_per_s'] for r in rs], lambda x: f'{x:,.0f}')} "
        f"| {span([r['latency_ms']['p50'] for r in rs], ms)} "
        f"| {span([r['latency_ms']['p99'] for r in rs], ms)} "
        f"| {span([100 * r['lost'] / sent(r) for r in rs], lambda x: f'{x:.0f}%')} "
        f"| {span([100 * r['late'] / max(r['answered'], 1) for r in rs], lambda x: f'{x:.0f}%')} "
        f"| {span(cpu, lambda x: f'{x:.0f}') if cpu else '?'} "
        f"| {span(rss, lambda x: f'{x}') if rss else '?'} |"
    )
runs = len({(r["file"], r["run"]) for r in reports})
print(f"\n{runs} run(s); errors: {sum(r['errors'] for r in reports)}")
EOF
}

if [ "${1:-}" = "--table" ]; then
    shift
    table "$@"
    exit 0
fi
runs="${1:-1}"
seconds="${2:-10}"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bench="$target_dir/release/livehost-bench"
livehost="$target_dir/release/livehost"
for bin in "$bench" "$livehost"; do
    if [ ! -x "$bin" ]; then
        echo "side-by-side.sh: $bin is missing: cargo build --release -p livehost-tests --bin livehost-bench --bin livehost" >&2
        exit 1
    fi
done
[ -x "$venv/bin/otree" ] || "$here/setup.sh" "$venv"

# The same app for livehost, rebuilt when a file of the project changed.
component="$target_dir/bench-otree.wasm"
if [ ! -f "$component" ] || [ -n "$(find "$here" -path "$venv" -prune -o -type f -newer "$component" -not -path '*/__pycache__/*' -print -quit)" ]; then
    "$livehost" build "$here" -o "$component"
fi

out="$target_dir/side-by-side-$(date +%Y%m%d-%H%M%S).jsonl"
log="${out%.jsonl}.log"
rows=(
    "closed, 1 client|--participants 4 --bidders 1"
    "closed, 40 clients|--participants 40"
    "open, 100 msgs/s offered|--participants 40 --mode open --rate 100"
    "open, 1,000 msgs/s offered|--participants 40 --mode open --rate 1000"
    "open, 5,000 msgs/s offered|--participants 40 --mode open --rate 5000"
)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); oTree $("$venv/bin/otree" --version); JSON lines: $out"
for run in $(seq 1 "$runs"); do
    for server in livehost otree; do
        for row in "${rows[@]}"; do
            name="${row%%|*}"
            read -r -a flags <<<"${row#*|}"
            if [ "$server" = livehost ]; then
                target=(--target livehost --component "$component")
            else
                target=(--target otree --otree-venv "$venv" --otree-project "$here")
            fi
            echo "run $run, $server, $name" >&2
            # The progress lines go to a log; the summary line and the JSON line are kept.
            report="$("$bench" "${target[@]}" "${flags[@]}" --seconds "$seconds" 2>"$log")" || {
                tail -n 5 "$log" >&2
                echo "side-by-side.sh: $server, $name failed (above); alone:" >&2
                echo "  $bench ${target[*]} ${flags[*]} --seconds $seconds" >&2
                exit 1
            }
            echo "  $(head -n 1 <<<"$report")" >&2
            tail -n 1 <<<"$report" | "$python" -c '
import json, sys
r = json.loads(sys.stdin.read())
r["row"] = sys.argv[1]
r["run"] = int(sys.argv[2])
print(json.dumps(r))' "$name" "$run" >>"$out"
        done
    done
done
table "$out"
