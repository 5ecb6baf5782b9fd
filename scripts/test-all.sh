#!/usr/bin/env bash
# Every test, as a newcomer runs it: typecheck, lint, migrations in sync, unit and integration
# tests (fresh database per file: PGlite, or PostgreSQL when TEST_DATABASE_URL is set), the
# public policy conformance cases (the repository's copy, reference/), then the end-to-end suite
# in Chromium against a freshly built server.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$1"; }

step "typecheck"
npx tsc --noEmit
step "lint"
npm run -s lint
step "migrations match the schema"
npx drizzle-kit check
step "unit and integration tests"
npx vitest run
step "policy conformance cases (reference/conformance)"
node reference/conformance/check.mjs reference/conformance/cases
step "end-to-end tests"
node scripts/ensure-browser.mjs
npx playwright test
