#!/usr/bin/env bash
# `npm test`: typecheck, unit + integration tests (PGlite always; PostgreSQL too when TEST_DATABASE_URL
# is set), build, then the browser tests against the built app. Prints "N passed, M failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.tmp
rm -f tests/.tmp/vitest.json tests/.tmp/playwright.json

# A browser for Playwright: Debian's Chromium, installed when missing and we are allowed to.
if [ ! -x /usr/bin/chromium ] && [ -z "$(ls -d ~/.cache/ms-playwright/chromium-* 2>/dev/null)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[test] installing Debian's chromium for the browser tests…"
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null
  else
    echo "[test] no Chromium found: install it (sudo apt-get install chromium) or run 'npx playwright install chromium'." >&2
    exit 1
  fi
fi

status=0
echo "[test] typecheck"; npx tsc --noEmit || status=1
echo "[test] unit + integration (vitest)"
npx vitest run --config tests/vitest.config.ts --reporter=default --reporter=json --outputFile.json=tests/.tmp/vitest.json || status=1
echo "[test] build"; npx remix build || status=1
echo "[test] browser (playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/tests/.tmp/playwright.json" CI=1 npx playwright test --config tests/playwright.config.ts || status=1

node scripts/test-summary.mjs tests/.tmp/vitest.json tests/.tmp/playwright.json
exit $status
