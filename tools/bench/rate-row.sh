#!/usr/bin/env bash
# compare.sh's Broker rows on their own, ROUNDS times, each against a fresh broker (tools/bench/run-broker.sh): the
# unrecorded warm-up (50 subs x 10,000 msgs unthrottled), the rate row (200 subs x 20,000 msgs of 100 B at 2,000/s)
# and, unless RATE_ONLY=1, the unthrottled row, with the peers' generator (../shared/peers/fanout.js). For the rate
# row it also counts the methods the runtime compiled during it (from the perf map, so the runtime's tiering work that
# competes with the broker and the generator for the two cores is visible). The broker's environment passes through,
# so runtime settings can be compared (e.g. DOTNET_TieredPGO=0); BROKER_DLL=<path> runs another build.
# usage: tools/bench/rate-row.sh [ROUNDS] [extra broker settings]   (PEERS=<dir with fanout.js and node_modules/ws>)
set -euo pipefail
rounds=${1:-1}; shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=${PEERS:-$HOME/.cache/broker-peers}
if [[ ! -d $peers/node_modules/ws ]]; then
  mkdir -p "$peers" && cp -r "$root/../shared/peers/." "$peers/" && chmod -R u+w "$peers"
  (cd "$peers" && npm ci --no-audit --no-fund --silent)
fi
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
common=(--peer tinode --setup 1 --ver 0.25 --call-timeout 30 --connect-timeout 60 --timeout 40 --drain 8 --size 100)
url="ws://127.0.0.1:$port/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"
echo "# $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  DOTNET_PerfMapEnabled=3 "$root/tools/bench/run-broker.sh" "$port" "$@" >"/tmp/rate-row-broker-$port.log" 2>&1 &
  bpid=$!
  trap 'kill $bpid 2>/dev/null' EXIT
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  pid=$(pgrep -P "$bpid" -f Broker.dll || echo "$bpid")
  map=/tmp/perf-$pid.map
  node "$peers/fanout.js" --url "$url" "${common[@]}" --label warm --subs 50 --msgs 10000 --rate 0 --server-pid "$pid" >/dev/null 2>&1
  before=$(wc -l <"$map")
  line=$(node "$peers/fanout.js" --url "$url" "${common[@]}" --label "round $round rate" --subs 200 --msgs 20000 --rate 2000 --server-pid "$pid" 2>&1 | grep -E "lat ms")
  echo "$line | methods compiled during it $(( $(wc -l <"$map") - before ))"
  if [[ -z ${RATE_ONLY:-} ]]; then
    node "$peers/fanout.js" --url "$url" "${common[@]}" --label "round $round max" --subs 200 --msgs 20000 --rate 0 --server-pid "$pid" 2>&1 | grep -E "lat ms"
  fi
  kill "$bpid"; wait "$bpid" 2>/dev/null || true
  rm -f "$map"
done
