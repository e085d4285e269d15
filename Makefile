# Two entry points for people: `make demo` and `make test`. Both install what they need and skip
# what is already there, so a fresh clone on a fresh machine works with no other step.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

WASM_BINDGEN_VERSION := 0.2.130
WASM_PACK_VERSION := 0.15.1
CARGO_BIN := $(HOME)/.cargo/bin
# npm's binaryen gives wasm-pack a wasm-opt without a download; cargo's bin holds the pinned tools.
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
PORT ?= 8080
OUT := tests/out

LAYERS := test-rust test-wasm test-node test-isolated test-browser test-hostile test-e2e test-examples test-cli \
          test-package test-types test-docs test-size

.PHONY: demo test build bench fuzz fuzz-js docs setup setup-rust setup-node setup-browser $(LAYERS) clean

demo: build
	node www/server.mjs --port $(PORT)

# Each layer stops the run on failure, so reaching the end means every one passed.
test: build
	@for layer in $(LAYERS); do $(MAKE) --no-print-directory $$layer || exit 1; done
	@echo "make test: $(words $(LAYERS)) passed, 0 failed"

# ---- set-up -----------------------------------------------------------------------------------
setup: setup-rust setup-node

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -qx rust-src || rustup component add rust-src
	@# The crate's own lock file names a webpki-roots release the registry no longer serves, so
	@# --locked can fail; then the install resolves its dependencies afresh.
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked --force \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi
	@if [ "$$(wasm-pack --version 2>/dev/null)" != "wasm-pack $(WASM_PACK_VERSION)" ]; then \
	  cargo install wasm-pack --version $(WASM_PACK_VERSION) --locked --force; fi

setup-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup-browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; fi

# ---- build ------------------------------------------------------------------------------------
# The shipped .wasm compiles std itself (cargo's build-std, from rustup's rust-src) so that a panic
# aborts at once: std's panic machinery and its messages stay out of the module. A panic traps
# either way (panic = "abort"), so behaviour is the same; nor does it need where in the source a
# panic was (location-detail). These are unstable: RUSTC_BOOTSTRAP=1 enables them on the stable
# toolchain, for this build only.
RELEASE_RUSTFLAGS := -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none
RELEASE_STD := -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size

build: setup
	rm -rf pkg
	RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(RELEASE_RUSTFLAGS)" \
	  wasm-pack --quiet build --mode no-install --target web --release \
	  --out-dir pkg --out-name rainbow_room_invitations --no-typescript --no-pack . -- $(RELEASE_STD)
	rm -f pkg/.gitignore pkg/package.json pkg/README.md
	cp -R pkg-template/. pkg/
	node tools/minify-names.mjs pkg
	node tools/reorder-for-gzip.mjs pkg/rainbow_room_invitations_bg.wasm
	node tools/npm-readme.mjs README.md pkg-template/README.md pkg/README.md

# ---- tests ------------------------------------------------------------------------------------
# clippy as the .wasm compiles the library, its lints off but clippy.toml's disallowed-macros:
# format! and its kin would link core::fmt (about 1 KB gzip); src/msg.rs's cat!/put! build messages.
test-rust:
	cargo test --quiet
	cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -A clippy::all -D clippy::disallowed-macros
	cargo check --quiet --manifest-path fuzz/Cargo.toml --bins --no-default-features

test-wasm: setup-browser
	tests/wasm/run.sh

test-node:
	node --test --test-concurrency=1 tests/node/

test-e2e: setup-browser
	node --test --test-concurrency=1 tests/e2e/

test-browser: setup-browser
	node --test --test-concurrency=1 tests/browser/

test-hostile: setup-browser
	node --test --test-concurrency=1 tests/hostile/

# Each case in a Node process of its own: settled as documented, then exits by itself with 0.
test-isolated: setup-browser
	node --test tests/isolated/

test-examples: setup-browser
	node --test --test-concurrency=1 tests/examples/

test-cli:
	node --test --test-concurrency=1 tests/cli/

test-package: setup-browser
	node --test --test-concurrency=1 tests/package/

test-types:
	node --test tests/types/

test-size:
	node tests/size/check.mjs

# The reference docs build from the .d.ts with no warning (typedoc.json treats them as errors).
test-docs:
	typedoc --out $(OUT)/docs

# Not part of `make test`: timings depend on the machine; the size budget is checked by test-size.
bench: build setup-browser
	node bench/run.mjs

fuzz:
	tools/fuzz.sh

# The built package's Node entry, its browser entry in Chromium and its CLI, each fuzzed for
# FUZZ_SECONDS (default 30) with the seed FUZZ_SEED (default random, always printed); fails when
# anything is found, printing a command that replays each finding's case. Like `make fuzz`, not
# part of `make test`: random inputs don't gate CI.
fuzz-js: build setup-browser
	node tests/fuzz-js/run.mjs

# The API reference, generated from the package's .d.ts into docs/api/.
docs: build
	typedoc

clean:
	rm -rf pkg target $(OUT)
