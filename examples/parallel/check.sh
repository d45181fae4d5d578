#!/bin/sh
# GNU parallel over a few hosts that share this directory (NFS, a cluster file system): one
# dslite-check per task of the capture list (../tasks.sh: one per line, or N per line with
# DSLITE_SHARDS=N, each a shard of its softwires) on the hosts given, then the merge here
# (../merge-parts.sh) that gates on the whole.
#   sh check.sh 2/host1,2/host2 --format junit -o report.xml     # 2 checks at once on each host
#   sh check.sh :                                                # this machine only
# The recipe is the parallel line below; DSLITE_LIST, DSLITE_SHARDS, DSLITE_CHECK and
# DSLITE_FAIL_ON as for Slurm.
set -eu
hosts=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
check=${DSLITE_CHECK:-dslite-check}
mkdir -p parts
sh "$here/../tasks.sh" |
  parallel --will-cite --halt now,fail=1 --sshlogin "$hosts" --workdir "$PWD" "$check {=uq=}"
exec sh "$here/../merge-parts.sh" "$@"
