#!/usr/bin/env bash
# Shows the state of the local coldtrace Fabric network started by up.sh: each process (pid, alive or
# dead, port, resident memory), the height of channel coldtrace on each peer, and the deployed chaincodes
# (coldtrace and the benchmarks' coldtrace-floor).
#
#   npm run network:status    # same as: bash network/fabric/status.sh
#
# Exit status: 0 when every process is alive, 1 otherwise (including when the network is not running
# or stopped by network:stop).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

accept_only_help "$@"

if [ ! -d "$PID_DIR" ]; then
  note "network is not running"
  exit 1
fi

all_alive=1
total_rss=0
printf '%-18s %-8s %-6s %-16s %10s\n' PROCESS PID STATE ADDRESS RSS
for p in "${PROCESSES[@]}"; do
  pid="$(read_pid "$p" || true)"
  port="$(process_port "$p")"
  if [ -n "$pid" ] && pid_is_ours "$pid"; then
    rss="$(rss_mb "$pid")"
    total_rss="$(awk -v a="$total_rss" -v b="${rss:-0}" 'BEGIN { printf "%.1f", a + b }')"
    printf '%-18s %-8s %-6s %-16s %7s MB\n' "$p" "$pid" alive "$HOST:$port" "${rss:-?}"
  else
    all_alive=0
    printf '%-18s %-8s %-6s %-16s %10s\n' "$p" "${pid:--}" dead "$HOST:$port" -
  fi
done
printf '%-18s %-8s %-6s %-16s %7s MB\n' total "" "" "" "$total_rss"

printf '\nchannel %s\n' "$CHANNEL"
for o in "${ORGS[@]}"; do
  h="-"
  if process_alive "$(org_process "$o")"; then h="$(channel_height "$o" || true)"; fi
  printf '  %-16s %-36s %-16s height %s\n' "$(org_msp "$o")" "$(peer_host "$o")" "$HOST:$(peer_port "$o")" "${h:-?}"
done

printf '\n'
for c in "${CHAINCODES[@]}"; do
  if [ -f "$(cc_package_id_file "$c")" ]; then
    printf 'chaincode %s %s sequence %s, package %s, server %s\n' "$c" "$CC_VERSION" "$(cc_sequence "$c")" "$(cat "$(cc_package_id_file "$c")")" "$(cc_process "$c")"
  fi
done
if [ -f "$ADDED_ORGS_FILE" ]; then
  printf 'added by network:add-org: %s\n' "$(awk '{ printf "%s%s (%s)", (NR > 1 ? ", " : ""), $2, $3 }' "$ADDED_ORGS_FILE")"
fi
if [ -f "$STOPPED_FILE" ]; then
  printf 'stopped by network:stop at %s (ledgers, crypto and members kept): npm run network:start runs it again\n' "$(cat "$STOPPED_FILE")"
  exit 1
elif [ -f "$READY_FILE" ]; then
  printf 'up since %s; clients: %s\n' "$(cat "$READY_FILE")" "$CONNECTION_FILE"
else
  printf 'setup incomplete: up.sh has not finished (or failed); see %s\n' "$LOG_DIR"
fi

if [ "$all_alive" = 1 ]; then exit 0; fi
note "some processes are not running: npm run network:start starts them again (npm run network:down && npm run network:up starts afresh)"
exit 1
