/**
 * Every anomaly the pipeline can raise, by stable dotted ID. `snaplen` means the
 * capture cut the bytes (not the device's fault); `malformed` means the bytes on
 * the wire are wrong; `capture` is about the file; `limit` is a state bound hit.
 */
export type AnomalyKind = 'capture' | 'snaplen' | 'malformed' | 'unsupported' | 'limit';

export interface AnomalyInfo {
  readonly kind: AnomalyKind;
  readonly title: string;
}

const LAYERS: Record<string, string> = {
  link: 'link-layer header',
  vlan: '802.1Q/802.1ad tag',
  pppoe: 'PPPoE session header',
  mpls: 'MPLS label stack entry',
  ipv6: 'IPv6 header',
  'ipv6.ext': 'IPv6 extension header',
  ipv4: 'IPv4 header',
  tcp: 'TCP header',
  udp: 'UDP header',
  icmp: 'ICMP header',
  icmpv6: 'ICMPv6 header',
  gre: 'GRE header',
};

const FIXED: Record<string, AnomalyInfo> = {
  'capture.truncated_file': { kind: 'capture', title: 'file ends in the middle of a record' },
  'capture.oversized_record': { kind: 'capture', title: 'record length beyond any sane bound; reading stopped' },
  'capture.malformed_block': { kind: 'capture', title: 'pcapng block malformed' },
  'capture.caplen_exceeds_snaplen': { kind: 'capture', title: 'record longer than the snap length' },
  'capture.caplen_exceeds_wirelen': { kind: 'capture', title: 'captured length exceeds wire length' },
  'capture.unknown_block': { kind: 'capture', title: 'unknown pcapng block skipped' },
  'capture.unknown_interface': { kind: 'capture', title: 'packet names an undescribed interface' },
  'capture.sequence_gap': {
    kind: 'capture',
    title: 'a file of a sequence starts well after the previous one ends: nothing was captured in between',
  },
  'capture.sequence_overlap': {
    kind: 'capture',
    title: 'a file of a sequence starts before the previous one ends: the files overlap in time',
  },
  'capture.pcapng_version': { kind: 'capture', title: 'unexpected pcapng section version' },
  'capture.offload_super_segment': {
    kind: 'capture',
    title:
      "a TCP segment over 1500 bytes on a side capture: the capturing host's offload (TSO/GRO) merged segments; size rules skip it",
  },
  'capture.unsupported_linktype': {
    kind: 'unsupported',
    title: 'link type not supported; its frames are counted only',
  },
  'mpls.stack_too_deep': { kind: 'unsupported', title: 'MPLS label stack deeper than the decoder follows' },
  'tunnel.carrier_fragmented': {
    kind: 'unsupported',
    title: 'a tunnel around IPv6 (protocol 41 or GRE) in IP fragments: what it carries is not followed',
  },
  'tunnel.carriage_too_deep': { kind: 'unsupported', title: 'tunnels nested deeper than the decoder follows' },
  'pppoe.bad_version': { kind: 'malformed', title: 'PPPoE version/type is not 1/1' },
  'ipv6.bad_version': { kind: 'malformed', title: 'IPv6 version field is not 6' },
  'ipv6.payload_length_exceeds_frame': {
    kind: 'malformed',
    title: 'IPv6 Payload Length runs past the end of the frame',
  },
  'ipv6.ext.bad_options': { kind: 'malformed', title: 'IPv6 option TLVs overrun their header' },
  'ipv6.ext.chain_too_long': { kind: 'malformed', title: 'IPv6 extension header chain longer than the walker allows' },
  'ipv6.frag.in_non_first_position': { kind: 'malformed', title: 'a second Fragment header in one chain' },
  'ipv4.bad_version': { kind: 'malformed', title: 'IPv4 version field is not 4' },
  'ipv4.bad_ihl': { kind: 'malformed', title: 'IPv4 IHL below 5' },
  'ipv4.bad_total_length': { kind: 'malformed', title: 'IPv4 Total Length below its header length' },
  'tunnel.inner_not_ipv4': { kind: 'malformed', title: 'next header 4 but the payload is not IPv4' },
  'tcp.bad_data_offset': { kind: 'malformed', title: 'TCP data offset below 5' },
  'reassembly.ipv6.evicted': {
    kind: 'limit',
    title: 'outer fragment set dropped unfinished: reassembly limit reached',
  },
  'reassembly.ipv6.too_many_fragments': {
    kind: 'limit',
    title: 'outer fragment set dropped: more fragments than the per-datagram limit',
  },
  'ipv4.frag.overlap': {
    kind: 'malformed',
    title: 'inner IPv4 fragments overlap (the overlap policy decided whose bytes stand)',
  },
  'reassembly.ipv4.evicted': {
    kind: 'limit',
    title: 'inner fragment group dropped unfinished: reassembly limit reached',
  },
  'reassembly.ipv4.too_many_fragments': {
    kind: 'limit',
    title: 'inner fragment group dropped: more fragments than the per-datagram limit',
  },
};

/** Stable catalogue of anomaly IDs. `<layer>.truncated_by_snaplen` and `<layer>.too_short` exist for every layer. */
export const ANOMALIES: Readonly<Record<string, AnomalyInfo>> = (() => {
  const all: Record<string, AnomalyInfo> = { ...FIXED };
  for (const [layer, name] of Object.entries(LAYERS)) {
    all[`${layer}.truncated_by_snaplen`] = { kind: 'snaplen', title: `${name} cut by the capture's snap length` };
    all[`${layer}.too_short`] = { kind: 'malformed', title: `${name} shorter than its minimum on the wire` };
  }
  return all;
})();

export function anomalyInfo(id: string): AnomalyInfo {
  return ANOMALIES[id] ?? { kind: 'malformed', title: id };
}
