#!/usr/bin/env bash
# Installs Debian packages when the program a suite needs is missing, so that a fresh machine (and CI)
# sets itself up. Idempotent; needs root or sudo and apt-get.
#
#   bash scripts/ensure-debian-packages.sh PROGRAM PACKAGE [PACKAGE...]
#   bash scripts/ensure-debian-packages.sh /usr/bin/chromium chromium fonts-liberation
#   bash scripts/ensure-debian-packages.sh faketime faketime
#
# PROGRAM is a command name looked up on PATH (and in /usr/sbin) or an absolute path.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 PROGRAM PACKAGE [PACKAGE...]" >&2
    exit 2
fi
program=$1
shift
if command -v "$program" >/dev/null 2>&1 || [ -x "/usr/sbin/$program" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$program is missing and apt-get is not available: install $* by hand" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "installing $* from Debian for $program…" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
