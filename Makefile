# The two commands README.md gives: `make run` and `make test`. Both set up a fresh machine first.
SWIFT ?= swift
.PHONY: run test setup build clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --product tenkai

run: build
	.build/release/tenkai list
	.build/release/tenkai synth
	.build/release/tenkai synth --target compose
	.build/release/tenkai synth --target diagram
	TENKAI=.build/release/tenkai scripts/deploy-local.sh

test: setup
	FILESHARE_TEST_DATABASE_URL=$$(scripts/start-postgres.sh) $(SWIFT) test

clean:
	rm -rf .build cloud.out
