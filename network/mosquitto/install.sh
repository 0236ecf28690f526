#!/usr/bin/env bash
# Installs Mosquitto from Debian when it is missing, for `npm run test:mosquitto` and for running
# coldtrace against a real broker. Idempotent; needs root or sudo.
set -euo pipefail

if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
    exit 0
fi
bash "$(dirname "$0")/../../scripts/ensure-debian-packages.sh" mosquitto mosquitto
# The package starts a system broker on 1883; coldtrace starts its own on 8883 with mutual TLS.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
    systemctl stop mosquitto 2>/dev/null || sudo systemctl stop mosquitto || true
fi
