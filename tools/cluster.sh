#!/usr/bin/env bash
# Starts three broker nodes on this machine as one cluster over one PostgreSQL (docs/cluster.md).
#
#   BROKER_POSTGRES='Host=127.0.0.1;Database=broker;Username=broker;Password=…' tools/cluster.sh
#
# Node i listens for clients on http://127.0.0.1:606<i> and for the other nodes on 1111<i>; all three share one
# token key and one admin key (generated here unless BROKER_TOKEN_KEY / BROKER_ADMIN_KEY are set), so a token
# issued by one node logs in on any other. Ctrl+C stops all three (each hands its topics over).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${BROKER_POSTGRES:?set BROKER_POSTGRES to a PostgreSQL connection string}"
token_key="${BROKER_TOKEN_KEY:-$(head -c 32 /dev/urandom | base64)}"
admin_key="${BROKER_ADMIN_KEY:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"
cluster_id="${BROKER_CLUSTER_ID:-broker}"

dotnet build Broker/Broker.csproj -c Release -v quiet -nologo >/dev/null
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM

for i in 0 1 2; do
  Storage__Provider=postgres Storage__Postgres__ConnectionString="$BROKER_POSTGRES" \
  Auth__TokenKey="$token_key" Broker__Admin__Key="$admin_key" \
  Cluster__Enabled=true Cluster__ClusterId="$cluster_id" Cluster__SiloPort="1111$i" Cluster__AdvertisedAddress=127.0.0.1 \
  Logging__LogLevel__Orleans=Warning Logging__LogLevel__Polly=Warning \
    dotnet Broker/bin/Release/net10.0/Broker.dll --urls "http://127.0.0.1:606$i" &
  pids+=("$!")
  # The first node applies the migrations before the others start.
  if [ "$i" = 0 ]; then
    until curl -fs "http://127.0.0.1:6060/readyz" >/dev/null 2>&1; do sleep 1; done
  fi
done

echo "three nodes: http://127.0.0.1:6060 6061 6062 (admin key: $admin_key)"
echo "cluster view: curl -H 'Authorization: Bearer $admin_key' http://127.0.0.1:6060/v0/admin/cluster"
wait
