#!/usr/bin/env bash
# Measures synth speed in a release build:
#  1. the whole `tenkai synth` process (start to exit) for the file-sharing system in dev, stg
#     and prod, with hyperfine (installed if missing): mean and median of 200 runs;
#  2. in-process resolve+render of the real systems and of generated 1k/5k/10k-resource systems,
#     with peak memory (`tenkai-bench synth`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --static-swift-stdlib --disable-local-rpath --product tenkai >/dev/null
swift build -c release --static-swift-stdlib --disable-local-rpath --product tenkai-bench >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 10 --runs 200 --shell=none --export-json "$out/synth.json" \
    ".build/release/tenkai synth --system fileshare --out $out/cloud.out"
python3 - "$out/synth.json" <<'PY'
import json, statistics, sys
times = sorted(json.load(open(sys.argv[1]))["results"][0]["times"])
print(f"  median {statistics.median(times) * 1000:.1f} ms, fastest {times[0] * 1000:.1f} ms, "
      f"90th percentile {times[int(len(times) * 0.9)] * 1000:.1f} ms")
PY
.build/release/tenkai-bench synth
