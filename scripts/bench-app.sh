#!/usr/bin/env bash
# Benchmarks the fileshare service on 127.0.0.1 only (wrk, curl and nginx from Debian):
#   1. authenticated metadata reads (GET /api/projects/{id}) — requests/s and p99 latency;
#   2. an authenticated 100 MB download, against nginx serving the same file statically;
#   3. a 1 GB streamed upload — the server's peak resident memory.
# Usage: scripts/bench-app.sh [seconds per wrk run, default 10]. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
missing=()
for tool in wrk curl nginx; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench-app: installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in wrk curl nginx python3; do
    command -v "$tool" >/dev/null || { echo "bench-app: $tool is missing (apt-get install wrk curl nginx)" >&2; exit 1; }
done
swift build -c release --product fileshare >&2
binary=.build/release/fileshare
work=$(mktemp -d /tmp/fileshare-bench.XXXXXX)
chmod 755 "$work"   # nginx's workers run as an unprivileged user
app_port=18181
nginx_port=18182
cleanup() {
    [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

start_app() {
    DATA_DIR=$work/data HOST=127.0.0.1 PORT=$app_port LOG_LEVEL=error BCRYPT_COST=10 \
    FILESHARE_ADMIN_EMAIL=bench@example.com FILESHARE_ADMIN_PASSWORD=bench-password-1 \
    MAX_FILE_SIZE=$((2 * 1024 * 1024 * 1024)) "$binary" serve >>"$work/server.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$app_port/healthz" >/dev/null && break; sleep 0.1; done
}
start_app

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
base=http://127.0.0.1:$app_port
token=$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1"}' | json '["accessToken"]')
auth="Authorization: Bearer $token"
project=$(curl -sf -X POST "$base/api/projects" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name":"Benchmark"}' | json '["id"]')

echo "== 1. authenticated metadata: GET /api/projects/{id}, 2 threads, 50 connections, ${duration}s"
wrk -t2 -c50 -d"${duration}s" --latency -H "$auth" "$base/api/projects/$project" | tee "$work/meta.txt"

echo "== 2. authenticated 100 MB download vs nginx"
mkdir -p "$work/static"
head -c $((100 * 1024 * 1024)) /dev/urandom >"$work/static/file.bin"
chmod 755 "$work/static" && chmod 644 "$work/static/file.bin"
file=$(curl -sf -X POST "$base/api/projects/$project/files?name=file.bin" -H "$auth" \
    -H 'Content-Type: application/octet-stream' -T "$work/static/file.bin" | json '["id"]')
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $work/nginx-body;
    proxy_temp_path $work/nginx-proxy;
    fastcgi_temp_path $work/nginx-fastcgi;
    uwsgi_temp_path $work/nginx-uwsgi;
    scgi_temp_path $work/nginx-scgi;
    server { listen 127.0.0.1:$nginx_port; root $work/static; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
wrk -t2 -c4 -d"${duration}s" -H "$auth" "$base/api/projects/$project/files/$file/content" | tee "$work/app-download.txt"
wrk -t2 -c4 -d"${duration}s" "http://127.0.0.1:$nginx_port/file.bin" | tee "$work/nginx-download.txt"

echo "== 3. 1 GB upload, streamed; server peak memory"
# A fresh process, so the peak (VmHWM) is the upload's alone and not what the downloads left behind.
kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
start_app
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
head -c $((1024 * 1024 * 1024)) /dev/zero | curl -sf -X POST "$base/api/projects/$project/files?name=big.bin" \
    -H "$auth" -H 'Content-Type: application/octet-stream' -T - -o "$work/upload.json" -w 'upload: %{speed_upload} bytes/s in %{time_total}s\n'
peak=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")
size=$(json '["size"]' <"$work/upload.json")

python3 - "$work" "$rss_before" "$peak" "$size" <<'PY'
import re, sys
work, before, peak, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def read(name): return open(f"{work}/{name}").read()
def rate(text):
    value, unit = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", text).groups()
    return float(value) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]
meta = read("meta.txt")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", meta).group(1))
p99 = re.search(r"99%\s+([\d.]+\w+)", meta).group(1)
app, nginx = rate(read("app-download.txt")), rate(read("nginx-download.txt"))
print("\n== summary")
print(f"metadata: {rps:,.0f} req/s, p99 {p99}   (target: 10,000+ req/s, p99 < 10 ms)")
print(f"100 MB download: fileshare {app / 1024**2:,.0f} MB/s, nginx {nginx / 1024**2:,.0f} MB/s = {app / nginx:.0%}   (target: 50%+)")
print(f"1 GB upload: stored {size:,} bytes; server RSS {before / 1024:.0f} MB before, peak {peak / 1024:.0f} MB   (target: < 100 MB)")
PY
