#!/usr/bin/env bash
# Deploys the file-sharing dev environment to a local AWS emulator and shows the result:
# starts moto on 127.0.0.1, bootstraps, deploys dev with the live progress display, prints
# cloud.out/fileshare/dev/outputs.json, releases the app's image to it (scripts/release-local.sh;
# RELEASE_LOCAL=0 skips that), and stops moto again (also on failure or Ctrl-C).
#
# moto runs through scripts/moto-server.py, which gives moto's CloudFormation the resource
# types and attributes the templates use and AWS documents (RDS-managed master secret, zone
# name servers, Secrets Manager, ACM, WAFv2, ...); the templates are the real ones.
# Every stack deploys except `edge`: moto's CloudFormation has no CloudFront distribution,
# and the edge stack's DNS records alias the distribution (Fn::GetAtt DomainName).
#
#   scripts/deploy-local.sh            # a free port
#   MOTO_PORT=5000 scripts/deploy-local.sh
#   TENKAI=.build/release/tenkai scripts/deploy-local.sh   # an already built binary
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/moto_server ] || scripts/setup.sh

if [ -z "${TENKAI:-}" ]; then
    echo "deploy-local: building tenkai" >&2
    TENKAI_WITHOUT_APP=1 swift build --product tenkai >&2
    TENKAI="$(TENKAI_WITHOUT_APP=1 swift build --product tenkai --show-bin-path)/tenkai"
fi

port="${MOTO_PORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
log="$(mktemp -t moto-XXXXXX.log)"
.venv/bin/python scripts/moto-server.py -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
stop_moto() {
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop_moto EXIT

for _ in $(seq 1 100); do
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then break; fi
    kill -0 "$moto_pid" 2>/dev/null || { echo "deploy-local: moto did not start:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
echo "deploy-local: moto on http://127.0.0.1:$port" >&2

# Test credentials for the emulator only; nothing here reaches AWS.
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=ap-northeast-1
export AWS_MAX_ATTEMPTS=2
unset AWS_PROFILE AWS_SESSION_TOKEN

"$TENKAI" bootstrap --env dev --system fileshare
# Change sets, as in every environment (moto-server.py gives them their outputs and exports).
status=0
"$TENKAI" deploy --env dev --system fileshare \
    --stack network --stack data --stack app --stack edge-global --stack monitoring --stack security || status=$?
echo "--- cloud.out/fileshare/dev/outputs.json" >&2
cat cloud.out/fileshare/dev/outputs.json
if [ "$status" -eq 0 ] && [ "${RELEASE_LOCAL:-1}" != 0 ]; then
    TENKAI="$TENKAI" scripts/release-local.sh || status=$?
fi
if [ "$status" -ne 0 ]; then
    echo "--- moto's log (last 60 lines)" >&2
    tail -n 60 "$log" >&2
fi
exit "$status"
