#!/usr/bin/env bash
# Issue 14's proof run: the peers' generator (../shared/peers/fanout.js, exactly compare.sh's arguments) against the
# broker and against Broker.Bench's bare broadcaster (`Broker.Bench baseline`: the same Tinode frames, one JSON
# message per WebSocket message, every queued frame written before one flush, no store, no access checks), one after
# the other in the same run, ROUNDS times, rate (2,000 msg/s) and unthrottled, 200 subscribers x 20,000 msgs of 100 B.
# Prints every run's line and broker/baseline ratios. Build first: dotnet build -c Release broker.sln
# usage: tools/bench/compare-baseline.sh [ROUNDS]   (PEERS=<dir with fanout.js and node_modules/ws>)
set -euo pipefail
rounds=${1:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/bench/peer-generator.sh"
wait_port() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; echo "nothing on $1"; exit 1; }
work=$(mktemp -d -t compare-baseline.XXXXXX)
bport=$(free_port); lport=$(free_port)
(cd "$work" && exec dotnet "$root/Broker/bin/Release/net10.0/Broker.dll" --urls "http://127.0.0.1:$bport" \
  --Storage:Sqlite:Path="$work/broker.db" --Broker:RateLimit:PubPerSecond=0 --Broker:RateLimit:FramesPerSecond=0 \
  >"$work/broker.log" 2>&1) &
bpid=$!
dotnet "$root/Broker.Bench/bin/Release/net10.0/Broker.Bench.dll" baseline --port "$lport" >"$work/baseline.log" 2>&1 &
lpid=$!
trap 'kill $bpid $lpid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
wait_port "$bport"; wait_port "$lport"
echo "# $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg); broker pid $bpid, baseline pid $lpid"
run() { # name url pid label subs msgs rate
  node "$peers/fanout.js" "${common[@]}" --url "$2" --server-pid "$3" --label "$1-$4" --subs "$5" --msgs "$6" --rate "$7" \
    --json "$work/results.jsonl" 2>&1 | tail -1
}
burl="ws://127.0.0.1:$bport/v0/channels?apikey=$broker_apikey"
lurl="ws://127.0.0.1:$lport/v0/channels"
run broker "$burl" $bpid warmup 50 10000 0 >/dev/null
run baseline "$lurl" $lpid warmup 50 10000 0 >/dev/null
for round in $(seq 1 "$rounds"); do
  for scenario in rate max; do
    rate=$([[ $scenario == rate ]] && echo 2000 || echo 0)
    echo "  round $round $(run broker "$burl" $bpid $scenario 200 20000 $rate)"
    echo "  round $round $(run baseline "$lurl" $lpid $scenario 200 20000 $rate)"
  done
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).filter(r => !/warmup/.test(r.label));
const avg = (xs, f) => xs.reduce((a, r) => a + f(r), 0) / xs.length;
for (const s of ["rate", "max"]) {
  const b = rows.filter(r => r.label === "broker-" + s), l = rows.filter(r => r.label === "baseline-" + s);
  const d = (r) => r.deliveredPerSec, p99 = (r) => r.latencyMs.p99, loss = (r) => r.lossPct;
  console.log(`ratio ${s}: delivered broker/baseline=${(avg(b, d) / avg(l, d)).toFixed(2)}, p99 broker/baseline=${(avg(b, p99) / avg(l, p99)).toFixed(2)}, loss broker ${avg(b, loss)}% baseline ${avg(l, loss)}% (${b.length} runs each)`);
}' "$work/results.jsonl"
