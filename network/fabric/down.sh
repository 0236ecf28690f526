#!/usr/bin/env bash
# Stops the local coldtrace Fabric network started by up.sh and deletes its state (.fabric/network:
# crypto material, ledgers, logs). The Fabric binaries in .fabric/bin and .fabric/builders stay.
#
#   npm run network:down      # same as: bash network/fabric/down.sh
#
# Each process is stopped by the pid up.sh recorded (SIGTERM, up to 10 s, then SIGKILL). Safe to run
# when nothing is running.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

accept_only_help "$@"

take_lock down

if [ ! -d "$STATE_DIR" ]; then
  note "network is not running"
  exit 0
fi

t0="$(now_ms)"
alive="$(count_alive)"
if [ "$alive" -eq 0 ]; then
  note "network is not running (removing leftover state in $STATE_DIR)"
else
  note "stopping the coldtrace Fabric network ($alive of ${#PROCESSES[@]} processes alive)"
  stop_all
fi
# pid files of processes that were already gone
rm -f "$PID_DIR"/*.pid 2>/dev/null || true
rm -rf "$STATE_DIR"
note "removed $STATE_DIR ($(fmt_ms $(($(now_ms) - t0))))"
