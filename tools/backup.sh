#!/usr/bin/env bash
# Takes an online backup of a running broker through its server API:
#   tools/backup.sh [file]        file: a plain name in Storage:BackupPath (default: a dated name)
# Environment: BROKER_URL (default http://127.0.0.1:6060), BROKER_ADMIN_KEY (the Broker:Admin:Key, required).
# Prints the reply ({"file":…,"size":…} on success) and exits non-zero unless the backup was written.
set -euo pipefail

url="${BROKER_URL:-http://127.0.0.1:6060}"
key="${BROKER_ADMIN_KEY:?set BROKER_ADMIN_KEY to the Broker:Admin:Key of the broker}"
query=""
if [[ $# -gt 0 ]]; then
  query="?file=$1"
fi

reply="$(mktemp)"
trap 'rm -f "$reply"' EXIT
status="$(curl -sS -o "$reply" -w '%{http_code}' -X POST -H "X-Admin-Key: $key" "$url/v0/admin/backup$query")"
cat "$reply"
echo
[[ "$status" == "201" ]]
