#!/usr/bin/env bash
# Stops the processes of the local coldtrace Fabric network and keeps everything else: ledgers, crypto
# material, configuration, the organizations network:add-org admitted. `npm run network:start` runs
# the same processes again on the same directories; `npm run network:down` throws it all away.
#
#   npm run network:stop                    # every process (chaincode servers and peers first, orderer last)
#   npm run network:stop -- peer-auditor    # only the named processes (see npm run network:status)
#
# With no names, the network is marked stopped (.fabric/network/STOPPED) until network:start.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
for name in "$@"; do
  [[ " ${PROCESSES[*]} " == *" $name "* ]] || die "unknown process '$name' (processes: ${PROCESSES[*]})"
done

take_lock stop

[ -f "$READY_FILE" ] || die "no network to stop in $STATE_DIR (npm run network:up starts one)"

t0="$(now_ms)"
if [ "$#" -gt 0 ]; then
  for name in "$@"; do stop_process "$name"; done
  note "stopped $* ($(fmt_ms $(($(now_ms) - t0)))); npm run network:start starts them again"
  exit 0
fi
note "stopping the coldtrace Fabric network ($(count_alive) of ${#PROCESSES[@]} processes alive); its state stays in $STATE_DIR"
stop_all
date -u +%Y-%m-%dT%H:%M:%SZ >"$STOPPED_FILE"
note "network stopped ($(fmt_ms $(($(now_ms) - t0)))): npm run network:start runs it again, npm run network:down removes it"
