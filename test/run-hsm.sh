#!/usr/bin/env bash
# npm run test:hsm: signs transactions with user keys held in a PKCS#11 token. Installs Debian's
# SoftHSM2 when it is missing, builds pkcs11js (fabric-gateway's optional HSM module) when npm ci
# did not, creates a throwaway token in a temporary directory (SOFTHSM2_CONF) and runs the HSM suite
# on the embedded ledger, or on Fabric with COLDTRACE_TEST_LEDGER=fabric (test/run-fabric.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v softhsm2-util >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends softhsm2 >/dev/null || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends softhsm2 >/dev/null; }
    else
        sudo apt-get install -y --no-install-recommends softhsm2 >/dev/null
    fi
fi
library=${COLDTRACE_PKCS11_LIBRARY:-$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so 2>/dev/null | head -1)}
if [ -z "$library" ]; then
    echo "libsofthsm2.so not found; set COLDTRACE_PKCS11_LIBRARY" >&2
    exit 1
fi

if ! node -e "require('pkcs11js')" 2>/dev/null; then
    # Node's own headers, where the distribution ships them, spare node-gyp a download.
    node_prefix=$(dirname "$(dirname "$(command -v node)")")
    if [ -f "$node_prefix/include/node/node.h" ]; then
        export npm_config_nodedir=$node_prefix
    fi
    npm rebuild pkcs11js >/dev/null
fi

token_dir=$(mktemp -d)
trap 'rm -rf "$token_dir"' EXIT
mkdir "$token_dir/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$token_dir" >"$token_dir/softhsm2.conf"
export SOFTHSM2_CONF=$token_dir/softhsm2.conf
export COLDTRACE_PKCS11_LIBRARY=$library
export COLDTRACE_PKCS11_TOKEN=coldtrace-test
export COLDTRACE_PKCS11_PIN=98765432
softhsm2-util --init-token --free --label "$COLDTRACE_PKCS11_TOKEN" --so-pin 12345678 --pin "$COLDTRACE_PKCS11_PIN" >/dev/null

npx tsc -b
npx mocha --no-config --timeout 600000 "test/dist/hsm/*.spec.js"
