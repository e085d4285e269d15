#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time (`make fuzz`).
#
#   tools/fuzz.sh                 each target (`cargo fuzz list`: every [[bin]] of fuzz/Cargo.toml)
#                                 for FUZZ_SECONDS (default 30) seconds
#   tools/fuzz.sh response attempt  only these targets
#   FUZZ_SECONDS=300 tools/fuzz.sh
#   FUZZ_MERGE=1 tools/fuzz.sh    also fold what a run found into fuzz/corpus/ (minimized; review
#                                 the diff before committing: the repo corpus is meant to stay small)
#
# Stable Rust only: cargo-fuzz's default AddressSanitizer needs `-Zsanitizer`, which stable rustc
# refuses (and cargo-fuzz does not pass RUSTC_BOOTSTRAP through), so the targets are built with
# `-s none`. Everything else cargo-fuzz asks of rustc is stable (-Cpasses=sancov-module, the
# sanitizer-coverage -Cllvm-args, --cfg fuzzing, -Cdebug-assertions), so no nightly and no
# RUSTC_BOOTSTRAP are needed. Little is lost: the core has no `unsafe` (the crate's one, the wasm
# allocator's set-up in src/lib.rs, is behind cfg(target_arch = "wasm32") and not built for native
# fuzzing), so ASan would have little to find. Panics, failed assertions and overflows (debug assertions are on) are
# caught.
#
# The committed corpus (fuzz/corpus/<target>) is only read: each run writes what it finds to a
# temporary directory, so the repository stays small. A failure leaves its input in
# fuzz/artifacts/<target>/ (git-ignored); reproduce with
#   cargo fuzz run -s none <target> fuzz/artifacts/<target>/<file>
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${FUZZ_SECONDS:-30}"
CARGO_FUZZ_VERSION=0.13.2
export PATH="$HOME/.cargo/bin:$PATH"

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
# libfuzzer-sys compiles libFuzzer's C++ sources.
command -v c++ >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y g++; }

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)

# `cargo fuzz build` takes one target, or none for all of them.
if [ $# -eq 1 ]; then build=("$1"); else build=(); fi
if ! cargo fuzz build -s none "${build[@]}" >"$(mktemp)" 2>&1; then
  cargo fuzz build -s none "${build[@]}" 2>&1 | grep -v '^ *Compiling' | tail -20
  echo "fuzz: build failed"
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dict=()
  [ -f "fuzz/dicts/$t.dict" ] && dict=("-dict=fuzz/dicts/$t.dict")
  echo "fuzz: $t for ${SECONDS_EACH}s"
  # New inputs go to the first directory (temporary); the committed corpus is read as seeds.
  if cargo fuzz run -s none "$t" "$work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "${dict[@]}" >"$work/$t.log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$t.log" | sed "s/^/fuzz: $t: /" || true
  else
    failed+=("$t")
    # The panic and the input that caused it.
    grep -A1 'panicked at' "$work/$t.log" | head -4 | sed "s/^/fuzz: $t: /" || true
    grep -E '^[[:space:]]+fuzz/artifacts/' "$work/$t.log" | head -1 | sed "s/^[[:space:]]*/fuzz: $t: input /" || true
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    cargo fuzz cmin -s none "$t" "$work/$t" >/dev/null 2>&1 || true
    cargo fuzz run -s none "$t" "fuzz/corpus/$t" "$work/$t" -- -merge=1 >/dev/null 2>&1 || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${SECONDS_EACH}s each without a failure"
