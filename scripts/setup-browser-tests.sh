#!/usr/bin/env bash
# Installs what the console's browser tests use (idempotent): Debian's chromium (as root) and playwright-core from
# npm into a cache folder outside any build folder, so that `mvn clean` or -Dstepwise.target keeps it.
#   scripts/setup-browser-tests.sh [DIR]   DIR defaults to $STEPWISE_BROWSER_TESTS or <repo>/target/browser-tests
# The tests run it themselves when playwright-core is missing; CI runs it through scripts/setup-test-deps.sh.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
dir="${1:-${STEPWISE_BROWSER_TESTS:-$repo/target/browser-tests}}"
playwright=1.65.2

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing chromium" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: /usr/bin/chromium is missing and this is not root: the console's browser tests will fail" >&2
  fi
fi

if [ "$(node -p "try { require('$dir/node_modules/playwright-core/package.json').version } catch { '' }" 2>/dev/null)" != "$playwright" ]; then
  command -v npm >/dev/null || { echo "setup: npm is missing: cannot install playwright-core" >&2; exit 1; }
  echo "setup: installing playwright-core@$playwright into $dir" >&2
  mkdir -p "$dir"
  # playwright-core downloads no browser on install; the tests drive /usr/bin/chromium
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "playwright-core@$playwright" >&2
fi
