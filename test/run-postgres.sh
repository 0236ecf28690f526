#!/usr/bin/env bash
# `npm run test:postgres`: installs PostgreSQL from Debian when missing, starts a throwaway cluster
# (network/postgres/throwaway-cluster.sh: its own directory and free port, no system service), runs
# the telemetry store's unit tests and the whole sensors suite with the readings in PostgreSQL
# (each test fixture gets a database of its own on it), and stops and removes the cluster.
#
#   npm run test:postgres
#   npm run test:postgres -- test/dist/sensors/clock-skew.test.js   # only these files
set -euo pipefail
cd "$(dirname "$0")/.."

bash network/postgres/install.sh >/dev/null
root=$(mktemp -d)
# The cluster runs as `postgres` when this runs as root (initdb refuses root): it must reach the directory.
chmod 755 "$root"
trap 'bash network/postgres/throwaway-cluster.sh stop "$root/cluster"; rm -rf "$root"' EXIT
url=$(bash network/postgres/throwaway-cluster.sh start "$root/cluster")
echo "PostgreSQL for the telemetry store at $url"
npx tsc -b
if [ $# -eq 0 ]; then
    set -- 'telemetry/dist/store/*.test.js' 'test/dist/sensors/*.test.js'
fi
COLDTRACE_TEST_TELEMETRY_DATABASE_URL=$url npx mocha --no-config --timeout 120000 "$@"
