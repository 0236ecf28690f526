#!/usr/bin/env bash
# Starts the local coldtrace Hyperledger Fabric network: one Raft orderer, one peer for each of
# ManufacturerMSP, CarrierMSP, RetailerMSP and AuditorMSP, the channel "coldtrace", and the coldtrace
# chaincode deployed as a service (one fabric-chaincode-node server shared by the four peers), next to
# coldtrace-floor, the one-key put the write benchmarks compare against (its own server, same policy),
# and a Fabric CA per organization (fabric-ca-server on the organization's CA key: the API registers,
# enrolls and revokes its users there; peers, orderer and Admin/User1 stay cryptogen-issued).
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
# shellcheck source=steps.sh
source "$FABRIC_SCRIPT_DIR/steps.sh"

accept_only_help "$@"

NETWORK_COMMAND=network:up
T_START="$(now_ms)"
TOTAL_STEPS=19
STARTED_ANY=0

take_lock up

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
for b in peer orderer configtxgen osnadmin cryptogen configtxlator; do [ -x "$BIN_DIR/$b" ] || install_missing+=" bin/$b"; done
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
if [ ! -x "$CA_BIN_DIR/fabric-ca-server" ] || [ ! -x "$CA_BIN_DIR/fabric-ca-client" ]; then
  note "Fabric CA binaries missing in $CA_BIN_DIR: running network/fabric/install-ca.sh (a Go build)"
  t="$(now_ms)"
  bash "$FABRIC_SCRIPT_DIR/install-ca.sh"
  add_phase install $(($(now_ms) - t))
fi
FABRIC_RELEASE="$("$BIN_DIR/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)"

for c in "${CHAINCODES[@]}"; do
  [ -f "$(cc_module_dir "$c")/dist/index.js" ] ||
    die "$(cc_module_dir "$c")/dist/index.js not found: run \`npm run build\` first (npm run network:up builds before starting)"
done
[ -e "$SHIM_CLI" ] || die "$SHIM_CLI not found: run \`npm install\` first"

# ------------------------------------------------------------------ already running?
if [ -d "$STATE_DIR" ]; then
  alive="$(count_alive)"
  if [ "$alive" -eq "${#PROCESSES[@]}" ] && [ -f "$READY_FILE" ]; then
    note "network already up"
    bash "$FABRIC_SCRIPT_DIR/status.sh" || true
    exit 0
  fi
  # A network stopped by network:stop keeps its ledgers: start it again rather than throw them away.
  if [ "$alive" -eq 0 ] && [ -f "$STOPPED_FILE" ] && [ -f "$READY_FILE" ]; then
    note "network stopped by network:stop (ledgers kept): starting it again (network:down throws it away)"
    exec 9>&- # start.sh takes the lock itself
    exec bash "$FABRIC_SCRIPT_DIR/start.sh"
  fi
  if [ "$alive" -gt 0 ]; then
    note "network partially running ($alive of ${#PROCESSES[@]} processes alive$([ -f "$READY_FILE" ] || echo ', setup incomplete')): stopping the leftovers and starting clean"
    stop_all
  fi
  rm -rf "$STATE_DIR"
  load_orgs # organizations added to the old network are gone with it
fi

ALL_PORTS=("$ORDERER_PORT" "$ORDERER_ADMIN_PORT" "$ORDERER_OPS_PORT")
for c in "${CHAINCODES[@]}"; do ALL_PORTS+=("$(cc_port "$c")"); done
for o in "${ORGS[@]}"; do read -r -a ps <<<"$(org_ports "$o")"; ALL_PORTS+=("${ps[@]}" "$(ca_port "$o")"); done
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
  for o in "${ORGS[@]}"; do peer_org_crypto_spec "$o"; done
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

# ------------------------------------------------------------------ 1b. Fabric CAs
step prepare "starting a Fabric CA per organization (fabric-ca-server, the organization's CA key; TLS): $(for o in "${ORGS[@]}"; do printf '%s %s ' "$(org_msp "$o")" "$(ca_port "$o")"; done)"
STARTED_ANY=1
for o in "${ORGS[@]}"; do launch_ca "$o"; done
for o in "${ORGS[@]}"; do wait_ca "$o"; done
ok

# ------------------------------------------------------------------ 2. genesis block
step prepare "generating genesis block of channel $CHANNEL (configtxgen, etcdraft, BatchTimeout 200ms)"
CONFIGTX="$CONFIG_DIR/configtx/configtx.yaml"
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
osn_args
run_cli osnadmin-join "$BIN_DIR/osnadmin" channel join --channelID "$CHANNEL" --config-block "$GENESIS_BLOCK" "${OSN_ARGS[@]}"
wait_ready orderer 30 orderer_channel_active
ok

# ------------------------------------------------------------------ 6-9. peers
orderer_args
for o in "${ORGS[@]}"; do
  name="$(org_process "$o")"
  step peers "starting peer of $(org_msp "$o") on $HOST:$(peer_port "$o") (chaincode $(peer_cc_port "$o"), operations $(peer_ops_port "$o"))"
  start_peer "$o"
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

cc_server_pid() { printf '%s pid %s' "$1" "$(read_pid "$(cc_process "$1")")"; }
step chaincode "starting chaincode servers (fabric-chaincode-node server, TLS): $(cc_list cc_on_port)"
for c in "${CHAINCODES[@]}"; do start_cc_server "$c"; done
for c in "${CHAINCODES[@]}"; do wait_ready "$(cc_process "$c")" 60 port_open "$(cc_port "$c")"; done
ok "$(cc_list cc_server_pid)"

step chaincode "installing the packages on the 4 peers (external builder $BUILDER_DIR)"
run_org_chaincodes install install_cc
ok

step chaincode "approving $(cc_list printf '%s') v$CC_VERSION seq $CC_SEQUENCE for the 4 orgs (policy $CC_POLICY)"
keep_collections
run_org_chaincodes approve approve_cc
ok

step chaincode "committing the chaincode definitions on channel $CHANNEL"
peer_args "${ORGS[@]}"
run_each commit commit_cc "${CHAINCODES[@]}"
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
wait_gossip 90
ok

# ------------------------------------------------------------------ 16. smoke test
step smoke "smoke test as User1@$(org_domain Auditor): $CC_NAME query:publicProvenance of a product never made, $FLOOR_CC_NAME floor:get of a key never put"
smoke_coldtrace
# the floor's get refuses a missing key: its message proves the contract answered through the peer
smoke "$FLOOR_CC_NAME" '{"Args":["floor:get","smoke"]}' 'NOT_FOUND: no floor key'
ok "$(head -c 120 "$CLI_LOG_DIR/smoke-$CC_NAME.log")"

# ------------------------------------------------------------------ 17. client profile
step client "writing $CONNECTION_FILE"
write_connection_file
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
