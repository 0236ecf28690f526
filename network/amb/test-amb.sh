#!/usr/bin/env bash
# npm run test:amb: the Amazon Managed Blockchain suites that need a real Hyperledger Fabric CA.
# Builds fabric-ca-server/fabric-ca-client 1.5.15 first (network/fabric/install-ca.sh: a no-op once
# built; honours COLDTRACE_CA_DIR / COLDTRACE_FABRIC_DIR), then runs network/amb's *.spec.js and
# its *.test.js (the AWS SDK against a local Managed Blockchain stub, also part of npm test).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
bash network/fabric/install-ca.sh
npx tsc -b
npx mocha --no-config --timeout 120000 "network/amb/dist/**/*.spec.js" "network/amb/dist/**/*.test.js"
