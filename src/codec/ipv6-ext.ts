import { u16, u32 } from './bytes.js';
import { type Fault, SHORT, fault } from './fault.js';
import { NH_AH, NH_DEST_OPTS, NH_FRAGMENT, NH_HOP_BY_HOP, NH_MOBILITY, NH_ROUTING } from './ipv6.js';

/** One TLV option of a Hop-by-Hop or Destination Options header (RFC 8200 §4.2). Pad1 has type 0 and no data. */
export interface Ipv6Option {
  readonly type: number;
  readonly data: Buffer;
}

/** Hop-by-Hop (0) or Destination Options (60) header. */
export interface OptionsHeader {
  readonly kind: 'options';
  readonly type: typeof NH_HOP_BY_HOP | typeof NH_DEST_OPTS;
  readonly nextHeader: number;
  readonly options: readonly Ipv6Option[];
}

/** Fragment header (RFC 8200 §4.5). `offset` is in 8-byte units. */
export interface FragmentHeader {
  readonly kind: 'fragment';
  readonly nextHeader: number;
  readonly reserved: number;
  readonly offset: number;
  readonly res: number;
  readonly more: boolean;
  readonly id: number;
}

/** Any other length-prefixed extension header (Routing, Mobility, AH), kept raw. */
export interface OpaqueExtHeader {
  readonly kind: 'opaque';
  readonly type: number;
  readonly nextHeader: number;
  /** The whole header, including its first two bytes. */
  readonly raw: Buffer;
}

export type ExtHeader = OptionsHeader | FragmentHeader | OpaqueExtHeader;

export const FRAGMENT_LENGTH = 8;
/** The destination options header that carries the RFC 2473 Tunnel Encapsulation Limit option, padded (§5.1). */
export const TEL_HEADER_LENGTH = 8;
const BAD_OPTIONS = fault('bad_options');

/** Next-header values that are extension headers this codec walks. */
export const EXTENSION_TYPES: ReadonlySet<number> = new Set([
  NH_HOP_BY_HOP,
  NH_ROUTING,
  NH_FRAGMENT,
  NH_DEST_OPTS,
  NH_AH,
  NH_MOBILITY,
]);
/** The same set as a byte table: the dissector asks once per packet and header. */
export const IS_EXTENSION: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const n of EXTENSION_TYPES) t[n] = 1;
  return t;
})();

export const TEL_OPTION = 4;
export const PAD1 = 0;
export const PADN = 1;

/** Length of the extension header of `type` starting at `off`, or a fault. */
export function extLengthAt(type: number, buf: Buffer, off: number, end: number): number | Fault {
  if (type === NH_FRAGMENT) return end - off < FRAGMENT_LENGTH ? SHORT : FRAGMENT_LENGTH;
  if (end - off < 2) return SHORT;
  const n = buf[off + 1]!;
  return type === NH_AH ? (n + 2) * 4 : (n + 1) * 8;
}

export function decodeExt(type: number, buf: Buffer, off: number, end: number): ExtHeader | Fault {
  const len = extLengthAt(type, buf, off, end);
  if (typeof len !== 'number') return len;
  if (end - off < len) return SHORT;
  if (type === NH_FRAGMENT) return decodeFragment(buf, off);
  if (type === NH_HOP_BY_HOP || type === NH_DEST_OPTS) {
    const options = decodeOptions(buf, off + 2, off + len);
    if (!options) return BAD_OPTIONS;
    return { kind: 'options', type, nextHeader: buf[off]!, options };
  }
  return { kind: 'opaque', type, nextHeader: buf[off]!, raw: Buffer.from(buf.subarray(off, off + len)) };
}

function decodeFragment(buf: Buffer, off: number): FragmentHeader {
  const w = u16(buf, off + 2);
  return {
    kind: 'fragment',
    nextHeader: buf[off]!,
    reserved: buf[off + 1]!,
    offset: w >>> 3,
    res: (w >>> 1) & 3,
    more: (w & 1) === 1,
    id: u32(buf, off + 4),
  };
}

function decodeOptions(buf: Buffer, off: number, end: number): Ipv6Option[] | undefined {
  const out: Ipv6Option[] = [];
  let i = off;
  while (i < end) {
    const type = buf[i]!;
    if (type === PAD1) {
      out.push({ type, data: Buffer.alloc(0) });
      i += 1;
      continue;
    }
    if (i + 2 > end) return undefined;
    const len = buf[i + 1]!;
    if (i + 2 + len > end) return undefined;
    out.push({ type, data: Buffer.from(buf.subarray(i + 2, i + 2 + len)) });
    i += 2 + len;
  }
  return out;
}

export function lengthExt(h: ExtHeader): number {
  switch (h.kind) {
    case 'fragment':
      return FRAGMENT_LENGTH;
    case 'opaque':
      return h.raw.length;
    case 'options':
      return 2 + h.options.reduce((n, o) => n + (o.type === PAD1 ? 1 : 2 + o.data.length), 0);
  }
}

export function encodeExt(h: ExtHeader, buf: Buffer, off: number): number {
  switch (h.kind) {
    case 'fragment':
      buf[off] = h.nextHeader;
      buf[off + 1] = h.reserved;
      buf.writeUInt16BE(((h.offset & 0x1fff) << 3) | ((h.res & 3) << 1) | (h.more ? 1 : 0), off + 2);
      buf.writeUInt32BE(h.id >>> 0, off + 4);
      return off + FRAGMENT_LENGTH;
    case 'opaque':
      h.raw.copy(buf, off);
      buf[off] = h.nextHeader;
      return off + h.raw.length;
    case 'options': {
      const len = lengthExt(h);
      if (len % 8 !== 0) throw new Error(`options header length ${len} is not a multiple of 8`);
      buf[off] = h.nextHeader;
      buf[off + 1] = len / 8 - 1;
      let i = off + 2;
      for (const o of h.options) {
        buf[i++] = o.type;
        if (o.type === PAD1) continue;
        buf[i++] = o.data.length;
        o.data.copy(buf, i);
        i += o.data.length;
      }
      return i;
    }
  }
}

/**
 * The RFC 2473 §5.1 Destination Options header carrying a Tunnel Encapsulation
 * Limit: `NH 00 04 01 <limit> 01 01 00` (TEL option, then a 1-byte PadN).
 */
export function telHeader(limit: number, nextHeader: number): OptionsHeader {
  return {
    kind: 'options',
    type: NH_DEST_OPTS,
    nextHeader,
    options: [
      { type: TEL_OPTION, data: Buffer.from([limit & 0xff]) },
      { type: PADN, data: Buffer.from([0]) },
    ],
  };
}

/** The TEL limit carried by a destination options header, if any. */
export function telLimit(h: OptionsHeader): number | undefined {
  const o = h.options.find((x) => x.type === TEL_OPTION);
  return o && o.data.length === 1 ? o.data[0] : undefined;
}

/** True when the header is byte-for-byte the RFC 2473 §5.1 layout. */
export function isCanonicalTel(h: OptionsHeader): boolean {
  const [a, b, ...rest] = h.options;
  return (
    h.type === NH_DEST_OPTS &&
    rest.length === 0 &&
    a?.type === TEL_OPTION &&
    a.data.length === 1 &&
    b?.type === PADN &&
    b.data.length === 1 &&
    b.data[0] === 0
  );
}

/** The Routing Type of a Routing header's raw bytes (RFC 8200 §4.4: the third byte). */
const ROUTING_TYPE_AT = 2;
/** Routing Type 4, the Segment Routing Header (RFC 8754 §2). */
export const ROUTING_SRH = 4;
export const routingTypeOf = (raw: Buffer): number => raw[ROUTING_TYPE_AT] ?? -1;
