# shellcheck shell=bash disable=SC2034  # (constants here are used by the scripts that source this file)
# Shared definitions and helpers for network/fabric/{up,down,status}.sh. Sourced, never run.
#
# The local coldtrace Fabric network lives entirely in <repo>/.fabric/network (git-ignored):
#   crypto/             cryptogen output (peer/orderer/user MSPs and TLS material)
#   ca/<org>/           each organization's fabric-ca-server home (its registry, TLS certificate,
#                       registrar-secret: the bootstrap admin's enrollment secret)
#   config/<process>/   generated core.yaml / orderer.yaml (FABRIC_CFG_PATH of that process)
#   config/configtx/    configtx.yaml and crypto-config.yaml
#   channel/            the coldtrace channel's genesis block
#   chaincode/          the CCaaS package of each chaincode (<label>.tar.gz, <name>/ sources), <name>.package-id
#   data/<process>/     ledgers
#   logs/<process>.log  stdout+stderr of each process; logs/cli/*.log output of the CLI calls of up.sh
#   pids/<process>.pid  pid of each process started by up.sh
#   connection.json     how clients reach the network (see docs/network.md)
#   members/<MSP>.json  the same for one member's own node: its keys, the others' peers only
#   READY               written when up.sh completed; absent while starting or after a failure
#   STOPPED             written by stop.sh (every process stopped, state kept), removed by start.sh
#   added-orgs          organizations admitted by add-org.sh: "<Name> <MSP ID> <role>" per line

FABRIC_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$FABRIC_SCRIPT_DIR/../.." && pwd)"
FABRIC_HOME="${COLDTRACE_FABRIC_DIR:-$REPO_ROOT/.fabric}"
BIN_DIR="$FABRIC_HOME/bin"
BUILDER_DIR="$FABRIC_HOME/builders/ccaas"
SAMPLECONFIG_FILE="$FABRIC_HOME/sampleconfig.path"
# fabric-ca-server/-client, built by install-ca.sh: beside the Fabric binaries, or in ca/bin when
# bin/ is a symlink into another checkout (install-ca.sh never writes through it).
if [ -n "${COLDTRACE_CA_DIR:-}" ]; then
  CA_BIN_DIR="$COLDTRACE_CA_DIR/bin"
elif [ -L "$FABRIC_HOME/bin" ]; then
  CA_BIN_DIR="$FABRIC_HOME/ca/bin"
else
  CA_BIN_DIR="$BIN_DIR"
fi
STATE_DIR="$FABRIC_HOME/network"
CRYPTO_DIR="$STATE_DIR/crypto"
CA_STATE_DIR="$STATE_DIR/ca"
CONFIG_DIR="$STATE_DIR/config"
CHANNEL_DIR="$STATE_DIR/channel"
CC_DIR="$STATE_DIR/chaincode"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
CLI_LOG_DIR="$LOG_DIR/cli"
PID_DIR="$STATE_DIR/pids"
READY_FILE="$STATE_DIR/READY"
STOPPED_FILE="$STATE_DIR/STOPPED"
ADDED_ORGS_FILE="$STATE_DIR/added-orgs"
CONNECTION_FILE="$STATE_DIR/connection.json"
MEMBERS_DIR="$STATE_DIR/members"
CHAINCODE_PKG_DIR="$REPO_ROOT/chaincode"
COLLECTIONS_CONFIG="$CHAINCODE_PKG_DIR/collections_config.json"
SHIM_CLI="$REPO_ROOT/node_modules/.bin/fabric-chaincode-node"

HOST=127.0.0.1
CHANNEL=coldtrace
CC_NAME=coldtrace
CC_VERSION=1.0
CC_SEQUENCE=1 # of the first definition; add-org.sh commits the next ones (cc_sequence)
CC_PORT=7999
# The floor of the write benchmarks (bench/floor-chaincode: one submit that puts one key), deployed
# next to coldtrace with the same version, sequence and policy; see docs/network.md. Not used by coldtrace.
FLOOR_CC_NAME=coldtrace-floor
FLOOR_CC_PORT=7998
FLOOR_PKG_DIR="$REPO_ROOT/bench/floor-chaincode"
# The migration suite's source (network/migration/workshop-chaincode: the AWS workshop's supplychaincc
# data model), deployed the same way; see docs/migration.md. Not used by coldtrace.
WORKSHOP_CC_NAME=supplychaincc
WORKSHOP_CC_PORT=7997
WORKSHOP_PKG_DIR="$REPO_ROOT/network/migration/workshop-chaincode"
# Every chaincode up.sh deploys as a service: each has its own CCaaS package (label <name>_<version>),
# its own chaincode server process and port (below), and its own definition on the channel.
CHAINCODES=("$CC_NAME" "$FLOOR_CC_NAME" "$WORKSHOP_CC_NAME")

ORDERER_DOMAIN=orderer.coldtrace.local
ORDERER_HOST="orderer0.$ORDERER_DOMAIN"
ORDERER_PORT=7050
ORDERER_ADMIN_PORT=7053
ORDERER_OPS_PORT=8443
# The chaincode server's TLS certificate comes from its own cryptogen organization (not a channel member).
CCSRV_DOMAIN=chaincode.coldtrace.local
CCSRV_HOST="server.$CCSRV_DOMAIN"

# The organizations up.sh creates; add-org.sh appends others to ADDED_ORGS_FILE, and load_orgs reads
# them into ORGS (every peer organization of the channel) and PROCESSES (every process of the network).
FOUNDING_ORGS=(Manufacturer Carrier Retailer Auditor)
ORGS=()
PROCESSES=()
load_orgs() {
  local name
  ORGS=("${FOUNDING_ORGS[@]}")
  if [ -f "$ADDED_ORGS_FILE" ]; then
    while read -r name _; do [ -z "$name" ] || ORGS+=("$name"); done <"$ADDED_ORGS_FILE"
  fi
  PROCESSES=(orderer)
  for name in "${ORGS[@]}"; do PROCESSES+=("$(org_ca_process "$name")"); done
  for name in "${ORGS[@]}"; do PROCESSES+=("$(org_process "$name")"); done
  PROCESSES+=(chaincode chaincode-floor chaincode-workshop)
}

# ------------------------------------------------------------------ organizations
org_msp() { printf '%sMSP\n' "$1"; }
org_lc() { printf '%s\n' "${1,,}"; }
org_domain() { printf '%s.coldtrace.local\n' "$(org_lc "$1")"; }
org_process() { printf 'peer-%s\n' "$(org_lc "$1")"; }
org_index() { # org -> its position in ORGS (0 for Manufacturer)
  local i
  for i in "${!ORGS[@]}"; do
    if [ "${ORGS[$i]}" = "$1" ]; then echo "$i"; return 0; fi
  done
  die "unknown organization '$1'"
}
# peer ports: gRPC, chaincode listener, operations (healthz). The n-th organization (from 0) listens
# on 7051+1000n and 7052+1000n, operations on 9444+n: 7051/9444 Manufacturer … 10051/9447 Auditor,
# then 11051/9448 for the first organization add-org.sh admits.
org_ports() {
  local n
  n="$(org_index "$1")" || exit 1
  echo "$((7051 + 1000 * n)) $((7052 + 1000 * n)) $((9444 + n))"
}
peer_port() { local p; read -r p _ _ <<<"$(org_ports "$1")"; echo "$p"; }
peer_cc_port() { local p; read -r _ p _ <<<"$(org_ports "$1")"; echo "$p"; }
peer_ops_port() { local p; read -r _ _ p <<<"$(org_ports "$1")"; echo "$p"; }
peer_host() { printf 'peer0.%s\n' "$(org_domain "$1")"; }
# Each organization's Fabric CA (fabric-ca-server, TLS on): 7054+1000n, beside its peer's ports.
org_ca_process() { printf 'ca-%s\n' "$(org_lc "$1")"; }
ca_port() { echo "$((7054 + 1000 * $(org_index "$1")))"; }
ca_home() { printf '%s/%s\n' "$CA_STATE_DIR" "$(org_lc "$1")"; }
ca_url() { printf 'https://localhost:%s\n' "$(ca_port "$1")"; }
ca_secret_file() { printf '%s/registrar-secret\n' "$(ca_home "$1")"; }

org_dir() { printf '%s/peerOrganizations/%s\n' "$CRYPTO_DIR" "$(org_domain "$1")"; }
peer_dir() { printf '%s/peers/%s\n' "$(org_dir "$1")" "$(peer_host "$1")"; }
peer_tls_ca() { printf '%s/tls/ca.crt\n' "$(peer_dir "$1")"; }
org_tlsca_cert() { printf '%s/tlsca/tlsca.%s-cert.pem\n' "$(org_dir "$1")" "$(org_domain "$1")"; }
org_ca_cert() { printf '%s/ca/ca.%s-cert.pem\n' "$(org_dir "$1")" "$(org_domain "$1")"; }
org_ca_key() { printf '%s/ca/priv_sk\n' "$(org_dir "$1")"; }
user_msp() { printf '%s/users/%s@%s/msp\n' "$(org_dir "$1")" "$2" "$(org_domain "$1")"; } # org Admin|User1
user_cert() { printf '%s/signcerts/%s@%s-cert.pem\n' "$(user_msp "$1" "$2")" "$2" "$(org_domain "$1")"; }
user_key() { printf '%s/keystore/priv_sk\n' "$(user_msp "$1" "$2")"; }

orderer_org_dir() { printf '%s/ordererOrganizations/%s\n' "$CRYPTO_DIR" "$ORDERER_DOMAIN"; }
orderer_node_dir() { printf '%s/orderers/%s\n' "$(orderer_org_dir)" "$ORDERER_HOST"; }
orderer_tls_ca() { printf '%s/tlsca/tlsca.%s-cert.pem\n' "$(orderer_org_dir)" "$ORDERER_DOMAIN"; }
orderer_admin_tls() { printf '%s/users/Admin@%s/tls\n' "$(orderer_org_dir)" "$ORDERER_DOMAIN"; }
ccsrv_tls_dir() { printf '%s/peerOrganizations/%s/peers/%s/tls\n' "$CRYPTO_DIR" "$CCSRV_DOMAIN" "$CCSRV_HOST"; }

ORDERER_ARGS=() # filled by orderer_args (paths depend on CRYPTO_DIR only, but keep it lazy)
orderer_args() { ORDERER_ARGS=(-o "$HOST:$ORDERER_PORT" --tls --cafile "$(orderer_tls_ca)"); }

# ------------------------------------------------------------------ chaincodes
cc_process() { # chaincode name -> name of its chaincode server process
  case "$1" in
    "$CC_NAME") echo chaincode ;;
    "$FLOOR_CC_NAME") echo chaincode-floor ;;
    "$WORKSHOP_CC_NAME") echo chaincode-workshop ;;
    *) die "unknown chaincode '$1'" ;;
  esac
}
cc_port() {
  case "$1" in
    "$CC_NAME") echo "$CC_PORT" ;;
    "$FLOOR_CC_NAME") echo "$FLOOR_CC_PORT" ;;
    "$WORKSHOP_CC_NAME") echo "$WORKSHOP_CC_PORT" ;;
    *) die "unknown chaincode '$1'" ;;
  esac
}
cc_module_dir() { # the package fabric-chaincode-node serves (package.json "main" names the contracts)
  case "$1" in
    "$CC_NAME") echo "$CHAINCODE_PKG_DIR" ;;
    "$FLOOR_CC_NAME") echo "$FLOOR_PKG_DIR" ;;
    "$WORKSHOP_CC_NAME") echo "$WORKSHOP_PKG_DIR" ;;
    *) die "unknown chaincode '$1'" ;;
  esac
}
cc_label() { printf '%s_%s\n' "$1" "$CC_VERSION"; }
cc_package() { printf '%s/%s.tar.gz\n' "$CC_DIR" "$(cc_label "$1")"; }
cc_package_id_file() { printf '%s/%s.package-id\n' "$CC_DIR" "$1"; }
# The endorsement policy: any two of the given organizations' peers (see docs/network.md).
endorsement_policy() { # org...
  local o out=""
  for o in "$@"; do out+=",'$(org_msp "$o").peer'"; done
  printf 'OutOf(2%s)\n' "$out"
}
CC_POLICY="$(endorsement_policy "${FOUNDING_ORGS[@]}")"
# The committed definition of a chaincode: sequence and policy, as add-org.sh last committed them
# (files <name>.sequence and <name>.policy), the first definition's before that.
cc_sequence() { cat "$CC_DIR/$1.sequence" 2>/dev/null || echo "$CC_SEQUENCE"; }
cc_policy() { cat "$CC_DIR/$1.policy" 2>/dev/null || echo "$CC_POLICY"; }
process_chaincode() { # chaincode-floor -> coldtrace-floor
  local c
  for c in "${CHAINCODES[@]}"; do
    if [ "$(cc_process "$c")" = "$1" ]; then echo "$c"; return 0; fi
  done
  return 1
}

# ------------------------------------------------------------------ processes
process_port() {
  case "$1" in
    orderer) echo "$ORDERER_PORT" ;;
    chaincode*) cc_port "$(process_chaincode "$1")" ;;
    peer-*) peer_port "$(process_org "$1")" ;;
    ca-*) ca_port "$(process_org "$1")" ;;
    *) die "unknown process '$1'" ;;
  esac
}
process_org() { # peer-manufacturer (or its CA, ca-manufacturer) -> Manufacturer
  local o
  for o in "${ORGS[@]}"; do
    if [ "$(org_process "$o")" = "$1" ] || [ "$(org_ca_process "$o")" = "$1" ]; then echo "$o"; return 0; fi
  done
  return 1
}
pid_file() { printf '%s/%s.pid\n' "$PID_DIR" "$1"; }
log_file() { printf '%s/%s.log\n' "$LOG_DIR" "$1"; }
config_dir() { printf '%s/%s\n' "$CONFIG_DIR" "$1"; }

read_pid() { # name -> pid on stdout, or fails
  local f
  f="$(pid_file "$1")"
  [ -s "$f" ] || return 1
  tr -dc '0-9' <"$f"
}

# A pid counts as ours only if it is alive (not a zombie) and its command line is one we started:
# a Fabric binary from $BIN_DIR or $CA_BIN_DIR, or the fabric-chaincode-node shim. Guards against pid reuse.
pid_is_ours() {
  local pid="$1" cmd state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)" || return 1
  [ "$state" != Z ] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  case "$cmd" in
    "$BIN_DIR/"* | "$CA_BIN_DIR/"* | *fabric-chaincode-node*) return 0 ;;
    *) return 1 ;;
  esac
}

process_alive() { local pid; pid="$(read_pid "$1")" && pid_is_ours "$pid"; }

rss_mb() { # pid -> resident set size in MB (one decimal)
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null
}

# Counts the processes of the table whose pid file names a live process of ours.
count_alive() {
  local n=0 p
  for p in "${PROCESSES[@]}"; do
    if process_alive "$p"; then n=$((n + 1)); fi
  done
  echo "$n"
}

# stop_process name: TERM, wait up to 10 s, then KILL. Prints what it did.
stop_process() {
  local name="$1" pid i
  pid="$(read_pid "$name")" || return 0
  if ! pid_is_ours "$pid"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  printf '  stopping %-18s pid %-7s ...' "$name" "$pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_is_ours "$pid" || break
    sleep 0.1
  done
  if pid_is_ours "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do pid_is_ours "$pid" || break; sleep 0.1; done
    printf ' killed (did not exit within 10s)\n'
  else
    printf ' stopped (%s.%ss)\n' "$((i / 10))" "$((i % 10))"
  fi
  rm -f "$(pid_file "$name")"
}

# Stops every process of the table, chaincode and peers first, orderer last.
stop_all() {
  local i
  for ((i = ${#PROCESSES[@]} - 1; i >= 0; i--)); do stop_process "${PROCESSES[$i]}"; done
}

# start_process name cfgdir cmd... : runs cmd detached (own session, no terminal, stdin /dev/null),
# stdout+stderr to logs/<name>.log, pid to pids/<name>.pid. setsid does not fork here (a background
# job of a non-interactive shell is not a process group leader), so $! is the process itself.
start_process() {
  local name="$1" cfg="$2" log pid
  shift 2
  log="$(log_file "$name")"
  mkdir -p "$LOG_DIR" "$PID_DIR"
  if [ "${KEEP_LOGS:-0}" = 1 ]; then # start.sh: the process runs again, its earlier log stays above
    printf -- '---- started again %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$log"
  else
    : >"$log"
  fi
  # 9>&-: the daemon must not inherit the lock of up.sh (see take_lock)
  if [ -n "$cfg" ]; then
    FABRIC_CFG_PATH="$cfg" setsid nohup "$@" >>"$log" 2>&1 </dev/null 9>&- &
  else
    setsid nohup "$@" >>"$log" 2>&1 </dev/null 9>&- &
  fi
  pid=$!
  printf '%s\n' "$pid" >"$(pid_file "$name")"
}

# take_lock up|down|stop|start|add-org : one of them at a time (fd 9 stays open, and locked, until the script exits)
take_lock() {
  mkdir -p "$FABRIC_HOME"
  exec 9>"$FABRIC_HOME/.network.lock"
  flock -n 9 || die "another network command (up, down, stop, start, add-org) is running (lock $FABRIC_HOME/.network.lock); network:$1 not started"
}

# ------------------------------------------------------------------ output and timing
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%ds' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }
die() { printf '\nnetwork: error: %s\n' "$*" >&2; exit 1; }
note() { printf '%s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

port_owner() { # best effort: "pid/name" of whatever listens on the port
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\2 \1/p' | head -n 1
}

# Last 40 lines of a process log, indented, to stderr.
show_log_tail() {
  local f="$1"
  [ -f "$f" ] || return 0
  printf -- '---- last 40 lines of %s\n' "$f" >&2
  tail -n 40 "$f" | sed 's/^/    /' >&2
  printf -- '----\n' >&2
}

# ------------------------------------------------------------------ peer CLI
# as_org Org Admin|User1 peer-subcommand... : runs the peer CLI as that identity against the org's peer.
as_org() {
  local org="$1" id="$2"
  shift 2
  FABRIC_CFG_PATH="$(config_dir "$(org_process "$org")")" \
    FABRIC_LOGGING_SPEC="${COLDTRACE_CLI_LOGGING:-warning}" \
    CORE_PEER_LOCALMSPID="$(org_msp "$org")" \
    CORE_PEER_MSPCONFIGPATH="$(user_msp "$org" "$id")" \
    CORE_PEER_ADDRESS="$HOST:$(peer_port "$org")" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")" \
    "$BIN_DIR/peer" "$@"
}

# --peerAddresses/--tlsRootCertFiles arguments for the given orgs, into PEER_ARGS.
PEER_ARGS=()
peer_args() {
  local o
  PEER_ARGS=()
  for o in "$@"; do PEER_ARGS+=(--peerAddresses "$HOST:$(peer_port "$o")" --tlsRootCertFiles "$(peer_tls_ca "$o")"); done
}

channel_height() { # org -> block height of the channel on the org's peer (Admin identity)
  as_org "$1" Admin channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}

# ------------------------------------------------------------------ YAML
# yaml_quote value -> the value as a double-quoted YAML scalar
yaml_quote() {
  local v="${1//\\/\\\\}"
  printf '"%s"' "${v//\"/\\\"}"
}

# yaml_edit SRC DEST path=value... : copies SRC to DEST with the value of each dotted key path replaced.
# A value replaces the key's whole block (use YAML flow style for lists and maps: [a, b], {k: v}).
# A key that is absent from SRC is inserted under its parent (which must exist). Fails when a path can
# be placed nowhere, so a changed sampleconfig is noticed instead of silently ignored.
yaml_edit() {
  local src="$1" dest="$2"
  shift 2
  YAML_EDITS="$(printf '%s\n' "$@")" awk '
    function indent_of(s) { match(s, /^ */); return RLENGTH }
    function is_blank(s) { return s ~ /^[ \t]*$/ || s ~ /^[ \t]*#/ }
    function is_key(s) { return s ~ /^ *[A-Za-z0-9_.-]+:$/ || s ~ /^ *[A-Za-z0-9_.-]+: / }
    function key_of(s, t) { t = s; sub(/^ */, "", t); sub(/:.*$/, "", t); return t }
    function parent_of(p, t) { t = p; if (sub(/\.[^.]*$/, "", t)) return t; return "" }
    function leaf_of(p, t) { t = p; sub(/^.*\./, "", t); return t }
    function spaces(n, s) { s = ""; while (n-- > 0) s = s " "; return s }
    function track(s, ind, p, i) {
      ind = indent_of(s)
      while (depth > 0 && sind[depth] >= ind) depth--
      depth++; sind[depth] = ind; skey[depth] = key_of(s)
      p = skey[1]; for (i = 2; i <= depth; i++) p = p "." skey[i]
      return p
    }
    BEGIN {
      n = split(ENVIRON["YAML_EDITS"], lines, "\n")
      for (i = 1; i <= n; i++) {
        if (lines[i] == "") continue
        eq = index(lines[i], "=")
        k = substr(lines[i], 1, eq - 1)
        want[k] = substr(lines[i], eq + 1); order[++nw] = k
      }
    }
    FNR == 1 { depth = 0; pass++ }
    pass == 1 {
      if (is_blank($0) || !is_key($0)) next
      p = track($0)
      exists[p] = 1
      q = parent_of(p)
      if (q != "" && !(q in cind)) cind[q] = sind[depth]
      next
    }
    {
      if (skipping) {
        # comments and blank lines are kept unless they sit inside the replaced block
        if (is_blank($0)) { held = held $0 "\n"; next }
        ind = indent_of($0)
        if (ind > skip_ind || (ind == skip_ind && $0 ~ /^ *-/)) { held = ""; next }
        skipping = 0; printf "%s", held; held = ""
      }
      if (is_blank($0) || !is_key($0)) { print; next }
      p = track($0)
      if (p in want) {
        print spaces(sind[depth]) skey[depth] ": " want[p]
        done[p] = 1; skipping = 1; skip_ind = sind[depth]
      } else {
        print
      }
      for (i = 1; i <= nw; i++) {
        k = order[i]
        if ((k in exists) || (k in done) || parent_of(k) != p) continue
        ci = (p in cind) ? cind[p] : sind[depth] + 4
        print spaces(ci) leaf_of(k) ": " want[k]
        done[k] = 1
      }
    }
    END {
      printf "%s", held
      bad = 0
      for (i = 1; i <= nw; i++) if (!(order[i] in done)) { print "yaml_edit: cannot place key " order[i] > "/dev/stderr"; bad = 1 }
      exit bad
    }
  ' "$src" "$src" >"$dest"
}

# The scripts take no arguments but -h/--help, which prints the script's header comment.
accept_only_help() {
  case "${1:-}" in
    "") ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[-1]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
}

load_orgs
