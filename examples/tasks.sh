#!/bin/sh
# The tasks of a capture list, one per output line: a capture point's line (see README.md) and
# the check arguments that write its part under parts/. With DSLITE_SHARDS=N (N > 1) each line
# is N tasks, one per shard of its softwires (check --shard I/N), each writing a partial state
# that merge-parts.sh joins into the point's report. A line with --internet or --lan stays one
# task: a correlation of capture points is not split by softwire.
#   sh tasks.sh [LIST]        # LIST: DSLITE_LIST, default captures.list
set -eu
list=${1:-${DSLITE_LIST:-captures.list}}
shards=${DSLITE_SHARDS:-1}
case $shards in '' | *[!0-9]*) echo "DSLITE_SHARDS=$shards: give a whole number" >&2; exit 2 ;; esac
# Blank lines and lines starting with # are not capture points.
grep -v -e '^[[:space:]]*$' -e '^#' "$list" | awk -v n="$shards" '{
  if (n <= 1 || $0 ~ /(^|[[:space:]])--(internet|lan)(-if)?([[:space:]=]|$)/) printf "%s --format json -o parts/part-%05d.json --fail-on never --quiet\n", $0, NR - 1
  else for (s = 1; s <= n; s++) printf "%s --shard %d/%d -o parts/part-%05d-%04d.state --quiet\n", $0, s, n, NR - 1, s
}'
