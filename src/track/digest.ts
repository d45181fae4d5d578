import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../codec/ipv4.js';
import { ICMP_CODE_AT, ICMP_ID_END, ICMP_LENGTH, ICMP_REST_AT, ICMP4_ERRORS, icmpTypeAt } from '../codec/icmp.js';
import { TCP_ACK_END, TCP_FLAGS_END, TCP_SEQ_AT, tcpFlagsAt, tcpHeaderLengthAt } from '../codec/tcp.js';
import { UDP_LENGTH } from '../codec/udp.js';

/** Payload bytes hashed after the transport header (catalogue §11.1: "the first N payload bytes"). */
export const DIGEST_BYTES = 128;

const FNV_PRIME = 0x01000193;
const mix = (h: number, v: number): number => Math.imul(h ^ v, FNV_PRIME);

/**
 * FNV-1a over the parts of an IPv4 datagram's data that address and port translation and
 * a router's forwarding leave alone (catalogue §11.4): the data length, TCP sequence,
 * acknowledgement and flags, and the first DIGEST_BYTES payload bytes after the transport
 * header. Ports, checksums, the ICMP echo identifier and ICMP error quotes are left out
 * (a NAT rewrites them). `buf[start, end)` holds the captured data, `length` its true
 * length; undefined when the capture cut bytes the hash needs.
 */
export function l4Digest(
  protocol: number,
  buf: Buffer,
  start: number,
  end: number,
  length: number,
): number | undefined {
  const have = end - start;
  let from: number;
  let h = mix(mix(0x811c9dc5, protocol), length);
  switch (protocol) {
    case PROTO_TCP: {
      if (have < TCP_FLAGS_END) return undefined;
      from = tcpHeaderLengthAt(buf, start);
      for (let i = TCP_SEQ_AT; i < TCP_ACK_END; i++) h = mix(h, buf[start + i]!);
      h = mix(h, tcpFlagsAt(buf, start));
      break;
    }
    case PROTO_UDP:
      from = UDP_LENGTH;
      break;
    case PROTO_ICMP: {
      if (have < ICMP_LENGTH) return undefined;
      const type = icmpTypeAt(buf, start);
      h = mix(mix(h, type), buf[start + ICMP_CODE_AT]!);
      // Errors: the quote was translated; keep the type-specific word (the Next-Hop MTU of 3/4).
      if (ICMP4_ERRORS.has(type)) {
        for (let i = ICMP_REST_AT; i < ICMP_LENGTH; i++) h = mix(h, buf[start + i]!);
        return h >>> 0;
      }
      // Queries: the identifier is what a NAT rewrites; the sequence number after it is hashed.
      from = ICMP_ID_END;
      break;
    }
    default:
      from = 0;
  }
  const to = Math.min(length, from + DIGEST_BYTES);
  if (to > have) return undefined;
  for (let i = from; i < to; i++) h = mix(h, buf[start + i]!);
  return h >>> 0;
}
