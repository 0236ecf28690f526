#!/usr/bin/env bash
# Builds Hyperledger Fabric CA (fabric-ca-server, fabric-ca-client) from Go source fetched through
# the Go module proxy and caches them beside the Fabric binaries in <repo>/.fabric/bin (git-ignored).
# coldtrace needs them to test enrollment against a real CA (npm run test:amb): Amazon Managed
# Blockchain gives each member such a CA, and fabric-ca-client (Node) talks to it the same way.
#
#   bash network/fabric/install-ca.sh            # no-op when the pinned release is already there
#   bash network/fabric/install-ca.sh --force
#
# Outputs:
#   <dir>/bin/{fabric-ca-server,fabric-ca-client}
#   <dir>/CA_VERSION   stamp (key=value lines); its presence + the binaries make a re-run a no-op
#
# Environment:
#   FABRIC_CA_VERSION     release to build (default 1.5.15)
#   COLDTRACE_CA_DIR      install dir (default: COLDTRACE_FABRIC_DIR, else <repo>/.fabric; when that
#                         dir's bin/ is a symlink into another checkout, <that dir>/ca instead)
#   GOMODCACHE / GOCACHE  Go's own defaults unless set; keep them persistent so re-builds are warm.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CA_DIR="${COLDTRACE_CA_DIR:-${COLDTRACE_FABRIC_DIR:-$REPO_ROOT/.fabric}}"
# A git worktree's .fabric/bin may be a symlink into another checkout: never write through it.
if [ -z "${COLDTRACE_CA_DIR:-}" ] && [ -L "$CA_DIR/bin" ]; then
  CA_DIR="$CA_DIR/ca"
fi
BIN_DIR="$CA_DIR/bin"
STAMP_FILE="$CA_DIR/CA_VERSION"
CA_MODULE="github.com/hyperledger/fabric-ca"
CA_CMDS=(fabric-ca-server fabric-ca-client)
CA_VERSION="${FABRIC_CA_VERSION:-1.5.15}"

log() { printf '%s\n' "$*"; }
die() { printf 'install-ca: error: %s\n' "$*" >&2; exit 1; }

FORCE=0
for arg in "$@"; do
  case "$arg" in
    -f|--force) FORCE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

binaries_present() {
  local b
  for b in "${CA_CMDS[@]}"; do [ -x "$BIN_DIR/$b" ] || return 1; done
}
if [ "$FORCE" = 0 ] && [ -f "$STAMP_FILE" ] && binaries_present &&
  [ "$(sed -n 's/^fabric-ca=//p' "$STAMP_FILE")" = "$CA_VERSION" ]; then
  log "Fabric CA $CA_VERSION already installed in $BIN_DIR"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null 2>&1 || die "the 'go' command was not found: install Go 1.23 or newer (https://go.dev/doc/install)"
fi
# fabric-ca-server keeps its registry in SQLite (mattn/go-sqlite3): cgo and a C compiler are needed.
command -v "${CC:-cc}" >/dev/null 2>&1 || die "no C compiler (${CC:-cc}): fabric-ca-server's SQLite store needs cgo (apt-get install gcc)"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/coldtrace-ca-install.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT
t0=$SECONDS

log "downloading $CA_MODULE@v$CA_VERSION ..."
out="$(cd "$WORK_DIR" && GOWORK=off GO111MODULE=on go mod download -json "$CA_MODULE@v$CA_VERSION" 2>&1)" || true
SRC="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n 1)"
[ -n "$SRC" ] && [ -d "$SRC" ] || die "the Go module proxy ($(go env GOPROXY)) did not serve $CA_MODULE@v$CA_VERSION:
$out"

# The module zip carries a vendor/ holding only modules.txt, so build from a writable copy with
# -mod=readonly (the go.sum of the release pins every dependency).
cp -R "$SRC" "$WORK_DIR/src"
chmod -R u+w "$WORK_DIR/src"
mkdir -p "$WORK_DIR/out"
LDFLAGS="-X $CA_MODULE/lib/metadata.Version=$CA_VERSION"
for b in "${CA_CMDS[@]}"; do
  t=$SECONDS
  printf 'building %s ...' "$b"
  if ! (cd "$WORK_DIR/src" && GOWORK=off CGO_ENABLED=1 go build -mod=readonly -trimpath \
    -ldflags "$LDFLAGS" -o "$WORK_DIR/out/$b" "./cmd/$b") >"$WORK_DIR/$b.log" 2>&1; then
    printf ' FAILED\n'
    cat "$WORK_DIR/$b.log" >&2
    die "building $b failed"
  fi
  printf ' ok (%ds)\n' "$((SECONDS - t))"
done

mkdir -p "$BIN_DIR"
for b in "${CA_CMDS[@]}"; do mv -f "$WORK_DIR/out/$b" "$BIN_DIR/$b"; done
reported="$("$BIN_DIR/fabric-ca-server" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)"
[ "$reported" = "$CA_VERSION" ] || die "built fabric-ca-server reports version '$reported', expected $CA_VERSION"
cat >"$STAMP_FILE" <<EOF
fabric-ca=$CA_VERSION
module=$CA_MODULE@v$CA_VERSION
go=$(go env GOVERSION)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
log "Fabric CA $CA_VERSION installed in $BIN_DIR ($((SECONDS - t0))s)"
