#!/usr/bin/env bash
# Installs Debian's Chromium for the browser suite when /usr/bin/chromium is missing. The suite drives
# this system browser with playwright-core; Playwright's own browser downloads are never used.
set -euo pipefail
bash "$(dirname "$0")/../../scripts/ensure-debian-packages.sh" /usr/bin/chromium chromium fonts-liberation
/usr/bin/chromium --version
