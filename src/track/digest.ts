import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../codec/ipv4.js';
import { ICMP4_ERRORS } from '../codec/icmp.js';

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
      if (have < 14) return undefined;
      from = (buf[start + 12]! >>> 4) * 4;
      for (let i = 4; i < 12; i++) h = mix(h, buf[start + i]!);
      h = mix(h, buf[start + 13]!);
      break;
    }
    case PROTO_UDP:
      from = 8;
      break;
    case PROTO_ICMP: {
      if (have < 8) return undefined;
      const type = buf[start]!;
      h = mix(mix(h, type), buf[start + 1]!);
      // Errors: the quote was translated; keep the type-specific word (the Next-Hop MTU of 3/4).
      if (ICMP4_ERRORS.has(type)) {
        for (let i = 4; i < 8; i++) h = mix(h, buf[start + i]!);
        return h >>> 0;
      }
      // Queries: the identifier (bytes 4–5) is what a NAT rewrites.
      from = 6;
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
