# Sourced by the figure scripts (batch-figures.sh, shard-figures.sh), run from the repository
# root after `npm run build`: the built command, a temporary directory removed on exit, and
# gen FILE PACKETS B4S SEED, which writes a realistic capture (bench/realistic.ts).
set -eu
root=$(pwd)
check="node $root/dist/bundle/cli.js"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gen() { node -e "import('$root/dist/bench/realistic.js').then(m => m.generateRealistic('$1', { packets: $2, b4s: $3, seed: $4 }))"; }
