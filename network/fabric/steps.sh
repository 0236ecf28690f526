# shellcheck shell=bash
# Steps shared by the scripts that start processes and change the network (up.sh, start.sh,
# add-org.sh): progress lines with timings, CLI calls with their logs, waiting for a process to be
# ready, peer configuration, the chaincode lifecycle and the client profile. Sourced after lib.sh,
# never run. The sourcing script sets NETWORK_COMMAND (its name in messages), TOTAL_STEPS and
# SAMPLECONFIG (for write_peer_config).

STEP=0
STEP_T0=0
CUR_PHASE=""
PHASES=()          # phase names in order of first use
declare -A PHASE_MS=()

# ------------------------------------------------------------------ progress and failures
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
  printf '%s: %s\n' "$NETWORK_COMMAND" "$1" >&2
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
# run_orgs label function : run_each for every organization of ORGS.
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

# ------------------------------------------------------------------ channel configuration
# An application organization of the channel, as configtx.yaml describes it (up.sh's genesis block,
# add-org.sh's configtxgen -printOrg): the usual policies and its peer as anchor peer.
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

# ------------------------------------------------------------------ orderer
OSN_ARGS=() # filled by osn_args: the orderer's admin endpoint, mutual TLS as the orderer org's Admin
osn_args() {
  OSN_ARGS=(-o "$HOST:$ORDERER_ADMIN_PORT" --ca-file "$(orderer_tls_ca)"
    --client-cert "$(orderer_admin_tls)/client.crt" --client-key "$(orderer_admin_tls)/client.key")
}
orderer_channel_active() {
  "$BIN_DIR/osnadmin" channel list --channelID "$CHANNEL" "${OSN_ARGS[@]}" 2>/dev/null | grep -q '"status": *"active"'
}

# ------------------------------------------------------------------ peers
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
# start_ca org: its Fabric CA, signing with the organization's cryptogen CA key and certificate, so
# what it issues chains to the root the channel's MSP lists (and its CRLs verify there). TLS on,
# with a server certificate it issues itself: clients trust the organization's CA certificate.
# The bootstrap identity `admin` is the registrar the API registers, enrolls and revokes users with.
# launch_ca starts it; start_ca also waits until it listens (a CA takes seconds: up.sh launches all first).
start_ca() { launch_ca "$1" && wait_ca "$1"; }
wait_ca() { wait_ready "$(org_ca_process "$1")" 60 port_open "$(ca_port "$1")"; }
launch_ca() {
  local o="$1" home name
  home="$(ca_home "$o")"
  name="$(org_ca_process "$o")"
  mkdir -p "$home"
  chmod 700 "$home"
  if [ ! -s "$(ca_secret_file "$o")" ]; then
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(18).toString("base64url"))' >"$(ca_secret_file "$o")")
  fi
  # Its operations server would take 9443 for every CA on the host: no metrics for them.
  start_process "$name" "" env FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=127.0.0.1:0 \
    "$CA_BIN_DIR/fabric-ca-server" start -H "$home" -b "admin:$(cat "$(ca_secret_file "$o")")" \
    --address "$HOST" -p "$(ca_port "$o")" --ca.certfile "$(org_ca_cert "$o")" --ca.keyfile "$(org_ca_key "$o")" \
    --tls.enabled --csr.hosts localhost,127.0.0.1 --crl.expiry 8760h
}
start_peer() { # org: starts its peer on its generated core.yaml and waits for its /healthz
  local name
  name="$(org_process "$1")"
  start_process "$name" "$(config_dir "$name")" "$BIN_DIR/peer" node start
  wait_ready "$name" 60 healthz "$(peer_ops_port "$1")"
}

# The Fabric Gateway plans endorsements from service discovery, which knows only the peers that
# gossip has verified. Until every peer has seen all the others, a transaction that must be
# endorsed by other organizations (e.g. order terms, endorsed by the collection's two members)
# fails with "no peer combination can satisfy the endorsement policy". wait_gossip waits for it.
peers_known() { # org -> number of channel peers its gossip layer knows
  curl -fsS --max-time 2 "http://$HOST:$(peer_ops_port "$1")/metrics" 2>/dev/null |
    awk -v ch="$CHANNEL" '$1 ~ "^gossip_membership_total_peers_known\\{channel=\"" ch "\"\\}$" { print int($2) }'
}
wait_gossip() { # [timeout_s]: every peer of ORGS knows all the others
  local o deadline=$(($(now_ms) + ${1:-90} * 1000))
  for o in "${ORGS[@]}"; do
    until [ "$(peers_known "$o")" = "$((${#ORGS[@]} - 1))" ]; do
      [ "$(now_ms)" -lt "$deadline" ] || fail "peer of $(org_msp "$o") knows $(peers_known "$o" || echo 0) of the other $((${#ORGS[@]} - 1)) peers after ${1:-90}s" "$(log_file "$(org_process "$o")")"
      sleep 0.5
    done
  done
}

# ------------------------------------------------------------------ chaincodes
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
start_cc_server() { # chaincode
  local c="$1" id
  id="$(package_id "$c")"
  CORE_CHAINCODE_ID_NAME="$id" start_process "$(cc_process "$c")" "" node "$SHIM_CLI" server \
    --chaincode-address "$HOST:$(cc_port "$c")" --chaincode-id "$id" \
    --chaincode-tls-cert-file "$(ccsrv_tls_dir)/server.crt" --chaincode-tls-key-file "$(ccsrv_tls_dir)/server.key" \
    --module-path "$(cc_module_dir "$c")"
}
install_cc() { as_org "${1%%:*}" Admin lifecycle chaincode install "$(cc_package "${1#*:}")"; }
# Only coldtrace may have explicit collections: those of chaincode/collections_config.json when up.sh
# deployed it, kept in the network's state (keep_collections), because every later definition must
# repeat them whatever the working tree holds by then. Implicit per-organization collections need none.
NETWORK_COLLECTIONS="$CC_DIR/$CC_NAME.collections.json"
keep_collections() { rm -f "$NETWORK_COLLECTIONS"; [ ! -f "$COLLECTIONS_CONFIG" ] || cp "$COLLECTIONS_CONFIG" "$NETWORK_COLLECTIONS"; }
collections_args() { [ "$1" != "$CC_NAME" ] || [ ! -f "$NETWORK_COLLECTIONS" ] || printf '%s\n' --collections-config "$NETWORK_COLLECTIONS"; }
definition_args() { # chaincode -> the definition's arguments, the same for approve and commit
  printf '%s\n' --channelID "$CHANNEL" --name "$1" --version "$CC_VERSION" --sequence "$(cc_sequence "$1")" \
    --signature-policy "$(cc_policy "$1")"
  collections_args "$1"
}
approve_cc() { # Org:chaincode
  local c="${1#*:}" def
  mapfile -t def < <(definition_args "$c")
  as_org "${1%%:*}" Admin lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${def[@]}" \
    --package-id "$(package_id "$c")" --waitForEvent
}
commit_cc() { # chaincode
  local def
  mapfile -t def < <(definition_args "$1")
  as_org Manufacturer Admin lifecycle chaincode commit "${ORDERER_ARGS[@]}" "${def[@]}" "${PEER_ARGS[@]}" --waitForEvent
}
committed_on() { # org -> every chaincode's definition is committed on the org's peer (one query lists them all)
  local c committed
  committed="$(as_org "$1" Admin lifecycle chaincode querycommitted -C "$CHANNEL" 2>&1)" || return 1
  for c in "${CHAINCODES[@]}"; do
    grep -qF "Name: $c, Version: $CC_VERSION, Sequence: $(cc_sequence "$c")," <<<"$committed" || return 1
  done
}

# ------------------------------------------------------------------ smoke test and client profile
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
# The one query of coldtrace a fresh channel answers for anyone, member or not: its refusal of a
# product that does not exist proves the contract ran behind the peer.
smoke_coldtrace() { smoke "$CC_NAME" '{"Args":["query:publicProvenance","smoke"]}' 'NOT_FOUND\|INVALID_ARGUMENT'; }
peer_org_crypto_spec() { # org: its entry under PeerOrgs of a cryptogen config (one peer, one user besides Admin)
  cat <<EOF
  - Name: $1
    Domain: $(org_domain "$1")
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [127.0.0.1, localhost]
    Users:
      Count: 1
EOF
}
org_json() { # org
  local o="$1"
  printf '    %s: {\n' "$(json_str "$(org_msp "$o")")"
  printf '      "peer": {"endpoint": %s, "hostnameOverride": %s, "tlsCaCertPath": %s},\n' \
    "$(json_str "$HOST:$(peer_port "$o")")" "$(json_str "$(peer_host "$o")")" "$(json_str "$(org_tlsca_cert "$o")")"
  printf '      "ca": {"certPath": %s, "keyPath": %s},\n' "$(json_str "$(org_ca_cert "$o")")" "$(json_str "$(org_ca_key "$o")")"
  printf '      "fabricCa": {"url": %s, "tlsCaCertPath": %s, "registrar": {"enrollmentId": "admin", "secret": %s}},\n' \
    "$(json_str "$(ca_url "$o")")" "$(json_str "$(org_ca_cert "$o")")" "$(json_str "$(cat "$(ca_secret_file "$o")")")"
  printf '      "admin": {"certPath": %s, "keyPath": %s},\n' "$(json_str "$(user_cert "$o" Admin)")" "$(json_str "$(user_key "$o" Admin)")"
  printf '      "user": {"certPath": %s, "keyPath": %s}\n' "$(json_str "$(user_cert "$o" User1)")" "$(json_str "$(user_key "$o" User1)")"
  printf '    }'
}
write_connection_file() { # every organization of ORGS, written atomically and checked
  local o sep=""
  {
    printf '{\n'
    printf '  "channel": %s,\n  "chaincode": %s,\n  "fabricVersion": %s,\n' \
      "$(json_str "$CHANNEL")" "$(json_str "$CC_NAME")" "$(json_str "$("$BIN_DIR/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)")"
    printf '  "orderer": {"endpoint": %s, "hostnameOverride": %s, "tlsCaCertPath": %s},\n' \
      "$(json_str "$HOST:$ORDERER_PORT")" "$(json_str "$ORDERER_HOST")" "$(json_str "$(orderer_tls_ca)")"
    printf '  "organizations": {\n'
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
  write_member_files
}
# members/<MSP ID>.json: what one member's own node (npm start -- --ledger fabric --org MSPID) is given:
# its organization's CA and users, and only the peer endpoints of the others.
write_member_files() {
  mkdir -p "$MEMBERS_DIR"
  node -e '
    const fs = require("fs"), path = require("path");
    const [file, dir] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const mspId of Object.keys(c.organizations)) {
      const organizations = Object.fromEntries(Object.entries(c.organizations).map(([id, o]) => [id, id === mspId ? o : { peer: o.peer }]));
      const target = path.join(dir, mspId + ".json");
      fs.writeFileSync(target + ".tmp", JSON.stringify({ ...c, organizations }, null, 2) + "\n");
      fs.renameSync(target + ".tmp", target);
    }
  ' "$CONNECTION_FILE" "$MEMBERS_DIR" || fail "could not write the members' connection descriptions in $MEMBERS_DIR"
}
