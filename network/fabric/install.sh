#!/usr/bin/env bash
# Builds the Hyperledger Fabric native binaries that the coldtrace network needs
# (peer, orderer, configtxgen, osnadmin, cryptogen, configtxlator) plus the chaincode-as-a-service
# external builder (detect, build, release) from Go source fetched through the Go
# module proxy, and caches them in <repo>/.fabric (git-ignored).
#
#   npm run network:install              # same as: bash network/fabric/install.sh
#   bash network/fabric/install.sh --force
#
# Outputs:
#   .fabric/bin/{peer,orderer,configtxgen,osnadmin,cryptogen,configtxlator}
#   .fabric/builders/ccaas/bin/{detect,build,release}
#   .fabric/sampleconfig.path   absolute path of Fabric's sampleconfig/ (core.yaml,
#                               orderer.yaml, configtx.yaml, msp/) in the Go module cache
#   .fabric/VERSION             stamp (key=value lines); its presence + the binaries
#                               make a re-run a no-op
#
# Environment:
#   FABRIC_VERSION            release to build (default 2.5.16; must be in the table below)
#   FABRIC_FALLBACK_VERSIONS  releases tried, in order, when the module proxy refuses
#                             FABRIC_VERSION (default "2.5.9"; set to "" to fail instead)
#   COLDTRACE_FABRIC_DIR      install dir (default <repo>/.fabric)
#   GOMODCACHE / GOCACHE      Go's own defaults are used unless set; keep them persistent
#                             so that re-builds are warm.
set -euo pipefail

# ---------------------------------------------------------------- constants
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
FABRIC_DIR="${COLDTRACE_FABRIC_DIR:-$REPO_ROOT/.fabric}"
BIN_DIR="$FABRIC_DIR/bin"
CCAAS_DIR="$FABRIC_DIR/builders/ccaas/bin"
STAMP_FILE="$FABRIC_DIR/VERSION"
SAMPLECONFIG_FILE="$FABRIC_DIR/sampleconfig.path"
BUNDLED_CCAAS_DIR="$SCRIPT_DIR/ccaas-builder"

FABRIC_MODULE="github.com/hyperledger/fabric"
CCAAS_MODULE="github.com/hyperledger/fabric/ccaas_builder"
FABRIC_CMDS=(peer orderer configtxgen osnadmin cryptogen configtxlator)
CCAAS_CMDS=(detect build release)

PREFERRED_VERSION="${FABRIC_VERSION:-2.5.16}"
FALLBACK_VERSIONS="${FABRIC_FALLBACK_VERSIONS-2.5.9}"

# Fabric's go.mod declares module github.com/hyperledger/fabric (no /v2 suffix), so
# the Go tooling refuses its v2.x tags; release commits are addressed by pseudo-version.
# Columns: full commit, fabric module version, ccaas_builder module version.
release_info() {
  case "$1" in
    2.5.16) echo "f871cf92a026aba7b12e6f06d71ded3e6e659d71 v1.4.0-rc1.0.20260617221605-f871cf92a026 v0.0.0-20260617221605-f871cf92a026" ;;
    2.5.9)  echo "7c3876255bf064b789a839ce347b6a02adb6333c v1.4.0-rc1.0.20240618194258-7c3876255bf0 v0.0.0-20240618194258-7c3876255bf0" ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------- helpers
log() { printf '%s\n' "$*"; }
warn() { printf 'network:install: warning: %s\n' "$*" >&2; }
die() { printf 'network:install: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

FORCE=0
for arg in "$@"; do
  case "$arg" in
    -f|--force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

stamp_get() { # key -> value from the stamp file ("" when absent)
  [ -f "$STAMP_FILE" ] || { echo ""; return 0; }
  sed -n "s/^$1=//p" "$STAMP_FILE" | head -n 1
}

all_binaries_present() {
  local b
  for b in "${FABRIC_CMDS[@]}"; do [ -x "$BIN_DIR/$b" ] || return 1; done
  for b in "${CCAAS_CMDS[@]}"; do [ -x "$CCAAS_DIR/$b" ] || return 1; done
  return 0
}

# ---------------------------------------------------------------- fast path
if [ "$FORCE" = 0 ] && [ -f "$STAMP_FILE" ] && all_binaries_present; then
  stamped="$(stamp_get fabric)"
  requested="$(stamp_get requested)"
  # A stamp satisfies this run if it holds the requested release, or if a previous
  # run asked for the same release and had to fall back (module proxy refused it).
  if [ -n "$stamped" ] && { [ "$stamped" = "$PREFERRED_VERSION" ] || [ "$requested" = "$PREFERRED_VERSION" ]; }; then
    sc="$(cat "$SAMPLECONFIG_FILE" 2>/dev/null || true)"
    if [ -n "$sc" ] && [ -f "$sc/core.yaml" ] && [ -f "$sc/orderer.yaml" ]; then
      log "Fabric $stamped binaries already installed in $BIN_DIR (commit $(stamp_get commit | cut -c1-12))"
      [ "$stamped" != "$PREFERRED_VERSION" ] &&
        log "  note: Fabric $PREFERRED_VERSION was not available from the Go module proxy; using $stamped (run with --force to retry)"
      exit 0
    fi
    # Binaries are fine but the module cache was cleaned: only re-download the source.
    log "Fabric $stamped binaries present, but Fabric's sampleconfig is gone from the Go module cache; re-downloading it"
  fi
fi

# ---------------------------------------------------------------- go toolchain
if ! command -v go >/dev/null 2>&1; then
  hint=""
  [ -x /usr/local/go/bin/go ] && hint=" Go is at /usr/local/go/bin/go: add it to PATH (export PATH=/usr/local/go/bin:\$PATH)."
  die "the 'go' command was not found.${hint}
  Building Fabric needs Go 1.22 or newer (Fabric 2.5.16's go.mod asks for go 1.26.4).
  Install it from https://go.dev/doc/install (unpack to /usr/local/go and put /usr/local/go/bin on PATH);
  Debian's golang-go package is usually too old for this."
fi
GO_VERSION="$(go env GOVERSION)"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/coldtrace-fabric-install.XXXXXX")"
STAGE_DIR=""
cleanup() {
  rm -rf "$WORK_DIR"
  if [ -n "$STAGE_DIR" ]; then rm -rf "$STAGE_DIR"; fi
}
trap cleanup EXIT

# Run go outside any module or workspace (the repo may contain go.mod/go.work files)
# and with module mode forced on, so that pkg@version and mod@version forms work.
run_go() { (cd "$WORK_DIR" && GOWORK=off GO111MODULE=on go "$@"); }

# go mod download -json prints {"Path":..,"Dir":..,"Error":..}; extract one field.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -n 1; }

# download_module module@version -> prints the source dir; returns 1 (with the Go
# error on stderr) when the proxy does not serve that version.
download_module() {
  local out dir err
  out="$(run_go mod download -json "$1" 2>&1)" || true
  dir="$(printf '%s\n' "$out" | json_field Dir)"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    printf '%s\n' "$dir"
    return 0
  fi
  err="$(printf '%s\n' "$out" | json_field Error)"
  printf '%b\n' "${err:-$out}" >&2
  return 1
}

# ---------------------------------------------------------------- pick the release
candidates=("$PREFERRED_VERSION")
for v in $FALLBACK_VERSIONS; do [ "$v" = "$PREFERRED_VERSION" ] || candidates+=("$v"); done

FABRIC_VER="" FABRIC_COMMIT="" FABRIC_MODVER="" CCAAS_MODVER="" FABRIC_SRC=""
t0=$SECONDS
for v in "${candidates[@]}"; do
  info="$(release_info "$v")" || die "unknown Fabric release '$v' (known: 2.5.16, 2.5.9; edit release_info in $0 to add one)"
  read -r commit modver ccaasver <<<"$info"
  log "downloading $FABRIC_MODULE@$modver (Fabric $v, commit ${commit:0:12}) ..."
  if src="$(download_module "$FABRIC_MODULE@$modver" 2>"$WORK_DIR/dl.err")"; then
    FABRIC_VER="$v" FABRIC_COMMIT="$commit" FABRIC_MODVER="$modver" CCAAS_MODVER="$ccaasver" FABRIC_SRC="$src"
    break
  fi
  warn "Fabric $v is not available from the Go module proxy ($(go env GOPROXY)):"
  sed 's/^/    /' "$WORK_DIR/dl.err" >&2
done
[ -n "$FABRIC_VER" ] || die "none of the Fabric releases [${candidates[*]}] could be downloaded"
[ "$FABRIC_VER" = "$PREFERRED_VERSION" ] || warn "falling back to Fabric $FABRIC_VER"
log "  source in $FABRIC_SRC ($((SECONDS - t0))s)"

SAMPLECONFIG_DIR="$FABRIC_SRC/sampleconfig"
[ -f "$SAMPLECONFIG_DIR/core.yaml" ] || die "no sampleconfig/core.yaml in $FABRIC_SRC"

# ---------------------------------------------------------------- short cut: only the path was missing
if [ "$FORCE" = 0 ] && all_binaries_present && [ "$(stamp_get fabric)" = "$FABRIC_VER" ]; then
  printf '%s\n' "$SAMPLECONFIG_DIR" >"$SAMPLECONFIG_FILE"
  log "Fabric $FABRIC_VER binaries already installed; sampleconfig path refreshed: $SAMPLECONFIG_DIR"
  exit 0
fi

# ---------------------------------------------------------------- build
mkdir -p "$FABRIC_DIR"
rm -f "$STAMP_FILE"
STAGE_DIR="$(mktemp -d "$FABRIC_DIR/.staging.XXXXXX")"
mkdir -p "$STAGE_DIR/bin" "$STAGE_DIR/ccaas"

LDFLAGS="-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_VER -X $FABRIC_MODULE/common/metadata.CommitSHA=${FABRIC_COMMIT:0:7}"
TOOLCHAIN="local"
BUILD_METHOD="go install"
INSTALL_ERROR=""
TOTAL=$(( ${#FABRIC_CMDS[@]} + ${#CCAAS_CMDS[@]} ))
STEP=0

# Toolchain the module's go.mod asks for ("toolchain goX.Y.Z" or "go X.Y[.Z]").
module_toolchain() {
  local gomod="$1/go.mod" tc
  tc="$(sed -n 's/^toolchain[[:space:]]\{1,\}\(go[0-9.]*\).*/\1/p' "$gomod" | head -n 1)"
  if [ -z "$tc" ]; then
    tc="$(sed -n 's/^go[[:space:]]\{1,\}\([0-9][0-9.]*\).*/\1/p' "$gomod" | head -n 1)"
    [ -n "$tc" ] || return 1
    case "$tc" in *.*.*) ;; *) tc="$tc.0" ;; esac # "1.22" is spelled go1.22.0 as a toolchain
    tc="go$tc"
  fi
  printf '%s\n' "$tc"
}

# Builds a package from a writable temporary copy of the module source, using the
# module's own go.mod/go.sum (-mod=readonly: Fabric's module zip has a vendor/ dir
# holding only modules.txt, so the default -mod=vendor would fail).
build_from_copy() { # srcdir pkgpath outfile ldflags
  local copy
  copy="$WORK_DIR/src-$(basename "$1")"
  if [ ! -d "$copy" ]; then
    cp -R "$1" "$copy"
    chmod -R u+w "$copy"
  fi
  (cd "$copy" && GOWORK=off GOTOOLCHAIN="$TOOLCHAIN" CGO_ENABLED=0 \
    go build -mod=readonly -trimpath -ldflags "$4" -o "$3" "./$2")
}

# build_one name module modver moddir pkgpath outdir ldflags
#   1. go install module/pkg@modver (GOBIN=outdir) with GOTOOLCHAIN=local
#   2. if go install refuses before compiling (replace/exclude directives in go.mod, or
#      a module proxy that will not answer the @v/list "latest" query Go 1.23+ makes to
#      check deprecation), build from a copy of the module source instead (sticky)
#   3. if compiling fails with the local toolchain, retry with the toolchain the
#      module's go.mod asks for (GOTOOLCHAIN=goX.Y.Z, fetched via the module proxy)
build_one() {
  local name="$1" module="$2" modver="$3" moddir="$4" pkg="$5" outdir="$6" ldflags="$7"
  local logf="$WORK_DIR/build-$name.log" t=$SECONDS tc
  STEP=$((STEP + 1))
  printf '[%d/%d] building %s ...' "$STEP" "$TOTAL" "$name"
  attempt() {
    rm -f "$outdir/$name"
    if [ "$BUILD_METHOD" = "go install" ]; then
      (cd "$WORK_DIR" && GOWORK=off GOBIN="$outdir" GOTOOLCHAIN="$TOOLCHAIN" CGO_ENABLED=0 \
        go install -trimpath -ldflags "$ldflags" "$module/$pkg@$modver") >>"$logf" 2>&1
    else
      build_from_copy "$moddir" "$pkg" "$outdir/$name" "$ldflags" >>"$logf" 2>&1
    fi
  }
  : >"$logf"
  if ! attempt && [ "$BUILD_METHOD" = "go install" ] &&
    grep -qE 'directives|loading deprecation|@v/list|[0-9]{3} (Forbidden|Not Found|Gone)|not available' "$logf"; then
    INSTALL_ERROR="$(grep -m1 -E 'directives|loading deprecation|@v/list|Forbidden|not available' "$logf")"
    printf ' go install refused, building from module source copy ...'
    BUILD_METHOD="go build (module source copy)"
    echo "---- retry: $BUILD_METHOD" >>"$logf"
    attempt || true
  fi
  if [ ! -x "$outdir/$name" ] && [ "$TOOLCHAIN" = local ] && tc="$(module_toolchain "$moddir")"; then
    printf ' failed with %s, retrying with GOTOOLCHAIN=%s ...' "$GO_VERSION" "$tc"
    echo "---- retry: GOTOOLCHAIN=$tc" >>"$logf"
    TOOLCHAIN="$tc"
    attempt || true
  fi
  if [ ! -x "$outdir/$name" ]; then
    printf ' FAILED (%ds)\n' "$((SECONDS - t))"
    cat "$logf" >&2
    die "building $name failed"
  fi
  printf ' ok (%ds)\n' "$((SECONDS - t))"
}

log "building Fabric $FABRIC_VER with $GO_VERSION into $BIN_DIR (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
BUILD_T0=$SECONDS
for b in "${FABRIC_CMDS[@]}"; do
  build_one "$b" "$FABRIC_MODULE" "$FABRIC_MODVER" "$FABRIC_SRC" "cmd/$b" "$STAGE_DIR/bin" "$LDFLAGS"
done

# The CCaaS builder is a separate Go module inside the Fabric repository. When the
# module proxy does not serve it, install the equivalent bundled shell implementation.
CCAAS_KIND=""
if CCAAS_SRC="$(download_module "$CCAAS_MODULE@$CCAAS_MODVER" 2>"$WORK_DIR/ccaas.err")"; then
  CCAAS_KIND="go module $CCAAS_MODULE@$CCAAS_MODVER"
  for b in "${CCAAS_CMDS[@]}"; do
    build_one "$b" "$CCAAS_MODULE" "$CCAAS_MODVER" "$CCAAS_SRC" "cmd/$b" "$STAGE_DIR/ccaas" ""
  done
else
  warn "$CCAAS_MODULE@$CCAAS_MODVER is not available from the Go module proxy:"
  sed 's/^/    /' "$WORK_DIR/ccaas.err" >&2
  warn "installing the bundled shell implementation from network/fabric/ccaas-builder instead"
  CCAAS_KIND="bundled network/fabric/ccaas-builder"
  for b in "${CCAAS_CMDS[@]}"; do
    STEP=$((STEP + 1))
    printf '[%d/%d] installing %s (bundled) ...' "$STEP" "$TOTAL" "$b"
    [ -f "$BUNDLED_CCAAS_DIR/$b" ] || die "missing $BUNDLED_CCAAS_DIR/$b"
    install -m 0755 "$BUNDLED_CCAAS_DIR/$b" "$STAGE_DIR/ccaas/$b"
    printf ' ok (0s)\n'
  done
fi

# ---------------------------------------------------------------- publish
mkdir -p "$BIN_DIR" "$CCAAS_DIR"
for b in "${FABRIC_CMDS[@]}"; do mv -f "$STAGE_DIR/bin/$b" "$BIN_DIR/$b"; done
for b in "${CCAAS_CMDS[@]}"; do mv -f "$STAGE_DIR/ccaas/$b" "$CCAAS_DIR/$b"; done
printf '%s\n' "$SAMPLECONFIG_DIR" >"$SAMPLECONFIG_FILE"

reported="$("$BIN_DIR/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)"
[ "$reported" = "$FABRIC_VER" ] || die "built peer reports version '$reported', expected $FABRIC_VER"

cat >"$STAMP_FILE" <<EOF
fabric=$FABRIC_VER
commit=$FABRIC_COMMIT
requested=$PREFERRED_VERSION
module=$FABRIC_MODULE@$FABRIC_MODVER
ccaas=$CCAAS_KIND
go=$GO_VERSION
toolchain=$TOOLCHAIN
method=$BUILD_METHOD
install_error=$INSTALL_ERROR
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF

log "Fabric $FABRIC_VER installed in $BIN_DIR ($((SECONDS - BUILD_T0))s build, $((SECONDS - t0))s total)"
log "  built with:    $BUILD_METHOD, GOTOOLCHAIN=$TOOLCHAIN"
log "  CCaaS builder: $CCAAS_DIR ($CCAAS_KIND)"
log "  sampleconfig:  $SAMPLECONFIG_DIR (path recorded in $SAMPLECONFIG_FILE)"
