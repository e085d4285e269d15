#!/usr/bin/env bash
# Runs the wasm-bindgen-test suite (tests/web.rs) in Node and in headless Chromium, and fails
# unless each run executed a non-zero number of tests: a browser run that skips every test still
# exits 0 with "0 passed".
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/out/wasm; mkdir -p "$out"

check() { # $1 = label, $2 = log
  local line
  line=$(grep -E "^test result: " "$2" | tail -n 1 || true)
  echo "$1: ${line:-no result line}"
  [[ "$line" =~ ok\.\ ([0-9]+)\ passed ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] || { echo "$1: no test ran or a test failed" >&2; exit 1; }
}

# `--features wasm-test`: the glue takes its own copy of pkg-template/errors.js (see src/shell/errors.rs).
wasm-pack test --mode no-install --node -- --test web --features wasm-test 2>&1 | tee "$out/node.log"
check "wasm tests in Node" "$out/node.log"

WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --mode no-install --headless --chrome \
  --chromedriver /usr/bin/chromedriver -- --test web --features wasm-test 2>&1 | tee "$out/chromium.log"
check "wasm tests in Chromium" "$out/chromium.log"
