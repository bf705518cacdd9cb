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
source "$root/tools/bench/peer-generator.sh"
port=$(free_port)
url="ws://127.0.0.1:$port/v0/channels?apikey=$broker_apikey"
echo "# $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  DOTNET_PerfMapEnabled=3 "$root/tools/bench/run-broker.sh" "$port" "$@" >"/tmp/rate-row-broker-$port.log" 2>&1 &
  pid=$!   # run-broker.sh execs dotnet: this is the broker's pid, and its perf map is /tmp/perf-<pid>.map
  trap 'kill $pid 2>/dev/null' EXIT
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  map=/tmp/perf-$pid.map
  node "$peers/fanout.js" --url "$url" "${common[@]}" --label warm --subs 50 --msgs 10000 --rate 0 --server-pid "$pid" >/dev/null 2>&1
  before=$(wc -l <"$map")
  line=$(node "$peers/fanout.js" --url "$url" "${common[@]}" --label "round $round rate" --subs 200 --msgs 20000 --rate 2000 --server-pid "$pid" 2>&1 | grep -E "lat ms")
  echo "$line | methods compiled during it $(( $(wc -l <"$map") - before ))"
  if [[ -z ${RATE_ONLY:-} ]]; then
    node "$peers/fanout.js" --url "$url" "${common[@]}" --label "round $round max" --subs 200 --msgs 20000 --rate 0 --server-pid "$pid" 2>&1 | grep -E "lat ms"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$map"
done
