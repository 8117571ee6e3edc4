# The two commands README.md gives: `make run` and `make test`. Both set up a fresh machine first.
SWIFT ?= swift
.PHONY: run test setup build clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product tenkai

run: build
	.build/release/tenkai list
	.build/release/tenkai synth

test: setup
	FILESHARE_TEST_DATABASE_URL=$$(scripts/start-postgres.sh) $(SWIFT) test

clean:
	rm -rf .build cloud.out
