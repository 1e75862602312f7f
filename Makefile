# tradeseal: `make demo` and `make test` work on a fresh machine (they install what is missing).
# Each language owns scripts/test-<lang>.sh; `make test` runs all of them, Rust first.
SHELL := /bin/bash
LANG_TESTS := $(filter-out test-rust,$(patsubst scripts/test-%.sh,test-%,$(sort $(wildcard scripts/test-*.sh))))

.PHONY: demo test bench $(LANG_TESTS) test-rust
demo:
	@bash scripts/demo.sh

test: test-rust $(LANG_TESTS)
	@echo "make test: all suites passed ($(LANG_TESTS) test-rust)"

test-rust:
	@bash scripts/test-rust.sh

test-%:
	@bash scripts/test-$*.sh

bench:
	@bash scripts/bench.sh
