#!/usr/bin/env bash
# Starts again the processes of a local coldtrace Fabric network that network:stop stopped (or that
# exited), on the same directories: the orderer and the peers continue their ledgers, the chaincode
# servers serve the packages the peers installed, the organizations network:add-org admitted come
# back with theirs. Processes still running are left alone, so this also brings back one stopped peer.
#
#   npm run network:start     # same as: bash network/fabric/start.sh
#
# It waits until every peer's gossip knows all the others and the chaincode answers a query, as
# network:up does. A network that network:up never completed cannot be started: run network:up.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=steps.sh
source "$FABRIC_SCRIPT_DIR/steps.sh"

accept_only_help "$@"

NETWORK_COMMAND=network:start
T_START="$(now_ms)"
KEEP_LOGS=1

take_lock start

[ -f "$READY_FILE" ] || die "no network to start in $STATE_DIR: npm run network:up creates one"
dead=()
for p in "${PROCESSES[@]}"; do process_alive "$p" || dead+=("$p"); done
if [ "${#dead[@]}" -eq 0 ]; then
  rm -f "$STOPPED_FILE"
  note "network already running"
  exit 0
fi
for p in "${dead[@]}"; do
  port="$(process_port "$p")"
  if port_open "$port"; then
    owner="$(port_owner "$port")"
    die "port $HOST:$port of $p is in use${owner:+ by pid $owner} (not a process of this network); free it and retry"
  fi
done
TOTAL_STEPS=$((${#dead[@]} + 1))
note "starting ${dead[*]} of the coldtrace Fabric network in $STATE_DIR"

osn_args
orderer_args
for p in "${dead[@]}"; do
  case "$p" in
    orderer)
      step orderer "starting orderer (its ledger and Raft log in $DATA_DIR/orderer)"
      start_process orderer "$(config_dir orderer)" "$BIN_DIR/orderer"
      wait_ready orderer 30 healthz "$ORDERER_OPS_PORT"
      wait_ready orderer 30 orderer_channel_active
      ok "pid $(read_pid orderer)"
      ;;
    ca-*)
      o="$(process_org "$p")"
      step prepare "starting the Fabric CA of $(org_msp "$o") on $HOST:$(ca_port "$o") (its registry in $(ca_home "$o"))"
      start_ca "$o"
      ok "pid $(read_pid "$p")"
      ;;
    peer-*)
      o="$(process_org "$p")"
      step peers "starting peer of $(org_msp "$o") on $HOST:$(peer_port "$o")"
      start_peer "$o"
      ok "pid $(read_pid "$p")"
      ;;
    *)
      c="$(process_chaincode "$p")"
      step chaincode "starting chaincode server of $c (package $(package_id "$c"))"
      start_cc_server "$c"
      wait_ready "$p" 60 port_open "$(cc_port "$c")"
      ok "pid $(read_pid "$p")"
      ;;
  esac
done

step smoke "waiting for gossip membership (every peer knows the other $((${#ORGS[@]} - 1))) and a query of $CC_NAME answered by the contract"
wait_gossip 90
smoke_coldtrace
ok

rm -f "$STOPPED_FILE"
note ""
note "network started in $(fmt_ms $(($(now_ms) - T_START))) (heights: $(for o in "${ORGS[@]}"; do printf '%s %s ' "$(org_msp "$o")" "$(channel_height "$o")"; done))"
