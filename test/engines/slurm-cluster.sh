#!/bin/bash
# A single-node Slurm cluster for the tests, all of it under one directory: munged on its own
# socket and key, slurmctld and slurmd as the current user on ports of their own.
#   slurm-cluster.sh up DIR     # starts it; prints the SLURM_CONF to export
#   slurm-cluster.sh down DIR   # stops it
set -euo pipefail
cmd=$1
dir=$(realpath "$2")
stop() {
  for p in slurmd slurmctld munge/munged; do
    [ -f "$dir/$p.pid" ] || continue
    pid=$(cat "$dir/$p.pid")
    kill "$pid" 2>/dev/null || continue
    # Gone before the next test starts another cluster on the same ports.
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
}
case $cmd in
down)
  stop
  exit 0
  ;;
up) ;;
*)
  echo "usage: $0 up|down DIR" >&2
  exit 2
  ;;
esac
mkdir -p "$dir"/{state,spool,log,munge}
chmod 700 "$dir/munge"
host=$(hostname -s)
user=$(id -un)
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" --force
munged --force --socket="$dir/munge/sock" --key-file="$dir/munge/munge.key" \
  --log-file="$dir/munge/log" --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/seed"
cat >"$dir/slurm.conf" <<CONF
ClusterName=dslite-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=${SLURMCTLD_PORT:-16817}
SlurmdPort=${SLURMD_PORT:-16818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld
slurmd -N "$host"
# Ready when the node takes jobs.
for _ in $(seq 1 60); do
  if sinfo -h -o %t 2>/dev/null | grep -qx idle; then
    echo "$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "slurm did not come up; logs in $dir/log" >&2
stop
exit 1
