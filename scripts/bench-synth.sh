#!/usr/bin/env bash
# Measures synth speed in a release build:
#  1. the whole `tenkai synth` process (start to exit) for the file-sharing system in dev, stg
#     and prod, with hyperfine (installed if missing);
#  2. in-process resolve+render of the real systems and of generated 1k/5k/10k-resource systems,
#     with peak memory (`tenkai bench synth`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --static-swift-stdlib --disable-local-rpath --product tenkai >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 5 --runs 50 --shell=none \
    ".build/release/tenkai synth --system fileshare --out $out/cloud.out"
.build/release/tenkai bench synth
