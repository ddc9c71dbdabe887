#!/usr/bin/env bash
# Installs the Debian packages the tests run (prometheus and promtool from `prometheus`;
# alertmanager and amtool from `prometheus-alertmanager`; the Python text parser from
# `python3-prometheus-client`),
# only when a binary is missing. Runs as `pretest`; CI installs them itself beforehand.
set -euo pipefail

declare -A PACKAGE_OF=(
  [promtool]=prometheus
  [prometheus]=prometheus
  [amtool]=prometheus-alertmanager
  [prometheus-alertmanager]=prometheus-alertmanager
)

missing=()
for binary in "${!PACKAGE_OF[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$binary]}")
done
# The independent exposition parser the reliability suite uses (Debian's Python, not pyenv's).
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || missing+=(python3-prometheus-client)
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

echo "Installing Debian packages for the tests: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "Missing binaries; install as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
