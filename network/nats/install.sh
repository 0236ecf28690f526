#!/usr/bin/env bash
# Installs nats-server for `npm run test:nats` and for running coldtrace's detectors on NATS
# JetStream: uses the one on PATH when it is the pinned release, otherwise builds the pinned release
# with `go install` from the Go module proxy and caches it in <repo>/.fabric/nats/bin (git-ignored).
#
#   bash network/nats/install.sh            # no-op when the pinned release is already there
#   bash network/nats/install.sh --force
#
# Prints nothing but errors and progress; `network/nats/install.sh --print-path` prints the binary.
#
# Environment:
#   NATS_SERVER_VERSION   release to build (default 2.15.3)
#   COLDTRACE_NATS_DIR    install dir (default <repo>/.fabric/nats)
#   GOMODCACHE / GOCACHE  Go's own defaults unless set; keep them persistent so re-builds are warm.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
NATS_DIR="${COLDTRACE_NATS_DIR:-$REPO_ROOT/.fabric/nats}"
BIN="$NATS_DIR/bin/nats-server"
MODULE="github.com/nats-io/nats-server/v2"
VERSION="${NATS_SERVER_VERSION:-2.15.3}"

die() { printf 'nats install: error: %s\n' "$*" >&2; exit 1; }

FORCE=0
PRINT=0
for arg in "$@"; do
  case "$arg" in
    -f|--force) FORCE=1 ;;
    --print-path) PRINT=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

version_of() { "$1" --version 2>/dev/null | sed -n 's/^nats-server: v\{0,1\}//p'; }
done_with() {
  if [ "$PRINT" = 1 ]; then printf '%s\n' "$1"; fi
  exit 0
}

if [ "$FORCE" = 0 ]; then
  [ -x "$BIN" ] && [ "$(version_of "$BIN")" = "$VERSION" ] && done_with "$BIN"
  # A nats-server on PATH (a package, a container image) serves when it is the pinned release.
  onpath="$(command -v nats-server 2>/dev/null || true)"
  [ -n "$onpath" ] && [ "$(version_of "$onpath")" = "$VERSION" ] && done_with "$onpath"
fi

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null 2>&1 || die "the 'go' command was not found: install Go 1.24 or newer (https://go.dev/doc/install)"
fi
t0=$SECONDS
printf 'building nats-server %s with go install ...\n' "$VERSION" >&2
mkdir -p "$NATS_DIR/bin"
# go install into a scratch GOBIN, then move: a failed build never leaves a half-written binary.
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/coldtrace-nats-install.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT
if ! (cd "$WORK_DIR" && GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOBIN="$WORK_DIR" \
  go install -trimpath "$MODULE@v$VERSION") >"$WORK_DIR/build.log" 2>&1; then
  cat "$WORK_DIR/build.log" >&2
  die "go install $MODULE@v$VERSION failed (proxy: $(go env GOPROXY))"
fi
mv -f "$WORK_DIR/nats-server" "$BIN"
[ "$(version_of "$BIN")" = "$VERSION" ] || die "built nats-server reports '$(version_of "$BIN")', expected $VERSION"
printf 'nats-server %s installed in %s (%ds)\n' "$VERSION" "$BIN" "$((SECONDS - t0))" >&2
done_with "$BIN"
