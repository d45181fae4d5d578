#!/bin/sh
# The DS-Lite lab, inside user-mode Linux (see make-lab.sh): network namespaces joined by veth
# pairs, the kernel's ip6_tunnel (mode ipip6) as B4 and as AFTR, iptables NAT44 at the AFTR.
#
#   host (192.168.1.10) --lan0-- b4a (B4 2001:db8:1::a) --\
#                                                          br0 (AFTR 2001:db8:0:ffff::1) --i0-- inet (198.51.100.80)
#   host2 (192.168.1.10) -lan0-- b4b (B4 2001:db8:1::b) --/        NAT44 to 203.0.113.1
#
# Both LANs use 192.168.1.0/24 (colliding internal addresses): the AFTR marks each connection
# with its tunnel and routes replies by the mark. Debian's user-mode kernel has no conntrack
# zones, so two hosts that also use the same port to the same server share one conntrack entry:
# that is what such a Linux AFTR does, and the lab records it (scenario two_b4s).
# Captures: the B4-AFTR link (br0 at the AFTR), the AFTR's Internet side (i0), B4 A's LAN (lan0).
set -u
S=$LAB_SCENARIO
OUT=$LAB_OUT
PY=/usr/bin/python3
TRAFFIC="$LAB_DIR/traffic.py"
AFTR=2001:db8:0:ffff::1

x() { echo "+ $*"; "$@" || echo "! failed: $*"; }
ns() { x ip netns add "$1"; x ip -n "$1" link set lo up; }
inns() { n=$1; shift; ip netns exec "$n" "$@"; }

build() { # link-mtu encaplimit(none|default) tunnel-mtu(auto|N)
  mtu=$1 tel=$2 tmtu=$3
  if [ "$tel" = none ]; then enc="encaplimit none"; else enc=""; fi
  for n in host host2 b4a b4b aftr inet; do ns $n; done
  for n in b4a b4b aftr; do
    inns $n sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  done
  x ip link add eth0 netns host type veth peer name lan0 netns b4a
  x ip link add eth0 netns host2 type veth peer name lan0 netns b4b
  x ip link add wan0 netns b4a type veth peer name pa netns aftr
  x ip link add wan0 netns b4b type veth peer name pb netns aftr
  x ip link add i0 netns aftr type veth peer name eth0 netns inet
  x ip -n aftr link add br0 type bridge
  for p in pa pb; do x ip -n aftr link set $p master br0 mtu "$mtu" up; done
  x ip -n aftr link set br0 mtu "$mtu" up
  for n in b4a b4b; do x ip -n $n link set wan0 mtu "$mtu" up; x ip -n $n link set lan0 up; done
  for n in host host2 inet; do x ip -n $n link set eth0 up; done
  x ip -n aftr link set i0 up
  # Packets as they cross the wire: no segmentation or receive offloads on any veth, or tcpdump
  # would record the kernel's 64 KB super-segments instead (GRO/TSO).
  for nd in host:eth0 host2:eth0 b4a:lan0 b4b:lan0 b4a:wan0 b4b:wan0 aftr:pa aftr:pb aftr:i0 inet:eth0; do
    inns ${nd%%:*} ethtool -K ${nd##*:} tso off gso off gro off tx-checksumming off rx off > /dev/null 2>&1 || echo "! offloads stay on ${nd}"
  done
  # Hosts behind the B4s (the same address on both LANs).
  for n in host host2; do
    x ip -n $n addr add 192.168.1.10/24 dev eth0
    x ip -n $n route add default via 192.168.1.1
  done
  # B4s: a softwire to the AFTR, the IPv4 default route into it (RFC 6333 §5.7: 192.0.0.2).
  for n in b4a:a b4b:b; do
    b=${n%%:*} id=${n##*:}
    x ip -n $b addr add 192.168.1.1/24 dev lan0
    x ip -n $b addr add 2001:db8:1::$id/64 dev wan0 nodad
    x ip -n $b -6 route add $AFTR/128 via 2001:db8:1::1
    x ip -n $b link add dslite type ip6tnl local 2001:db8:1::$id remote $AFTR mode ipip6 $enc
    [ "$tmtu" = auto ] || x ip -n $b link set dslite mtu "$tmtu"
    x ip -n $b link set dslite up
    x ip -n $b addr add 192.0.0.2 peer 192.0.0.1 dev dslite
    x ip -n $b route add default dev dslite
  done
  # AFTR: one tunnel per B4, NAT44 onto the Internet side.
  x ip -n aftr addr add 2001:db8:1::1/64 dev br0 nodad
  x ip -n aftr addr add $AFTR/128 dev lo
  x ip -n aftr addr add 203.0.113.1/24 dev i0
  x ip -n aftr route add default via 203.0.113.2
  mark=0
  for id in a b; do
    mark=$((mark + 1))
    x ip -n aftr link add tun$id type ip6tnl local $AFTR remote 2001:db8:1::$id mode ipip6 $enc
    [ "$tmtu" = auto ] || x ip -n aftr link set tun$id mtu "$tmtu"
    x ip -n aftr link set tun$id up
    x ip -n aftr addr add 192.0.0.1/32 dev tun$id
    inns aftr sysctl -qw net.ipv4.conf.tun$id.rp_filter=0
    x inns aftr iptables-legacy -t mangle -A PREROUTING -i tun$id -j CONNMARK --set-mark $mark
    x ip -n aftr rule add fwmark $mark table $((100 + mark))
    x ip -n aftr route add 192.168.1.0/24 dev tun$id table $((100 + mark))
  done
  x inns aftr iptables-legacy -t mangle -A PREROUTING -i i0 -j CONNMARK --restore-mark
  x inns aftr iptables-legacy -t nat -A POSTROUTING -o i0 -j MASQUERADE
  # What the AFTR itself sends to 192.168.1.0/24 (its ICMP errors) leaves by the first tunnel.
  x ip -n aftr route add 192.168.1.0/24 dev tuna
  # The Internet: a server at 198.51.100.80.
  x ip -n inet addr add 203.0.113.2/24 dev eth0
  x ip -n inet addr add 198.51.100.80/32 dev lo
  inns inet $PY "$TRAFFIC" serve > "$OUT/$S.server.log" 2>&1 &
  sleep 1
}

capture() {
  inns aftr tcpdump -q -n -U -s 0 -i br0 -w "$OUT/$S-tunnel.pcap" 2>/dev/null &
  inns aftr tcpdump -q -n -U -s 0 -i i0 -w "$OUT/$S-internet.pcap" 2>/dev/null &
  inns b4a tcpdump -q -n -U -s 0 -i lan0 -w "$OUT/$S-lan.pcap" 2>/dev/null &
  sleep 2
}

finish() {
  sleep 2
  pkill tcpdump
  sleep 1
  pkill -f "$TRAFFIC" || true
  for side in tunnel internet lan; do echo "$side: $(tcpdump -r "$OUT/$S-$side.pcap" 2>/dev/null | wc -l) packets"; done
}

# A last small datagram through the softwire, so the tunnel capture demonstrably covers the moment
# of a probe before it (a probe that never entered leaves the tunnel capture nothing to span it).
closing() { run host udp 40099 300 0; }

run() { n=$1; shift; echo "== $n: $*"; inns "$n" $PY "$TRAFFIC" "$@"; }

standard() {
  # UDP up to the server, echoed back: sizes below, at and above the tunnel MTU, DF off and on.
  run host udp 40000 1200 0
  run host udp 40001 1400 0
  run host udp 40002 1500 0
  run host udp 40003 1200 1
  run host udp 40004 1400 1
  run host udp 40005 1500 1
  # TCP: a 20000-byte download (PMTU discovery at work), then a 20000-byte upload.
  run host tcp 50000 20000
  run host upload 50001 20000
}

# Each scenario: the link MTU and tunnel settings, then the traffic.
scenario_mtu1500_tel() { build 1500 default auto; capture; standard; finish; }
scenario_mtu1500_notel() { build 1500 none auto; capture; standard; finish; }
scenario_mtu1400() { build 1400 none auto; capture; standard; finish; }
scenario_mtu1280() { build 1280 none auto; capture; standard; finish; }
# The tunnel MTU is set above what the link carries once the IPv6 header is added.
scenario_tunnel_over_link() { build 1400 none 1460; capture; standard; finish; }
scenario_two_b4s() { build 1500 none auto; capture; run host udp 40000 300 0; run host2 udp 40000 300 0; run host tcp 50000 20000; run host2 tcp 50000 20000; finish; }
scenario_icmp() { build 1500 none auto; capture; run host ttl 1; run host ttl 2; run host closed; run host echo 1400 1; run host echo 1472 1; closing; finish; }

"scenario_$S"
