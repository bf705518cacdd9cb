#!/usr/bin/env bash
# Starts the Release broker as its own process for load runs (BENCHMARKS.md): a fresh SQLite file under
# /tmp/broker-bench-PORT, the abuse limits that one loopback load generator would trip switched off, the descriptor
# limit raised to what this machine allows. Build first: dotnet build -c Release broker.sln
# usage: tools/bench/run-broker.sh PORT [extra --Key=Value settings]   (BROKER_DLL=<path> runs another build, e.g. a publish)
set -euo pipefail
port=${1:?usage: run-broker.sh PORT [settings]}; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
data=/tmp/broker-bench-$port
rm -rf "$data"; mkdir -p "$data"
ulimit -n 20000
exec dotnet "${BROKER_DLL:-$root/Broker/bin/Release/net10.0/Broker.dll}" --urls "http://127.0.0.1:$port" \
  --Storage:Sqlite:Path="$data/broker.db" \
  --Broker:RateLimit:PubPerSecond=0 --Broker:RateLimit:FramesPerSecond=0 --Broker:MaxConnectionsPerAddress=0 \
  --Broker:MaxSubscriberCount=10000 --Broker:LoginThrottle:MaxFailuresPerAddress=1000000 \
  --Auth:PasswordIterations=10000 --Logging:LogLevel:Default=Warning "$@"
