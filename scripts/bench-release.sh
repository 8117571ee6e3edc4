#!/usr/bin/env bash
# Release benchmarks against moto on 127.0.0.1 (the test starts and stops its own moto):
# a default canary with every bake shortened to 1 s (wall time, API calls per step), and the time
# from an alarm entering ALARM to all traffic on blue over several rollbacks, with the engine's
# default 2 s polling. The numbers are the `release-bench:` lines.
#
#   scripts/bench-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/moto_server ] || scripts/setup.sh
TENKAI_WITHOUT_APP=1 swift build --build-tests >&2
TENKAI_BENCHMARKS=1 TENKAI_WITHOUT_APP=1 swift test --skip-build --filter ReleaseBenchmarkTests 2>&1 | tee /dev/stderr | grep '^release-bench:' | sed 's/^release-bench: //'
