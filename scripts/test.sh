#!/usr/bin/env bash
# The whole test suite, as a newcomer and CI run it: provision (idempotent), type-check, lint, format check, build,
# run every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
bash scripts/provision.sh
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent build
exec node scripts/run-suites.mjs all
