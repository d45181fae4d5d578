#!/bin/sh
# Submits the check array (one task per line of the capture list) and the merge that waits
# for all of it; prints the merge job's ID. Arguments go to the merge (see merge.sbatch).
#   sh submit.sh --format junit -o report.xml
set -eu
here=$(dirname "$0")
list=${DSLITE_LIST:-captures.list}
# Slurm opens the tasks' logs in parts/ before a task runs.
mkdir -p parts
n=$(grep -c -v -e '^[[:space:]]*$' -e '^#' "$list")
check=$(sbatch --parsable --export=ALL --array=0-$((n - 1)) "$here/check.sbatch")
sbatch --parsable --export=ALL --dependency=afterok:"$check" "$here/merge.sbatch" "$@"
