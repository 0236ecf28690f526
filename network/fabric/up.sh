#!/usr/bin/env bash
# Starts the local coldtrace Hyperledger Fabric network: one Raft orderer, one peer for each of
# ManufacturerMSP, CarrierMSP, RetailerMSP and AuditorMSP, the channel "coldtrace", and the coldtrace
# chaincode deployed as a service (one fabric-chaincode-node server shared by the four peers), next to
# coldtrace-floor, the one-key put the write benchmarks compare against (its own server, same policy).
#
#   npm run network:up        # builds the TypeScript, then runs this script
#   bash network/fabric/up.sh
#
# Everything is generated under .fabric/network/ (git-ignored) and every process binds to 127.0.0.1.
# Clients read .fabric/network/connection.json. Stop with `npm run network:down`; inspect with
# `npm run network:status`. See docs/network.md for the layout, ports and identities.
#
# Environment:
#   COLDTRACE_KEEP_ON_FAILURE=1   leave the processes running when a step fails (default: stop them)
#   COLDTRACE_CLI_LOGGING         FABRIC_LOGGING_SPEC of the peer CLI calls (default: warning)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

accept_only_help "$@"

T_START="$(now_ms)"
TOTAL_STEPS=18
STEP=0
STEP_T0=0
CUR_PHASE=""
STARTED_ANY=0
PHASES=()          # phase names in order of first use
declare -A PHASE_MS=()

take_lock up

# ------------------------------------------------------------------ progress helpers
add_phase() { # phase ms
  if [ -z "${PHASE_MS[$1]+set}" ]; then PHASES+=("$1"); PHASE_MS[$1]=0; fi
  PHASE_MS[$1]=$((PHASE_MS[$1] + $2))
}
step() { # phase description
  STEP=$((STEP + 1))
  CUR_PHASE="$1"
  STEP_T0="$(now_ms)"
  printf '[%d/%d] %s ...' "$STEP" "$TOTAL_STEPS" "$2"
}
ok() { # [detail]
  local d=$(($(now_ms) - STEP_T0))
  add_phase "$CUR_PHASE" "$d"
  printf ' ok%s (%s)\n' "${1:+, $1}" "$(fmt_ms "$d")"
}
fail() { # message [log file]
  printf ' FAILED\n'
  printf 'network:up: %s\n' "$1" >&2
  if [ -n "${2:-}" ]; then show_log_tail "$2"; fi
  exit 1
}

# run_cli label cmd... : runs a CLI command, output to logs/cli/<label>.log; fails the step on error.
run_cli() {
  local label="$1" f rc
  shift
  f="$CLI_LOG_DIR/$label.log"
  "$@" >"$f" 2>&1 || {
    rc=$?
    fail "$label failed (exit $rc): $*" "$f"
  }
}

# run_each label function item... : runs "function item" for every item concurrently (outputs in
# logs/cli/<label>-<item>.log) and fails the step if any of them failed.
run_each() {
  local label="$1" fn="$2" i pids=() failed=()
  shift 2
  local items=("$@")
  for i in "${!items[@]}"; do
    ("$fn" "${items[$i]}") >"$(each_log "$label" "${items[$i]}")" 2>&1 &
    pids+=("$!")
  done
  for i in "${!items[@]}"; do
    wait "${pids[$i]}" || failed+=("${items[$i]}")
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    fail "$label failed for ${failed[*]}" "$(each_log "$label" "${failed[0]}")"
  fi
}
each_log() { local item="${2//:/-}"; printf '%s/%s-%s.log\n' "$CLI_LOG_DIR" "$1" "${item,,}"; }
# run_orgs label function : run_each for the four orgs.
run_orgs() { run_each "$1" "$2" "${ORGS[@]}"; }
# run_org_chaincodes label function : run_each for every org:chaincode pair (the function splits it).
run_org_chaincodes() {
  local o c pairs=()
  for o in "${ORGS[@]}"; do for c in "${CHAINCODES[@]}"; do pairs+=("$o:$c"); done; done
  run_each "$1" "$2" "${pairs[@]}"
}

pid_running() { # alive and not a zombie (used while a process is still exec'ing into its binary)
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# wait_ready name timeout_s probe... : polls probe until it succeeds; fails (with the process log)
# when the process exits or the timeout passes.
wait_ready() {
  local name="$1" timeout="$2" pid deadline
  shift 2
  pid="$(read_pid "$name")"
  deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    pid_running "$pid" || fail "$name (pid $pid) exited during startup" "$(log_file "$name")"
    if "$@" >/dev/null 2>&1; then return 0; fi
    [ "$(now_ms)" -lt "$deadline" ] || fail "$name not ready after ${timeout}s ($*)" "$(log_file "$name")"
    sleep 0.2
  done
}
healthz() { curl -fsS --max-time 2 "http://$HOST:$1/healthz"; }

on_exit() {
  local rc=$?
  [ "$rc" -ne 0 ] || return 0
  [ "$STARTED_ANY" = 1 ] || return 0
  if [ "${COLDTRACE_KEEP_ON_FAILURE:-0}" = 1 ]; then
    note "network:up failed; processes left running for inspection (COLDTRACE_KEEP_ON_FAILURE=1): npm run network:down stops them"
  else
    note "network:up failed; stopping the processes started so far (set COLDTRACE_KEEP_ON_FAILURE=1 to keep them)"
    stop_all
  fi
  note "logs: $LOG_DIR (process logs) and $CLI_LOG_DIR (CLI output)"
}

# ------------------------------------------------------------------ pre-flight
for cmd in curl node tar setsid nohup awk sed; do
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is required but was not found on PATH"
done

install_missing=""
for b in peer orderer configtxgen osnadmin cryptogen; do [ -x "$BIN_DIR/$b" ] || install_missing+=" bin/$b"; done
for b in detect build release; do [ -x "$BUILDER_DIR/bin/$b" ] || install_missing+=" builders/ccaas/bin/$b"; done
SAMPLECONFIG="$(cat "$SAMPLECONFIG_FILE" 2>/dev/null || true)"
if [ -z "$SAMPLECONFIG" ] || [ ! -f "$SAMPLECONFIG/core.yaml" ] || [ ! -f "$SAMPLECONFIG/orderer.yaml" ]; then
  install_missing+=" sampleconfig"
fi
if [ -n "$install_missing" ]; then
  note "Fabric install incomplete (missing:$install_missing): running network/fabric/install.sh"
  t="$(now_ms)"
  bash "$FABRIC_SCRIPT_DIR/install.sh"
  add_phase install $(($(now_ms) - t))
  SAMPLECONFIG="$(cat "$SAMPLECONFIG_FILE")"
fi
FABRIC_RELEASE="$("$BIN_DIR/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)"

for c in "${CHAINCODES[@]}"; do
  [ -f "$(cc_module_dir "$c")/dist/index.js" ] ||
    die "$(cc_module_dir "$c")/dist/index.js not found: run \`npm run build\` first (npm run network:up builds before starting)"
done
[ -e "$SHIM_CLI" ] || die "$SHIM_CLI not found: run \`npm install\` first"
[ -f "$COLLECTIONS_CONFIG" ] || die "$COLLECTIONS_CONFIG not found"

# ------------------------------------------------------------------ already running?
if [ -d "$STATE_DIR" ]; then
  alive="$(count_alive)"
  if [ "$alive" -eq "${#PROCESSES[@]}" ] && [ -f "$READY_FILE" ]; then
    note "network already up"
    bash "$FABRIC_SCRIPT_DIR/status.sh" || true
    exit 0
  fi
  if [ "$alive" -gt 0 ]; then
    note "network partially running ($alive of ${#PROCESSES[@]} processes alive$([ -f "$READY_FILE" ] || echo ', setup incomplete')): stopping the leftovers and starting clean"
    stop_all
  fi
  rm -rf "$STATE_DIR"
fi

ALL_PORTS=("$ORDERER_PORT" "$ORDERER_ADMIN_PORT" "$ORDERER_OPS_PORT")
for c in "${CHAINCODES[@]}"; do ALL_PORTS+=("$(cc_port "$c")"); done
for o in "${ORGS[@]}"; do read -r -a ps <<<"$(org_ports "$o")"; ALL_PORTS+=("${ps[@]}"); done
for p in "${ALL_PORTS[@]}"; do
  if port_open "$p"; then
    owner="$(port_owner "$p")"
    die "port $HOST:$p is already in use${owner:+ by pid $owner} (not a process of this network); free it and retry"
  fi
done

trap on_exit EXIT
mkdir -p "$CRYPTO_DIR" "$CONFIG_DIR" "$CHANNEL_DIR" "$CC_DIR" "$DATA_DIR" "$LOG_DIR" "$CLI_LOG_DIR" "$PID_DIR"
note "starting the coldtrace Fabric $FABRIC_RELEASE network in $STATE_DIR"

# ------------------------------------------------------------------ 1. crypto material
step prepare "generating crypto material (cryptogen: 4 peer orgs, orderer org, chaincode server TLS)"
CRYPTO_CONFIG="$CONFIG_DIR/configtx/crypto-config.yaml"
mkdir -p "$CONFIG_DIR/configtx"
{
  cat <<EOF
# generated by network/fabric/up.sh
OrdererOrgs:
  - Name: Orderer
    Domain: $ORDERER_DOMAIN
    EnableNodeOUs: true
    Specs:
      - Hostname: ${ORDERER_HOST%%.*}
        SANS: [127.0.0.1, localhost]
PeerOrgs:
EOF
  for o in "${ORGS[@]}"; do
    cat <<EOF
  - Name: $o
    Domain: $(org_domain "$o")
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [127.0.0.1, localhost]
    Users:
      Count: 1
EOF
  done
  cat <<EOF
  # not a channel member: only issues the TLS server certificate of the chaincode server
  - Name: Chaincode
    Domain: $CCSRV_DOMAIN
    EnableNodeOUs: false
    Specs:
      - Hostname: ${CCSRV_HOST%%.*}
        SANS: [127.0.0.1, localhost]
    Users:
      Count: 0
EOF
} >"$CRYPTO_CONFIG"
run_cli cryptogen "$BIN_DIR/cryptogen" generate --config "$CRYPTO_CONFIG" --output "$CRYPTO_DIR"
for o in "${ORGS[@]}"; do
  for f in "$(org_ca_key "$o")" "$(user_key "$o" Admin)" "$(user_key "$o" User1)" "$(user_cert "$o" User1)" "$(peer_tls_ca "$o")"; do
    [ -f "$f" ] || fail "cryptogen did not produce $f" "$CLI_LOG_DIR/cryptogen.log"
  done
done
ok

# ------------------------------------------------------------------ 2. genesis block
step prepare "generating genesis block of channel $CHANNEL (configtxgen, etcdraft, BatchTimeout 200ms)"
CONFIGTX="$CONFIG_DIR/configtx/configtx.yaml"
org_section() { # org
  local msp
  msp="$(org_msp "$1")"
  cat <<EOF
  - &$1
    Name: $msp
    ID: $msp
    MSPDir: $(yaml_quote "$(org_dir "$1")/msp")
    Policies:
      Readers:
        Type: Signature
        Rule: "OR('$msp.admin', '$msp.peer', '$msp.client')"
      Writers:
        Type: Signature
        Rule: "OR('$msp.admin', '$msp.client')"
      Admins:
        Type: Signature
        Rule: "OR('$msp.admin')"
      Endorsement:
        Type: Signature
        Rule: "OR('$msp.peer')"
    AnchorPeers:
      - Host: $HOST
        Port: $(peer_port "$1")
EOF
}
{
  cat <<EOF
# generated by network/fabric/up.sh
Organizations:
  - &OrdererOrg
    Name: OrdererMSP
    ID: OrdererMSP
    MSPDir: $(yaml_quote "$(orderer_org_dir)/msp")
    Policies:
      Readers:
        Type: Signature
        Rule: "OR('OrdererMSP.member')"
      Writers:
        Type: Signature
        Rule: "OR('OrdererMSP.member')"
      Admins:
        Type: Signature
        Rule: "OR('OrdererMSP.admin')"
    OrdererEndpoints:
      - $HOST:$ORDERER_PORT
EOF
  for o in "${ORGS[@]}"; do org_section "$o"; done
  cat <<EOF

Capabilities:
  Channel: &ChannelCapabilities
    V2_0: true
  Orderer: &OrdererCapabilities
    V2_0: true
  Application: &ApplicationCapabilities
    V2_5: true

Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
    LifecycleEndorsement:
      Type: ImplicitMeta
      Rule: "MAJORITY Endorsement"
    Endorsement:
      Type: ImplicitMeta
      Rule: "MAJORITY Endorsement"
  Capabilities:
    <<: *ApplicationCapabilities

Orderer: &OrdererDefaults
  OrdererType: etcdraft
  # no global Addresses: the orderer endpoint is the OrdererOrg's OrdererEndpoints (Fabric 2.x style)
  # Low-latency block cutting: a block is cut 200 ms after its first transaction (Fabric's default
  # is 2 s) or as soon as 100 transactions are pending. See docs/network.md.
  BatchTimeout: 200ms
  BatchSize:
    MaxMessageCount: 100
    AbsoluteMaxBytes: 10 MB
    PreferredMaxBytes: 2 MB
  EtcdRaft:
    Consenters:
      - Host: $HOST
        Port: $ORDERER_PORT
        ClientTLSCert: $(yaml_quote "$(orderer_node_dir)/tls/server.crt")
        ServerTLSCert: $(yaml_quote "$(orderer_node_dir)/tls/server.crt")
    Options:
      TickInterval: 500ms
      ElectionTick: 10
      HeartbeatTick: 1
      MaxInflightBlocks: 5
      SnapshotIntervalSize: 16 MB
  Organizations:
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
    BlockValidation:
      Type: ImplicitMeta
      Rule: "ANY Writers"
  Capabilities:
    <<: *OrdererCapabilities

Channel: &ChannelDefaults
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
  Capabilities:
    <<: *ChannelCapabilities

Profiles:
  $CHANNEL:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations:
        - *OrdererOrg
    Application:
      <<: *ApplicationDefaults
      Organizations:
EOF
  for o in "${ORGS[@]}"; do printf '        - *%s\n' "$o"; done
} >"$CONFIGTX"
GENESIS_BLOCK="$CHANNEL_DIR/$CHANNEL.block"
run_cli configtxgen "$BIN_DIR/configtxgen" -configPath "$(dirname "$CONFIGTX")" -profile "$CHANNEL" \
  -channelID "$CHANNEL" -outputBlock "$GENESIS_BLOCK"
ok

# ------------------------------------------------------------------ 3. node configuration
step prepare "writing orderer.yaml and 4 core.yaml (from Fabric's sampleconfig)"
write_orderer_config() {
  local dir node
  dir="$(config_dir orderer)"
  node="$(orderer_node_dir)"
  mkdir -p "$dir" "$DATA_DIR/orderer"
  yaml_edit "$SAMPLECONFIG/orderer.yaml" "$dir/orderer.yaml" \
    "General.ListenAddress=$HOST" \
    "General.ListenPort=$ORDERER_PORT" \
    "General.TLS.Enabled=true" \
    "General.TLS.PrivateKey=$(yaml_quote "$node/tls/server.key")" \
    "General.TLS.Certificate=$(yaml_quote "$node/tls/server.crt")" \
    "General.TLS.RootCAs=[$(yaml_quote "$node/tls/ca.crt")]" \
    "General.TLS.ClientAuthRequired=false" \
    "General.Cluster.ClientCertificate=$(yaml_quote "$node/tls/server.crt")" \
    "General.Cluster.ClientPrivateKey=$(yaml_quote "$node/tls/server.key")" \
    "General.BootstrapMethod=none" \
    "General.LocalMSPDir=$(yaml_quote "$node/msp")" \
    "General.LocalMSPID=OrdererMSP" \
    "FileLedger.Location=$(yaml_quote "$DATA_DIR/orderer")" \
    "Operations.ListenAddress=$HOST:$ORDERER_OPS_PORT" \
    "Admin.ListenAddress=$HOST:$ORDERER_ADMIN_PORT" \
    "Admin.TLS.Enabled=true" \
    "Admin.TLS.Certificate=$(yaml_quote "$node/tls/server.crt")" \
    "Admin.TLS.PrivateKey=$(yaml_quote "$node/tls/server.key")" \
    "Admin.TLS.ClientAuthRequired=true" \
    "Admin.TLS.ClientRootCAs=[$(yaml_quote "$(orderer_tls_ca)")]" \
    "ChannelParticipation.Enabled=true" \
    "Consensus.WALDir=$(yaml_quote "$DATA_DIR/orderer/etcdraft/wal")" \
    "Consensus.SnapDir=$(yaml_quote "$DATA_DIR/orderer/etcdraft/snapshot")"
}
write_peer_config() { # org
  local org="$1" name dir pdir port
  name="$(org_process "$org")"
  dir="$(config_dir "$name")"
  pdir="$(peer_dir "$org")"
  port="$(peer_port "$org")"
  mkdir -p "$dir" "$DATA_DIR/$name"
  yaml_edit "$SAMPLECONFIG/core.yaml" "$dir/core.yaml" \
    "peer.id=$(peer_host "$org")" \
    "peer.networkId=$CHANNEL" \
    "peer.listenAddress=$HOST:$port" \
    "peer.address=$HOST:$port" \
    "peer.chaincodeListenAddress=$HOST:$(peer_cc_port "$org")" \
    "peer.chaincodeAddress=$HOST:$(peer_cc_port "$org")" \
    "peer.gossip.bootstrap=$HOST:$port" \
    "peer.gossip.useLeaderElection=false" \
    "peer.gossip.orgLeader=true" \
    "peer.gossip.endpoint=$HOST:$port" \
    "peer.gossip.externalEndpoint=$HOST:$port" \
    "peer.gossip.aliveTimeInterval=1s" \
    "peer.gossip.aliveExpirationTimeout=5s" \
    "peer.gossip.reconnectInterval=2s" \
    "peer.tls.enabled=true" \
    "peer.tls.clientAuthRequired=false" \
    "peer.tls.cert.file=$(yaml_quote "$pdir/tls/server.crt")" \
    "peer.tls.key.file=$(yaml_quote "$pdir/tls/server.key")" \
    "peer.tls.rootcert.file=$(yaml_quote "$pdir/tls/ca.crt")" \
    "peer.tls.clientRootCAs.files=[$(yaml_quote "$pdir/tls/ca.crt")]" \
    "peer.fileSystemPath=$(yaml_quote "$DATA_DIR/$name")" \
    "peer.mspConfigPath=$(yaml_quote "$pdir/msp")" \
    "peer.localMspId=$(org_msp "$org")" \
    "peer.gateway.enabled=true" \
    'vm.endpoint=""' \
    "chaincode.externalBuilders=[{name: ccaas, path: $(yaml_quote "$BUILDER_DIR"), propagateEnvironment: [HOME]}]" \
    "ledger.snapshots.rootDir=$(yaml_quote "$DATA_DIR/$name/snapshots")" \
    "operations.listenAddress=$HOST:$(peer_ops_port "$org")" \
    "metrics.provider=prometheus"
}
write_orderer_config || fail "could not generate orderer.yaml"
for o in "${ORGS[@]}"; do write_peer_config "$o" || fail "could not generate core.yaml for $o"; done
ok

# ------------------------------------------------------------------ 4-5. orderer
step orderer "starting orderer (OrdererMSP) on $HOST:$ORDERER_PORT (admin $ORDERER_ADMIN_PORT, operations $ORDERER_OPS_PORT)"
STARTED_ANY=1
start_process orderer "$(config_dir orderer)" "$BIN_DIR/orderer"
wait_ready orderer 30 healthz "$ORDERER_OPS_PORT"
ok "pid $(read_pid orderer)"

step orderer "joining the orderer to channel $CHANNEL (osnadmin, mutual TLS)"
OSN_ARGS=(-o "$HOST:$ORDERER_ADMIN_PORT" --ca-file "$(orderer_tls_ca)"
  --client-cert "$(orderer_admin_tls)/client.crt" --client-key "$(orderer_admin_tls)/client.key")
run_cli osnadmin-join "$BIN_DIR/osnadmin" channel join --channelID "$CHANNEL" --config-block "$GENESIS_BLOCK" "${OSN_ARGS[@]}"
orderer_channel_active() {
  "$BIN_DIR/osnadmin" channel list --channelID "$CHANNEL" "${OSN_ARGS[@]}" 2>/dev/null | grep -q '"status": *"active"'
}
wait_ready orderer 30 orderer_channel_active
ok

# ------------------------------------------------------------------ 6-9. peers
orderer_args
for o in "${ORGS[@]}"; do
  name="$(org_process "$o")"
  step peers "starting peer of $(org_msp "$o") on $HOST:$(peer_port "$o") (chaincode $(peer_cc_port "$o"), operations $(peer_ops_port "$o"))"
  start_process "$name" "$(config_dir "$name")" "$BIN_DIR/peer" node start
  wait_ready "$name" 60 healthz "$(peer_ops_port "$o")"
  ok "pid $(read_pid "$name")"
done

# ------------------------------------------------------------------ 10. channel join
step peers "joining the 4 peers to channel $CHANNEL (anchor peers are in the genesis block)"
join_peer() { as_org "$1" Admin channel join -b "$GENESIS_BLOCK"; }
run_orgs channel-join join_peer
ok

# ------------------------------------------------------------------ 11-15. chaincodes
# Each step handles every chaincode of CHAINCODES (coldtrace and the benchmarks' floor) with the same
# function; the lifecycle calls of different chaincodes run concurrently, so their approvals and
# commits share blocks instead of waiting for one block cut each.
json_str() { # value -> JSON string literal
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\r'/}"
  s="${s//$'\t'/\\t}"
  s="${s//$'\n'/\\n}"
  printf '"%s"' "$s"
}
cc_list() { local c out=""; for c in "${CHAINCODES[@]}"; do out+="${out:+, }$("$@" "$c")"; done; printf '%s' "$out"; }
cc_on_port() { printf '%s on %s:%s' "$1" "$HOST" "$(cc_port "$1")"; }
package_id() { cat "$(cc_package_id_file "$1")"; }

package_cc() { # chaincode: CCaaS package pointing at its server, and its package id
  local c="$1" src label pkg id
  src="$CC_DIR/$c"
  label="$(cc_label "$c")"
  pkg="$(cc_package "$c")"
  mkdir -p "$src/code"
  printf '{"address":"%s:%s","dial_timeout":"10s","tls_required":true,"client_auth_required":false,"root_cert":%s}\n' \
    "$HOST" "$(cc_port "$c")" "$(json_str "$(cat "$(ccsrv_tls_dir)/ca.crt")")" >"$src/code/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$src/metadata.json"
  node -e 'for (const f of process.argv.slice(1)) JSON.parse(require("fs").readFileSync(f, "utf8"))' \
    "$src/code/connection.json" "$src/metadata.json" || fail "generated package JSON of $c is invalid"
  tar -C "$src/code" -czf "$src/code.tar.gz" connection.json
  tar -C "$src" -czf "$pkg" metadata.json code.tar.gz
  run_cli "calculatepackageid-$c" as_org Manufacturer Admin lifecycle chaincode calculatepackageid "$pkg"
  id="$(tr -d '[:space:]' <"$CLI_LOG_DIR/calculatepackageid-$c.log")"
  case "$id" in "$label:"*) ;; *) fail "unexpected package id '$id'" "$CLI_LOG_DIR/calculatepackageid-$c.log" ;; esac
  printf '%s\n' "$id" >"$(cc_package_id_file "$c")"
}
step chaincode "packaging chaincodes as services (CCaaS, TLS): $(cc_list cc_label)"
run_each package package_cc "${CHAINCODES[@]}"
ok "$(cc_list package_id)"

start_cc_server() { # chaincode
  local c="$1" id
  id="$(package_id "$c")"
  CORE_CHAINCODE_ID_NAME="$id" start_process "$(cc_process "$c")" "" node "$SHIM_CLI" server \
    --chaincode-address "$HOST:$(cc_port "$c")" --chaincode-id "$id" \
    --chaincode-tls-cert-file "$(ccsrv_tls_dir)/server.crt" --chaincode-tls-key-file "$(ccsrv_tls_dir)/server.key" \
    --module-path "$(cc_module_dir "$c")"
}
cc_server_pid() { printf '%s pid %s' "$1" "$(read_pid "$(cc_process "$1")")"; }
step chaincode "starting chaincode servers (fabric-chaincode-node server, TLS): $(cc_list cc_on_port)"
for c in "${CHAINCODES[@]}"; do start_cc_server "$c"; done
for c in "${CHAINCODES[@]}"; do wait_ready "$(cc_process "$c")" 60 port_open "$(cc_port "$c")"; done
ok "$(cc_list cc_server_pid)"

step chaincode "installing the packages on the 4 peers (external builder $BUILDER_DIR)"
install_cc() { as_org "${1%%:*}" Admin lifecycle chaincode install "$(cc_package "${1#*:}")"; }
run_org_chaincodes install install_cc
ok

# Only coldtrace has private data (order terms); the floor has no collections.
collections_args() { [ "$1" != "$CC_NAME" ] || printf '%s\n' --collections-config "$COLLECTIONS_CONFIG"; }
definition_args() { # chaincode -> the definition's arguments, the same for approve and commit
  printf '%s\n' --channelID "$CHANNEL" --name "$1" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
    --signature-policy "$CC_POLICY"
  collections_args "$1"
}
step chaincode "approving $(cc_list printf '%s') v$CC_VERSION seq $CC_SEQUENCE for the 4 orgs (policy $CC_POLICY)"
approve_cc() { # Org:chaincode
  local c="${1#*:}" def
  mapfile -t def < <(definition_args "$c")
  as_org "${1%%:*}" Admin lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${def[@]}" \
    --package-id "$(package_id "$c")" --waitForEvent
}
run_org_chaincodes approve approve_cc
ok

step chaincode "committing the chaincode definitions on channel $CHANNEL"
peer_args "${ORGS[@]}"
commit_cc() { # chaincode
  local def
  mapfile -t def < <(definition_args "$1")
  as_org Manufacturer Admin lifecycle chaincode commit "${ORDERER_ARGS[@]}" "${def[@]}" "${PEER_ARGS[@]}" --waitForEvent
}
run_each commit commit_cc "${CHAINCODES[@]}"
committed_on() { # org -> every chaincode's definition is committed on the org's peer (one query lists them all)
  local c committed
  committed="$(as_org "$1" Admin lifecycle chaincode querycommitted -C "$CHANNEL" 2>&1)" || return 1
  for c in "${CHAINCODES[@]}"; do
    grep -qF "Name: $c, Version: $CC_VERSION, Sequence: $CC_SEQUENCE," <<<"$committed" || return 1
  done
}
for o in "${ORGS[@]}"; do
  wait_ready "$(org_process "$o")" 30 committed_on "$o"
done
ok "querycommitted shows them on all 4 peers"

# ------------------------------------------------------------------ gossip membership
# The Fabric Gateway plans endorsements from service discovery, which knows only the peers that
# gossip has verified. Until every peer has seen the other three, a transaction that must be
# endorsed by other organizations (e.g. order terms, endorsed by the collection's two members)
# fails with "no peer combination can satisfy the endorsement policy". Wait for it here.
step smoke "waiting until every peer's gossip membership knows the other $((${#ORGS[@]} - 1)) peers"
peers_known() { # org -> number of channel peers its gossip layer knows
  curl -fsS --max-time 2 "http://$HOST:$(peer_ops_port "$1")/metrics" 2>/dev/null |
    awk -v ch="$CHANNEL" '$1 ~ "^gossip_membership_total_peers_known\\{channel=\"" ch "\"\\}$" { print int($2) }'
}
gossip_deadline=$(($(now_ms) + 90000))
for o in "${ORGS[@]}"; do
  until [ "$(peers_known "$o")" = "$((${#ORGS[@]} - 1))" ]; do
    [ "$(now_ms)" -lt "$gossip_deadline" ] || fail "peer of $(org_msp "$o") knows $(peers_known "$o" || echo 0) peers after 90s" "$(log_file "$(org_process "$o")")"
    sleep 0.5
  done
done
ok

# ------------------------------------------------------------------ 16. smoke test
step smoke "smoke test as User1@$(org_domain Auditor): $CC_NAME batch:list {\"pageSize\":1}, $FLOOR_CC_NAME floor:get of a key never put"
smoke_query() { # chaincode args-json expected-output : one query; output in logs/cli/smoke-<chaincode>.log
  local f="$CLI_LOG_DIR/smoke-$1.log"
  as_org Auditor User1 chaincode query -C "$CHANNEL" -n "$1" -c "$2" >"$f" 2>&1
  grep -q "$3" "$f"
}
smoke() { # chaincode args-json expected-output : retries the query until the chaincode answers as expected
  local deadline=$(($(now_ms) + 60000))
  until smoke_query "$@"; do
    pid_running "$(read_pid "$(cc_process "$1")")" || fail "the $1 chaincode server exited" "$(log_file "$(cc_process "$1")")"
    [ "$(now_ms)" -lt "$deadline" ] || fail "$1 did not answer $2 with '$3' within 60s" "$CLI_LOG_DIR/smoke-$1.log"
    sleep 0.5
  done
}
smoke "$CC_NAME" '{"Args":["batch:list","{\"pageSize\":1}"]}' '"items"'
# the floor's get refuses a missing key: its message proves the contract answered through the peer
smoke "$FLOOR_CC_NAME" '{"Args":["floor:get","smoke"]}' 'NOT_FOUND: no floor key'
ok "$(head -c 120 "$CLI_LOG_DIR/smoke-$CC_NAME.log")"

# ------------------------------------------------------------------ 17. client profile
step client "writing $CONNECTION_FILE"
org_json() { # org
  local o="$1"
  printf '    %s: {\n' "$(json_str "$(org_msp "$o")")"
  printf '      "peer": {"endpoint": %s, "hostnameOverride": %s, "tlsCaCertPath": %s},\n' \
    "$(json_str "$HOST:$(peer_port "$o")")" "$(json_str "$(peer_host "$o")")" "$(json_str "$(org_tlsca_cert "$o")")"
  printf '      "ca": {"certPath": %s, "keyPath": %s},\n' "$(json_str "$(org_ca_cert "$o")")" "$(json_str "$(org_ca_key "$o")")"
  printf '      "admin": {"certPath": %s, "keyPath": %s},\n' "$(json_str "$(user_cert "$o" Admin)")" "$(json_str "$(user_key "$o" Admin)")"
  printf '      "user": {"certPath": %s, "keyPath": %s}\n' "$(json_str "$(user_cert "$o" User1)")" "$(json_str "$(user_key "$o" User1)")"
  printf '    }'
}
{
  printf '{\n'
  printf '  "channel": %s,\n  "chaincode": %s,\n  "fabricVersion": %s,\n' \
    "$(json_str "$CHANNEL")" "$(json_str "$CC_NAME")" "$(json_str "$FABRIC_RELEASE")"
  printf '  "orderer": {"endpoint": %s, "tlsCaCertPath": %s},\n' \
    "$(json_str "$HOST:$ORDERER_PORT")" "$(json_str "$(orderer_tls_ca)")"
  printf '  "organizations": {\n'
  sep=""
  for o in "${ORGS[@]}"; do
    printf '%s' "$sep"
    org_json "$o"
    sep=$',\n'
  done
  printf '\n  }\n}\n'
} >"$CONNECTION_FILE.tmp"
node -e '
  const fs = require("fs");
  const c = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const files = [c.orderer.tlsCaCertPath];
  for (const o of Object.values(c.organizations))
    files.push(o.peer.tlsCaCertPath, o.ca.certPath, o.ca.keyPath, o.admin.certPath, o.admin.keyPath, o.user.certPath, o.user.keyPath);
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) { console.error("missing: " + missing.join(", ")); process.exit(1); }
' "$CONNECTION_FILE.tmp" || fail "generated connection.json is invalid or names missing files"
mv -f "$CONNECTION_FILE.tmp" "$CONNECTION_FILE"
ok

# ------------------------------------------------------------------ done
date -u +%Y-%m-%dT%H:%M:%SZ >"$READY_FILE"
TOTAL_MS=$(($(now_ms) - T_START))
summary=""
for ph in "${PHASES[@]}"; do summary+="${summary:+, }$ph $(fmt_ms "${PHASE_MS[$ph]}")"; done
note ""
note "network up in $(fmt_ms "$TOTAL_MS") ($summary)"
note "  channel $CHANNEL, chaincodes $(cc_list printf '%s') $CC_VERSION (packages $(cc_list package_id)), Fabric $FABRIC_RELEASE"
note "  clients: $CONNECTION_FILE"
note "  logs:    $LOG_DIR"
note "  stop:    npm run network:down    status: npm run network:status"
