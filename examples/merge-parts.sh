#!/bin/sh
# Joins what the tasks wrote under parts/: each capture point's shard states (when the list was
# split with DSLITE_SHARDS) into that point's report, byte for byte the one a single check of
# it gives; then every point's report, in list order, into one report that gates: exit 1 when
# a finding reaches DSLITE_FAIL_ON (default error; the tasks wrote --fail-on never). Arguments
# go to the last merge, e.g. --format junit -o report.xml.
set -eu
check=${DSLITE_CHECK:-dslite-check}
for first in parts/part-*-0001.state; do
  [ -e "$first" ] || break
  point=${first%-0001.state}
  $check merge "$point"-*.state --format json -o "$point.json" --fail-on never
done
exec $check merge parts/part-*.json --fail-on "${DSLITE_FAIL_ON:-error}" "$@"
