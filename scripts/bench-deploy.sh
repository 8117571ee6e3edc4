#!/usr/bin/env bash
# Deploy benchmarks against moto on 127.0.0.1 (started and stopped here):
#  1. `tenkai-bench deploy`: independent stacks one at a time vs all at once, no-op deploy time
#     and API calls per unchanged stack;
#  2. the real file-sharing dev environment: first deploy, then the median of no-op deploys
#     (whole process, start to exit).
#
#   scripts/bench-deploy.sh [--stacks 6] [--queues 20] [--runs 5]
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/moto_server ] || scripts/setup.sh
if [ -z "${TENKAI:-}" ]; then
    TENKAI_WITHOUT_APP=1 swift build -c release --product tenkai >&2
    TENKAI_WITHOUT_APP=1 swift build -c release --product tenkai-bench >&2
    TENKAI="$(TENKAI_WITHOUT_APP=1 swift build -c release --product tenkai --show-bin-path)/tenkai"
fi
BENCH="$(dirname "$TENKAI")/tenkai-bench"

port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp -t moto-XXXXXX.log)"
out="$(mktemp -d -t tenkai-bench-XXXXXX)"
.venv/bin/moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$log" "$out"' EXIT
for _ in $(seq 1 100); do
    .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break
    sleep 0.1
done

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=ap-northeast-1 AWS_MAX_ATTEMPTS=2
unset AWS_PROFILE AWS_SESSION_TOKEN

echo "== tenkai-bench deploy (loopback: moto works through one request at a time)"
"$BENCH" deploy "$@"
echo "== tenkai-bench deploy --latency 50 (the round trips of a real region)"
"$BENCH" deploy --latency 50 "$@"

echo "== fileshare dev: first deploy, then no-op deploys (whole process)"
"$TENKAI" synth --env dev --system fileshare --out "$out" 2>/dev/null
# The stacks moto can create as AWS would: no imports from other stacks (moto's change sets lose
# exports) and no Fn::Cidr (moto lacks it). The same rule as the tests' MotoDeployment.targets.
stack_args=$(.venv/bin/python - "$out/fileshare/dev" <<'PY'
import json, sys
folder = sys.argv[1]
manifest = json.load(open(f"{folder}/manifest.json"))
for stack in manifest["stacks"]:
    template = open(f"{folder}/{stack['template']}").read()
    if not stack["dependsOn"] and not any("fromStack" in p for p in stack["parameters"]) and '"Fn::Cidr"' not in template:
        print("--stack", stack["name"])
PY
)
start=$(date +%s%N)
# shellcheck disable=SC2086
"$TENKAI" deploy --env dev --system fileshare $stack_args --out "$out" --json >/dev/null
echo "  first deploy ($stack_args): $(( ($(date +%s%N) - start) / 1000000 )) ms"
requests_before=$(grep -ac '"POST / ' "$log" || true)
times=()
for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    "$TENKAI" deploy --env dev --system fileshare $stack_args --out "$out" --json >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
requests=$(( $(grep -ac '"POST / ' "$log" || true) - requests_before ))
stacks=$(echo "$stack_args" | grep -c -- --stack)
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "  no-op deploy: ${median} ms median of 5 (${times[*]}), $((requests / 5)) requests to moto per run for ${stacks} stack(s)"
