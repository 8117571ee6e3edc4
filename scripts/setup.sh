#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine, and nothing twice:
# the system libraries behind CCurl/CYAML/COpenSSL (and zlib's headers for image layers),
# PostgreSQL, Chromium for the browser test, Debian's docker-registry (image push and release
# tests; openssl signs the token-auth tests' JWTs), Graphviz (the SVG diagram) and rsvg-convert (its test), cloud-init (its schema check of the app
# servers' user data), a Python virtual environment
# (.venv) with the pinned tools from scripts/requirements.txt, and the scanners in their own
# (.venv-scanners, scripts/requirements-scanners.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pkg-config libcurl4-openssl-dev libssl-dev libyaml-dev libsqlite3-dev
          postgresql chromium chromium-driver python3-venv
          zlib1g-dev docker-registry openssl graphviz librsvg2-bin cloud-init)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

stamp=.venv/.requirements
if [ ! -x .venv/bin/python ] || ! cmp -s scripts/requirements.txt "$stamp"; then
    echo "setup: creating .venv with the pinned Python tools" >&2
    rm -rf .venv
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
    cp scripts/requirements.txt "$stamp"
fi

scanners=.venv-scanners/.requirements
if [ ! -x .venv-scanners/bin/python ] || ! cmp -s scripts/requirements-scanners.txt "$scanners"; then
    echo "setup: creating .venv-scanners with checkov and cfripper" >&2
    rm -rf .venv-scanners
    python3 -m venv .venv-scanners
    .venv-scanners/bin/pip install -q --disable-pip-version-check -r scripts/requirements-scanners.txt
    cp scripts/requirements-scanners.txt "$scanners"
fi
