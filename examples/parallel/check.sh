#!/bin/sh
# GNU parallel over a few hosts that share this directory (NFS, a cluster file system): one
# dslite-check per line of the capture list (see ../slurm/check.sbatch for the lines), on
# the hosts given, then one merge here that gates on the whole.
#   sh check.sh 2/host1,2/host2 --format junit -o report.xml     # 2 checks at once on each host
#   sh check.sh :                                                # this machine only
# The recipe is the parallel line below; DSLITE_LIST, DSLITE_CHECK and DSLITE_FAIL_ON as for Slurm.
set -eu
hosts=$1
shift
list=${DSLITE_LIST:-captures.list}
check=${DSLITE_CHECK:-dslite-check}
mkdir -p parts
grep -v -e '^[[:space:]]*$' -e '^#' "$list" |
  parallel --will-cite --halt now,fail=1 --sshlogin "$hosts" --workdir "$PWD" \
    "$check {=uq=} --format json -o parts/part-{0#}.json --fail-on never --quiet"
# The tasks wrote --fail-on never: the gate is the merge's (DSLITE_FAIL_ON, default error).
exec $check merge parts/part-*.json --fail-on "${DSLITE_FAIL_ON:-error}" "$@"
