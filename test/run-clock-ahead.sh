#!/usr/bin/env bash
# `npm run test:clock-ahead`: runs the unit suites (every package's mocha units and the web UI's
# vitest suite) with the system clock moved a year ahead under Debian's faketime, so that a test that
# depends on today's date fails here the day it is written, not a week later on a fresh clone.
#
#   npm run test:clock-ahead                      # a year ahead
#   CLOCK_OFFSET=+3650d npm run test:clock-ahead  # any offset faketime understands
set -euo pipefail
cd "$(dirname "$0")/.."

offset=${CLOCK_OFFSET:-+365d}
bash scripts/ensure-debian-packages.sh faketime faketime
npx tsc -b
echo "clock moved $offset: $(faketime -f "$offset" date -u +%FT%TZ)"
faketime -f "$offset" npx mocha --no-config --timeout 60000 \
    'chaincode/dist/**/*.test.js' 'network/embedded/dist/**/*.test.js' 'iot-sensor/dist/**/*.test.js' 'ledger-client/dist/**/*.test.js' 'telemetry/dist/**/*.test.js' \
    'api/dist/**/*.test.js' 'bench/dist/**/*.test.js' 'bench/floor-chaincode/dist/**/*.test.js'
faketime -f "$offset" npm test -w web
