# tradeseal: `make demo` and `make test` work on a fresh machine (they install what is missing).
# Each language owns scripts/test-<lang>.sh; `make test` runs all of them, Rust first.
SHELL := /bin/bash
LANG_TESTS := $(filter-out test-rust,$(patsubst scripts/test-%.sh,test-%,$(sort $(wildcard scripts/test-*.sh))))

.PHONY: demo test bench mql5 $(LANG_TESTS) test-rust
demo:
	@bash scripts/demo.sh

test: test-rust $(LANG_TESTS)
	@echo "make test: all suites passed ($(LANG_TESTS) test-rust)"

test-rust:
	@bash scripts/test-rust.sh

$(LANG_TESTS): test-%:
	@bash scripts/test-$*.sh

bench:
	@bash scripts/bench.sh

# tradeseal.dll for MetaTrader 5 (needs: rustup target add x86_64-pc-windows-gnu; gcc-mingw-w64-x86-64).
mql5:
	@bash scripts/build-mql5.sh
