#!/usr/bin/env bash
# Installs Mosquitto from Debian when it is missing, for `npm run test:mosquitto` and for running
# coldtrace against a real broker. Idempotent; needs root or sudo.
set -euo pipefail

if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "mosquitto is not installed and this is not a Debian-family system: install Mosquitto 2.x by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "installing mosquitto from Debian…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
# The package starts a system broker on 1883; coldtrace starts its own on 8883 with mutual TLS.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
    $SUDO systemctl stop mosquitto || true
fi
