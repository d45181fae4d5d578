/**
 * Structured mutation of real captures, for the fuzzer (bench/fuzz.ts). No coverage-guided
 * fuzzer for JavaScript is kept up on Node 20 today (Jazzer.js was archived), so the inputs are
 * the fixtures changed the ways real files go wrong: bits flipped, cut anywhere and at every
 * record boundary, record and block lengths and header fields set to extremes, records
 * reordered, duplicated and spliced from other captures, fragment offsets and flags rewritten
 * so that fragments overlap, and all of it sometimes gzip-compressed (or a cut gzip stream).
 */
import { gzipSync } from 'node:zlib';
import { parserForHead } from '../src/capture/format.js';
import type { CaptureRecord } from '../src/capture/types.js';
import { dissect } from '../src/dissect/dissect.js';

/** A seeded PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where one record sits in its file: the record (header included) and the frame inside it. */
export interface RecordSpan {
  readonly start: number;
  readonly end: number;
  readonly frame: number;
  readonly capLen: number;
  /** Byte offsets in the file of header fields worth setting to extremes (IP lengths, fragment fields). */
  readonly fields: readonly number[];
}

export interface Seed {
  readonly name: string;
  readonly bytes: Buffer;
  readonly format: 'pcap' | 'pcapng';
  /** The file header (pcap) or the blocks before the first packet (pcapng). */
  readonly headerEnd: number;
  readonly records: readonly RecordSpan[];
}

/** Offsets of the length, offset and flag fields in a frame, found by dissecting it. */
function fieldOffsets(rec: CaptureRecord): number[] {
  const out: number[] = [];
  const d = dissect(rec);
  const n = d.net;
  if (n?.kind === 'ip6') {
    out.push(n.offset + 4); // payload length
    out.push(n.offset + 6); // next header
    if (n.fragOffset >= 0) out.push(n.fragOffset + 2, n.fragOffset + 4); // offset/M, identification
    const i = n.inner;
    if (i) out.push(i.offset, i.offset + 2, i.offset + 6, i.offset + 9); // IHL, total length, flags/offset, protocol
  } else if (n?.kind === 'ip4') out.push(n.offset, n.offset + 2, n.offset + 6);
  return out;
}

/** Reads a capture's record layout with the project's own reader (the seeds are valid files). */
export function loadSeed(name: string, bytes: Buffer): Seed | undefined {
  const records: RecordSpan[] = [];
  let format: 'pcap' | 'pcapng' = 'pcap';
  try {
    const parser = parserForHead(bytes.subarray(0, 4), {
      onRecord(rec) {
        // One chunk holds the whole file, so offsets are file offsets.
        const start = format === 'pcap' ? rec.offset - 16 : rec.offset - 28;
        const end = format === 'pcap' ? rec.offset + rec.capLen : start + bytes.readUInt32LE(start + 4);
        records.push({ start, end, frame: rec.offset, capLen: rec.capLen, fields: fieldOffsets(rec) });
      },
      onInterface() {},
      onNotice() {},
    });
    format = parser.format === 'pcapng' ? 'pcapng' : 'pcap';
    // Little-endian pcapng only: record ends are read from the block's length field.
    if (format === 'pcapng' && bytes.readUInt32LE(8) !== 0x1a2b3c4d) return undefined;
    parser.feed(bytes);
    parser.end();
  } catch {
    return undefined;
  }
  const valid = records.filter((r) => r.start >= 0 && r.end <= bytes.length && r.end > r.start);
  if (!valid.length) return undefined;
  return { name, bytes, format, headerEnd: valid[0]!.start, records: valid };
}

const EXTREMES16 = [0, 1, 7, 8, 0x7fff, 0x8000, 0xfff8, 0xffff];
const EXTREMES32 = [0, 1, 0x3fffffff, 0x7fffffff, 0x80000000, 0xffffffff];

export type Mutator = (s: Seed, r: () => number, others: readonly Seed[]) => Buffer;

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const rec = (s: Seed, r: () => number): RecordSpan => pick(s.records, r);

/** Each mutation, by name: the fuzzer reports how many inputs of each it ran. */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  bitflip(s, r) {
    const b = Buffer.from(s.bytes);
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) {
      const at = Math.floor(r() * b.length);
      b[at]! ^= 1 << Math.floor(r() * 8);
    }
    return b;
  },
  bytes(s, r) {
    const b = Buffer.from(s.bytes);
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] = pick([0, 0xff, Math.floor(r() * 256)], r);
    return b;
  },
  truncate(s, r) {
    return Buffer.from(s.bytes.subarray(0, Math.floor(r() * s.bytes.length)));
  },
  truncateAtBoundary(s, r) {
    const x = rec(s, r);
    const at = pick([x.start, x.start + 1, x.start + 8, x.frame, x.frame + 14, x.frame + 40, x.end - 1, x.end], r);
    return Buffer.from(s.bytes.subarray(0, Math.min(s.bytes.length, at)));
  },
  recordLength(s, r) {
    const b = Buffer.from(s.bytes);
    const x = rec(s, r);
    // pcap: incl_len at start+8, orig_len at +12; pcapng EPB: block length at +4, captured at +20, original at +24.
    const at =
      s.format === 'pcap'
        ? pick([x.start + 8, x.start + 12], r)
        : pick([x.start + 4, x.start + 20, x.start + 24, x.end - 4], r);
    const v = pick([...EXTREMES32, x.capLen + 1, Math.max(0, x.capLen - 1), x.capLen + 8], r);
    if (at + 4 <= b.length) b.writeUInt32LE(v >>> 0, at);
    return b;
  },
  fileHeader(s, r) {
    const b = Buffer.from(s.bytes);
    // pcap: version, snaplen, link type; pcapng: section/IDB lengths, link type, snaplen, options.
    const at = Math.min(b.length - 2, Math.floor(r() * Math.max(2, s.headerEnd)));
    if (at >= 0) b.writeUInt16LE(pick(EXTREMES16, r), at);
    return b;
  },
  headerField(s, r) {
    const b = Buffer.from(s.bytes);
    const x = rec(s, r);
    const at =
      x.fields.length && r() < 0.8 ? pick(x.fields, r) : x.frame + 2 * Math.floor(r() * Math.min(40, x.capLen / 2));
    if (at + 2 <= x.end) {
      const cur = b.readUInt16BE(at);
      b.writeUInt16BE(pick([...EXTREMES16, (cur + 1) & 0xffff, (cur - 1) & 0xffff, cur ^ 0x0001, cur ^ 0x2000], r), at);
    }
    return b;
  },
  reorder(s, r) {
    if (s.records.length < 2) return Buffer.from(s.bytes);
    const rs = [...s.records];
    for (let i = rs.length - 1; i > 0; i--) {
      if (r() < 0.5) continue;
      const j = Math.floor(r() * (i + 1));
      [rs[i], rs[j]] = [rs[j]!, rs[i]!];
    }
    return Buffer.concat([s.bytes.subarray(0, s.headerEnd), ...rs.map((x) => s.bytes.subarray(x.start, x.end))]);
  },
  duplicate(s, r) {
    const x = rec(s, r);
    const at = rec(s, r).end;
    return Buffer.concat([s.bytes.subarray(0, at), s.bytes.subarray(x.start, x.end), s.bytes.subarray(at)]);
  },
  overlap(s, r) {
    // Rewrites a fragment's offset to land inside another's bytes, or flips its M flag.
    const b = Buffer.from(s.bytes);
    const frags = s.records.filter((x) => x.fields.length >= 3);
    if (!frags.length) return MUTATORS['headerField']!(s, r, []);
    const x = pick(frags, r);
    const at = x.fields[2]!;
    if (at + 2 > x.end) return b;
    const cur = b.readUInt16BE(at);
    const next = r() < 0.3 ? cur ^ 1 : ((((cur >> 3) + Math.floor(r() * 64) - 32) & 0x1fff) << 3) | (cur & 7);
    b.writeUInt16BE(next, at);
    return b;
  },
  splice(s, r, others) {
    const o = pick(
      others.filter((x) => x.format === s.format),
      r,
    );
    const x = rec(o, r);
    const at = rec(s, r).end;
    return Buffer.concat([s.bytes.subarray(0, at), o.bytes.subarray(x.start, x.end), s.bytes.subarray(at)]);
  },
};

/** One mutated input: one to three mutations in a row, sometimes gzip-compressed and sometimes that cut short. */
export function mutate(s: Seed, r: () => number, others: readonly Seed[]): { bytes: Buffer; ops: string[] } {
  const names = Object.keys(MUTATORS);
  const ops: string[] = [];
  let cur = s;
  let bytes = s.bytes;
  const n = 1 + Math.floor(r() * r() * 3);
  for (let i = 0; i < n; i++) {
    const op = pick(names, r);
    ops.push(op);
    bytes = MUTATORS[op]!(cur, r, others);
    // Later mutations work on the mutated bytes with the seed's layout (clamped by each mutator).
    cur = { ...cur, bytes, records: cur.records.filter((x) => x.end <= bytes.length) };
    if (!cur.records.length) break;
  }
  const g = r();
  if (g < 0.04) {
    ops.push('gzip');
    bytes = gzipSync(bytes);
    if (g < 0.015) {
      ops.push('gzip-cut');
      bytes = bytes.subarray(0, Math.floor(r() * bytes.length));
    }
  }
  return { bytes, ops };
}
