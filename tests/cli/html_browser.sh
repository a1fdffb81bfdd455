#!/usr/bin/env bash
# The interactive page in a real browser: writes the page of examples/ and has
# tests/web/viewer_check.mjs drive it in headless Chromium (Debian's chromium,
# through puppeteer-core from web/node_modules), reading the page's state.
# Skipped (77) only when there is no Chromium; tools/setup installs it.
set -euo pipefail
kgrep=$1
root=$2
chromium=${KGREP_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "skipped: no Chromium at $chromium (tools/setup installs Debian's chromium)"
  exit 77
fi
if [ ! -d "$root/web/node_modules/puppeteer-core" ]; then
  echo "FAIL: $root/web/node_modules has no puppeteer-core; the build runs npm ci there" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kgrep" extract -q "$root/examples" -o "$work/examples.html" -o "$work/examples.json"
node "$root/tests/web/viewer_check.mjs" --chromium "$chromium" --web "$root/web" --work "$work" \
  --page "$work/examples.html" --graph "$work/examples.json"
