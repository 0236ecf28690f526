#!/usr/bin/env bash
# `npm run test:fabric`: builds Fabric's binaries if needed, brings the native network up, runs the
# cross-ledger suites (the same files `npm test` runs on the embedded ledger) against it through the
# Fabric Gateway, and takes the network down again, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

phase() { printf '\n== %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

start=$(date +%s)
phase "network:install"
t=$(date +%s); bash network/fabric/install.sh; echo "network:install took $(elapsed "$t")"

phase "network:up"
t=$(date +%s); npm run --silent network:up; echo "network:up took $(elapsed "$t")"
trap 'phase "network:down"; bash network/fabric/down.sh' EXIT

phase "cross-ledger suites on Fabric"
t=$(date +%s)
COLDTRACE_TEST_LEDGER=fabric npx mocha --config test/fabric.mocharc.json
echo "fabric suites took $(elapsed "$t"); test:fabric total $(elapsed "$start")"
