#!/usr/bin/env bash
# The road to traffic, locally: the end of `make run`, after deploy-local.sh has deployed the
# file-sharing dev environment to moto (it calls this with moto still running).
#
#   1. `tenkai image build --product fileshare`: the app's reproducible OCI image;
#   2. `tenkai image push` to Debian's docker-registry on 127.0.0.1 (started here, removed after);
#   3. `tenkai release` of that digest to dev with the default canary (bakes shortened to 2 s),
#      through scripts/ecs-standin.py, which answers the migration task's RunTask/DescribeTasks
#      that moto cannot serve (the migration is not executed: it "exits" 0);
#   4. checks that the release succeeded and the service's task definition pins the pushed digest.
#
# Needs AWS_ENDPOINT_URL (moto), the emulator's credentials and AWS_REGION in the environment.
#   TENKAI=.build/release/tenkai scripts/release-local.sh
#   FILESHARE_BINARY=path/to/fileshare ...   # image an already built binary instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."

: "${TENKAI:?set TENKAI to the tenkai binary}"
: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to moto}"
[ -x /usr/bin/docker-registry ] || { echo "release-local: /usr/bin/docker-registry is missing: run scripts/setup.sh" >&2; exit 1; }

free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # url pid log
    for _ in $(seq 1 100); do
        if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1])" "$1" 2>/dev/null; then return 0; fi
        kill -0 "$2" 2>/dev/null || { echo "release-local: $1 did not start:" >&2; cat "$3" >&2; return 1; }
        sleep 0.1
    done
    echo "release-local: $1 did not answer within 10 s" >&2
    return 1
}

work="$(mktemp -d -t tenkai-release-local-XXXXXX)"
registry_pid="" standin_pid=""
cleanup() {
    for pid in $standin_pid $registry_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# Debian's docker-registry, on loopback, storing into the temporary folder.
registry_port="$(free_port)"
mkdir -p "$work/registry"
cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$registry_port
EOF
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
wait_http "http://127.0.0.1:$registry_port/v2/" "$registry_pid" "$work/registry.log"
echo "release-local: docker-registry on 127.0.0.1:$registry_port" >&2

# The image: the task definition's user and writable paths (Stacks/FileShare: 10001:10001, /tmp, /data/spool).
build=("$TENKAI" image build --product fileshare --user 10001:10001 --writable /tmp --writable /data/spool --port 8080 --argument serve)
[ -n "${FILESHARE_BINARY:-}" ] && build+=(--binary "$FILESHARE_BINARY")
"${build[@]}" >/dev/null
image="$("$TENKAI" image push --image cloud.out/images/fileshare --to "127.0.0.1:$registry_port/fileshare:local")"
echo "release-local: pushed $image" >&2

# The ECS stand-in in front of moto, for the release only.
standin_port="$(free_port)"
.venv/bin/python scripts/ecs-standin.py --port "$standin_port" --upstream-port "${AWS_ENDPOINT_URL##*:}" --region "$AWS_REGION" \
    >"$work/standin.log" 2>&1 &
standin_pid=$!
wait_http "http://127.0.0.1:$standin_port/moto-api/" "$standin_pid" "$work/standin.log"

status=0
AWS_ENDPOINT_URL="http://127.0.0.1:$standin_port" \
    "$TENKAI" release --env dev --system fileshare --image "$image" --strategy canary --bake 2s || status=$?
echo "--- ECS stand-in (scripts/ecs-standin.py)" >&2
cat "$work/standin.log" >&2
[ "$status" -eq 0 ] || { echo "release-local: the release failed (exit $status)" >&2; exit "$status"; }

# The serving service runs a task definition that pins exactly the pushed digest.
.venv/bin/python - "$image" <<'EOF'
import json, os, sys, boto3
image = sys.argv[1]
outputs = json.load(open("cloud.out/fileshare/dev/outputs.json"))["stacks"]["app"]["outputs"]
ecs = boto3.client("ecs", region_name=os.environ["AWS_REGION"])
cluster, blue = outputs["WebServiceReleaseCluster"], outputs["WebServiceReleaseService"]
services = ecs.describe_services(cluster=cluster, services=[blue, blue + "-green"])["services"]
serving = [s for s in services if s["desiredCount"] > 0]
assert len(serving) == 1, f"expected one serving service, found {[(s['serviceName'], s['desiredCount']) for s in services]}"
definition = ecs.describe_task_definition(taskDefinition=serving[0]["taskDefinition"])["taskDefinition"]
pinned = [c["image"] for c in definition["containerDefinitions"] if c["name"] == outputs["WebServiceReleaseContainer"]]
assert pinned == [image], f"{serving[0]['serviceName']} runs {pinned}, not {image}"
print(f"release-local: {serving[0]['serviceName']} serves {definition['family']}:{definition['revision']} = {image}", file=sys.stderr)
EOF
