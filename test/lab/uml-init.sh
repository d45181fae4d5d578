#!/bin/sh
# Runs as init inside a user-mode Linux kernel (Debian user-mode-linux, hostfs root): builds a
# DS-Lite lab from network namespaces and the kernel's own ip6_tunnel and NAT, runs one scenario
# and writes its captures under $LAB_OUT. Started by test/lab/make-lab.sh; never run it directly.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
set -u
mount -t proc proc /proc
mount -t sysfs sys /sys
# The root is the host's: /run (where `ip netns` keeps its files) must be this kernel's own.
mount -t tmpfs tmpfs /run
for m in ip6_tunnel veth bridge ip_tables iptable_nat iptable_mangle nf_nat xt_MASQUERADE xt_connmark xt_mark af_packet; do
  modprobe -d "$LAB_MODROOT" "$m" 2>/dev/null
done
sh "$LAB_DIR/topology.sh" > "$LAB_OUT/$LAB_SCENARIO.log" 2>&1
echo "exit $?" >> "$LAB_OUT/$LAB_SCENARIO.log"
sync
echo o > /proc/sysrq-trigger
