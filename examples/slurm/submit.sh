#!/bin/sh
# Writes the tasks of the capture list (../tasks.sh; DSLITE_SHARDS=N splits each line into N
# shards), submits the check array (one task per line of parts/tasks) and the merge that waits
# for all of it; prints the merge job's ID. Arguments go to the merge (see merge.sbatch).
#   sh submit.sh --format junit -o report.xml
#   DSLITE_SHARDS=8 sh submit.sh -o report.xml
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# Slurm opens the tasks' logs in parts/ before a task runs.
mkdir -p parts
sh "$here/../tasks.sh" >parts/tasks
n=$(wc -l <parts/tasks)
[ "$n" -gt 0 ] || { echo "no capture point in ${DSLITE_LIST:-captures.list}" >&2; exit 2; }
export DSLITE_EXAMPLES="$here/.."
check=$(sbatch --parsable --export=ALL --array=0-$((n - 1)) "$here/check.sbatch")
sbatch --parsable --export=ALL --dependency=afterok:"$check" "$here/merge.sbatch" "$@"
