#!/usr/bin/env bash
# `npm run test:fabric`: builds Fabric's binaries if needed, brings the native network up, admits three
# organizations to it while it runs (network:add-org Retailer2MSP, then Carrier2MSP and Manufacturer2MSP
# after a network:stop/start, so every suite has a second organization in each role), runs the cross-ledger suites (the same files `npm test` runs on the embedded
# ledger) against it through the Fabric Gateway — the first half, a network:stop/start, the second
# half on the ledgers that survived it, the HTTP suites once more through the legacy client
# (fabric-network 2.2, as on Amazon Managed Blockchain) on a fresh network, a user key held in SoftHSM2,
# the migration, one peer down and each member's own node — and takes the network down again, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

phase() { printf '\n== %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
timed() { # label command... : runs it and says how long it took
  local label="$1" t
  shift
  t=$(date +%s)
  "$@"
  echo "$label took $(elapsed "$t")"
}
# status.sh must agree with what just happened: 0 with everything up, 1 once stopped.
expect_status() { # up|stopped
  local rc=0
  bash network/fabric/status.sh >/dev/null || rc=$?
  case "$1:$rc" in up:0 | stopped:1) ;; *) echo "network:status answered $rc on a network that is $1" >&2; exit 1 ;; esac
}
restart() {
  phase "network:stop, network:start (ledgers, crypto and admitted organizations kept)"
  timed network:stop bash network/fabric/stop.sh
  expect_status stopped
  timed network:start bash network/fabric/start.sh
  expect_status up
}
suites() { # files... : as test/fabric.mocharc.json says, on these files only (a config's spec would add all)
  COLDTRACE_TEST_LEDGER=fabric npx mocha --no-config --timeout 600000 --reporter spec "$@"
}

# The other two second organizations; the first, Retailer2MSP, is admitted before a stop/start.
admit_second_carrier_and_manufacturer() {
  phase "network:add-org Carrier2MSP"
  timed "network:add-org Carrier2MSP" bash network/fabric/add-org.sh Carrier2MSP --role carrier --name "Second Carrier"
  phase "network:add-org Manufacturer2MSP"
  timed "network:add-org Manufacturer2MSP" bash network/fabric/add-org.sh Manufacturer2MSP --role manufacturer --name "Second Manufacturer"
}

start=$(date +%s)
phase "network:install"
timed network:install bash network/fabric/install.sh

phase "network:up"
timed network:up npm run --silent network:up
trap 'phase "network:down"; bash network/fabric/down.sh' EXIT

phase "network:add-org Retailer2MSP"
timed "network:add-org Retailer2MSP" bash network/fabric/add-org.sh Retailer2MSP --role retailer --name "Second Retailer"
restart
admit_second_carrier_and_manufacturer
expect_status up

mapfile -t files < <(ls test/dist/*.test.js)
half=$(((${#files[@]} + 1) / 2))
phase "cross-ledger suites on Fabric, first half (${half} files)"
t=$(date +%s)
suites "${files[@]:0:$half}"
restart
phase "cross-ledger suites on Fabric, second half ($((${#files[@]} - half)) files)"
suites "${files[@]:$half}"
echo "fabric suites took $(elapsed "$t")"

# The legacy client (fabric-network 2.2, static profile, discovery off: what Amazon Managed Blockchain's
# Fabric 2.2 peers need) must give the HTTP API the same answers as the Gateway. The suites name fixed
# sensors and ids, which the Gateway's run above left attached: they run again on a fresh network.
phase "a fresh network for the legacy client (network:down, network:up, the three second organizations)"
timed network:down bash network/fabric/down.sh
timed network:up npm run --silent network:up
timed "network:add-org Retailer2MSP" bash network/fabric/add-org.sh Retailer2MSP --role retailer --name "Second Retailer"
admit_second_carrier_and_manufacturer
expect_status up
mapfile -t http_files < <(ls test/dist/http-*.test.js)
phase "HTTP suites through the legacy client (COLDTRACE_FABRIC_CLIENT=legacy, ${#http_files[@]} files)"
t=$(date +%s)
COLDTRACE_FABRIC_CLIENT=legacy suites "${http_files[@]}"
echo "legacy client HTTP suites took $(elapsed "$t")"

# A user whose key is held in a PKCS#11 token (a throwaway SoftHSM2 token) submits through the Gateway.
phase "a user key in SoftHSM2 signs through the Fabric Gateway (npm run test:hsm on Fabric)"
COLDTRACE_TEST_LEDGER=fabric timed "hsm" bash test/run-hsm.sh

# The migration tool on Fabric: the workshop model (supplychaincc, deployed by network:up) into coldtrace.
phase "npm run migrate: workshop model on Fabric into coldtrace on Fabric, interrupted and resumed"
timed "migration" suites test/dist/fabric/migration.spec.js

# One member's peer down: the others' writes go on (test/src/fabric/peer-fault.spec.ts), then it catches up.
phase "one member's peer stopped (network:stop -- peer-auditor), writes and reads go on"
bash network/fabric/stop.sh peer-auditor
COLDTRACE_FABRIC_PEER_DOWN=AuditorMSP suites test/dist/fabric/peer-fault.spec.js
timed network:start bash network/fabric/start.sh
heights() { bash network/fabric/status.sh | awk '$NF ~ /^[0-9]+$/ && $(NF-1) == "height" { print $NF }' | sort -u; }
for _ in $(seq 60); do [ "$(heights | wc -l)" = 1 ] && break; sleep 0.5; done
[ "$(heights | wc -l)" = 1 ] || { echo "the restarted peer did not catch up: heights $(heights | tr '\n' ' ')" >&2; exit 1; }
echo "every peer at height $(heights) again"

# Each member's own node (npm start -- --ledger fabric --org): three of them while peers stop and start.
phase "each member's own node: manufacturer, Retailer2MSP, Carrier2MSP; peers of others, then its own, stopped"
timed "member nodes" suites test/dist/fabric/member-nodes.spec.js
echo "test:fabric total $(elapsed "$start")"
