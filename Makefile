# Two commands set up and run everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.PHONY: demo test bench bench-emulator tools pkg pack emulator sdk-bundle size lint clean

## demo: build the package and the emulator, start the emulator (SQLite under .emulator/) with a
## demo user, serve www/ and pkg/, print the URL; Ctrl-C stops everything.
demo: tools pkg emulator
	@bash scripts/demo.sh

## test: every test level (lint, host, emulator HTTP, wasm in Chromium, pages, official SDK).
test: tools pkg emulator sdk-bundle
	@bash scripts/test.sh

## bench: our package vs the official SDK, alternately in headless Chromium against the emulator;
## prints one table (size, cold start, getSession rate, sign-in round trips, memory). Not part of test.
bench: tools pkg emulator sdk-bundle
	@bash bench/bench.sh

tools:
	@bash scripts/install-tools.sh

pkg:
	@bash scripts/build-pkg.sh

## pack: the npm tarball of pkg/ (target/pack/cloudbase-auth-wasm-VERSION.tgz), the documented install path.
pack: pkg
	@bash scripts/pack.sh

emulator:
	cargo build -p cloudbase-auth-emulator --quiet

# The official SDK (a test dependency) bundled for plain browser pages; its oauth module exports
# AuthError, AuthErrorCode and AuthErrorCategory, which the conformance tests compare with ours.
sdk-bundle:
	@mkdir -p target/sdk
	@node_modules/.bin/esbuild node_modules/@cloudbase/js-sdk/dist/index.esm.js --bundle --format=esm \
	  --platform=browser --outfile=target/sdk/cloudbase-official.js --log-level=warning
	@node_modules/.bin/esbuild node_modules/@cloudbase/js-sdk/oauth/dist/index.esm.js --bundle --format=esm \
	  --platform=browser --outfile=target/sdk/cloudbase-official-oauth.js --log-level=warning

size:
	@bash scripts/size.sh

## bench-emulator: load benchmark of the release emulator on loopback (wrk, 64 connections,
## a few seconds per operation), beside openssl's RSA signing time and the Firebase Auth
## Emulator under the same load. Not part of `make test`.
bench-emulator:
	@bash scripts/bench-emulator.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	cargo clean; rm -rf pkg node_modules .emulator
