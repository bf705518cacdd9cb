#!/usr/bin/env bash
# Sourced by the scripts that drive the peers' generator (../shared/peers/fanout.js) against the broker: sets `peers`
# (PEERS, or a writable copy in the cache with its npm packages installed), `common` (compare.sh's fanout.js
# arguments for the Tinode protocol), `broker_apikey` (the default configuration's API key) and `free_port`.
peers=${PEERS:-$HOME/.cache/broker-peers}
if [[ ! -d $peers/node_modules/ws ]]; then
  mkdir -p "$peers" && cp -r "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/peers/." "$peers/" && chmod -R u+w "$peers"
  (cd "$peers" && npm ci --no-audit --no-fund --silent)
fi
common=(--peer tinode --setup 1 --ver 0.25 --call-timeout 30 --connect-timeout 60 --timeout 40 --drain 8 --size 100)
broker_apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
