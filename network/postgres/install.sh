#!/usr/bin/env bash
# Installs PostgreSQL from Debian when it is missing, for `npm run test:postgres` and for running
# coldtrace's telemetry store on PostgreSQL. Idempotent; needs root or sudo. Prints the server's bin
# directory (Debian keeps initdb and pg_ctl there, off PATH).
set -euo pipefail

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
    # The program checked is one the package provides only with the server: /usr/lib/postgresql/15/bin/initdb on Debian 12.
    bash "$(dirname "$0")/../../scripts/ensure-debian-packages.sh" /usr/lib/postgresql/15/bin/initdb postgresql
    # The package starts a system cluster on 5432; coldtrace's tests start their own and need none.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet postgresql 2>/dev/null; then
        systemctl stop postgresql 2>/dev/null || sudo systemctl stop postgresql || true
    fi
fi
bindir
