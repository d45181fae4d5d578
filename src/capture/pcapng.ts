import { createFramer, noteCut } from './framer.js';
import { type CaptureInterface, type CaptureParser, type CaptureSink, CaptureFileError, MAX_RECORD } from './types.js';

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, interface
 * descriptions with their own link type and timestamp resolution, enhanced,
 * simple and obsolete packet blocks, interface statistics; other blocks skipped.
 */
export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const ISB = 5;
const EPB = 6;
/** Non-packet blocks may legitimately be large (name resolution, custom); cap them anyway. */
const MAX_BLOCK = 16 * 1024 * 1024;
const ERR_BAD_LENGTH = -1;
const ERR_OVERSIZED = -2;
const ERR_BAD_ORDER = -3;

interface Iface extends CaptureInterface {
  /** Timestamp units per second as [base, exponent]: 10^6 by default. */
  readonly tsBase: 10 | 2;
  readonly tsExp: number;
  readonly tsOffset: number;
}

/** Blocks the reader knows and deliberately ignores (no notice). */
const QUIET_BLOCKS = new Set([4, 9, 10, 0xbad, 0x40000bad, 0x80000001]);

/** Walks a block's options (RFC-draft pcapng §3.5), handing each option's code and value slice to `visit`. */
function walkOptions(
  buf: Buffer,
  off: number,
  end: number,
  le: boolean,
  visit: (code: number, o: number, len: number) => void,
): void {
  let i = off;
  while (i + 4 <= end) {
    const code = le ? buf.readUInt16LE(i) : buf.readUInt16BE(i);
    const len = le ? buf.readUInt16LE(i + 2) : buf.readUInt16BE(i + 2);
    if (code === 0) return;
    if (i + 4 + len > end) return;
    visit(code, i + 4, len);
    i += 4 + ((len + 3) & ~3);
  }
}

/** An Interface Description Block's options: if_name, if_description, if_tsresol, if_tsoffset. */
function idbOptions(
  buf: Buffer,
  off: number,
  end: number,
  le: boolean,
): { name?: string; description?: string; tsBase: 10 | 2; tsExp: number; tsOffset: number } {
  const out: { name?: string; description?: string; tsBase: 10 | 2; tsExp: number; tsOffset: number } = {
    tsBase: 10,
    tsExp: 6,
    tsOffset: 0,
  };
  walkOptions(buf, off, end, le, (code, o, l) => {
    if (code === 2) out.name = buf.toString('utf8', o, o + l).replace(/\0+$/, '');
    else if (code === 3) out.description = buf.toString('utf8', o, o + l).replace(/\0+$/, '');
    else if (code === 9 && l >= 1) {
      const r = buf[o]!;
      out.tsBase = r & 0x80 ? 2 : 10;
      out.tsExp = r & 0x7f;
    } else if (code === 14 && l >= 8) {
      out.tsOffset = Number(le ? buf.readBigInt64LE(o) : buf.readBigInt64BE(o));
    }
  });
  return out;
}

/** A packet's timestamp as seconds and nanoseconds, by its interface's resolution and offset. */
function pcapngTimestamp(iface: Iface, hi: number, lo: number): [number, number] {
  if (iface.tsBase === 10 && iface.tsExp <= 6) {
    const units = hi * 4294967296 + lo;
    const per = 10 ** iface.tsExp;
    const sec = Math.floor(units / per);
    return [sec + iface.tsOffset, Math.round((units - sec * per) * (1e9 / per))];
  }
  // Finer than microseconds does not fit a double exactly: BigInt only on this path.
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  const per = iface.tsBase === 10 ? 10n ** BigInt(iface.tsExp) : 1n << BigInt(iface.tsExp);
  const sec = units / per;
  const nsec = ((units % per) * 1_000_000_000n) / per;
  return [Number(sec) + iface.tsOffset, Number(nsec)];
}

export function createPcapngParser(sink: CaptureSink): CaptureParser {
  let le = true;
  let seenShb = false;
  let ifaces: Iface[] = [];
  let ifaceBase = 0;
  let frame = 0;
  let errDetail = '';
  const unknownSeen = new Set<number>();

  const u16 = (b: Buffer, o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));

  function measure(buf: Buffer, off: number, avail: number): number {
    if (avail < 12) return 12;
    const type = buf.readUInt32LE(off);
    let len: number;
    if (type === PCAPNG_SHB) {
      const bom = buf.readUInt32LE(off + 8);
      if (bom === BYTE_ORDER_MAGIC) len = buf.readUInt32LE(off + 4);
      else if (buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) len = buf.readUInt32BE(off + 4);
      else return seenShb ? ERR_BAD_ORDER : fatalHeader('not a pcapng file (bad byte-order magic)');
    } else {
      if (!seenShb) return fatalHeader('not a pcapng file (no section header block)');
      len = u32(buf, off + 4);
    }
    if (len < 12 || len % 4 !== 0) {
      errDetail = `block at frame ${frame + 1} has an invalid total length ${len}`;
      return ERR_BAD_LENGTH;
    }
    if (len > MAX_BLOCK || (isPacketBlock(u32(buf, off)) && len > MAX_RECORD + 64)) {
      errDetail = `block after frame ${frame} claims ${len} bytes`;
      return ERR_OVERSIZED;
    }
    return len;
  }

  function fatalHeader(msg: string): never {
    throw new CaptureFileError(msg);
  }

  const isPacketBlock = (t: number): boolean => t === EPB || t === SPB || t === OBSOLETE_PB;

  function readShb(buf: Buffer, off: number): void {
    le = buf.readUInt32LE(off + 8) === BYTE_ORDER_MAGIC;
    const major = u16(buf, off + 12);
    if (major !== 1)
      sink.onNotice({
        id: 'capture.pcapng_version',
        detail: `section version ${major}.${u16(buf, off + 14)} is not 1.x`,
      });
    seenShb = true;
    // A new section starts a new interface numbering; global ids keep counting.
    ifaceBase += ifaces.length;
    ifaces = [];
  }

  function readIdb(buf: Buffer, off: number, len: number): void {
    const linkType = u16(buf, off + 8);
    const snapLen = u32(buf, off + 12);
    const { name, description, tsBase, tsExp, tsOffset } = idbOptions(buf, off + 16, off + len - 4, le);
    const id = ifaceBase + ifaces.length;
    const iface: Iface = {
      id,
      linkType,
      snapLen,
      tsBase,
      tsExp,
      tsOffset,
      ...(name !== undefined && { name }),
      ...(description !== undefined && { description }),
    };
    ifaces.push(iface);
    sink.onInterface(iface);
  }

  function emitPacket(
    ifLocal: number,
    hi: number,
    lo: number,
    capLen: number,
    origLen: number,
    buf: Buffer,
    dataOff: number,
    blockEnd: number,
    direction?: 'in' | 'out',
  ): void {
    frame++;
    const iface = ifaces[ifLocal];
    if (!iface) {
      sink.onNotice({
        id: 'capture.unknown_interface',
        frame,
        detail: `frame ${frame} names interface ${ifLocal}, which the section does not describe`,
      });
      return;
    }
    let cap = capLen;
    if (dataOff + cap > blockEnd) {
      sink.onNotice({
        id: 'capture.malformed_block',
        frame,
        detail: `frame ${frame} claims ${capLen} captured bytes, more than its block holds`,
      });
      cap = Math.max(0, blockEnd - dataOff);
    }
    if (iface.snapLen > 0 && cap > iface.snapLen)
      sink.onNotice({
        id: 'capture.caplen_exceeds_snaplen',
        frame,
        detail: `record of ${cap} bytes exceeds the snap length ${iface.snapLen}`,
      });
    let orig = origLen;
    if (orig < cap) {
      sink.onNotice({
        id: 'capture.caplen_exceeds_wirelen',
        frame,
        detail: `captured length ${cap} exceeds the wire length ${orig}`,
      });
      orig = cap;
    }
    const [tsSec, tsNsec] = pcapngTimestamp(iface, hi, lo);
    sink.onRecord({
      frame,
      tsSec,
      tsNsec,
      interfaceId: iface.id,
      linkType: iface.linkType,
      capLen: cap,
      origLen: orig,
      data: buf,
      offset: dataOff,
      direction,
    });
  }

  function readEpb(buf: Buffer, off: number, len: number): void {
    if (len < 32) return malformed(len);
    const capLen = u32(buf, off + 20);
    // Arithmetic, not `& ~3`: a captured length of 2^31 or more would turn negative in 32-bit operations.
    const dataEnd = off + 28 + capLen + ((4 - (capLen % 4)) % 4);
    let direction: 'in' | 'out' | undefined;
    if (dataEnd <= off + len - 4)
      walkOptions(buf, dataEnd, off + len - 4, le, (code, o, l) => {
        if (code === 2 && l >= 4) {
          const d = u32(buf, o) & 3;
          direction = d === 1 ? 'in' : d === 2 ? 'out' : undefined;
        }
      });
    emitPacket(
      u32(buf, off + 8),
      u32(buf, off + 12),
      u32(buf, off + 16),
      capLen,
      u32(buf, off + 24),
      buf,
      off + 28,
      off + len - 4,
      direction,
    );
  }

  function readSpb(buf: Buffer, off: number, len: number): void {
    if (len < 16) return malformed(len);
    const origLen = u32(buf, off + 8);
    const snap = ifaces[0]?.snapLen ?? 0;
    let cap = Math.min(origLen, len - 16);
    if (snap > 0) cap = Math.min(cap, snap);
    // Simple packet blocks carry no timestamp.
    emitPacket(0, 0, 0, cap, origLen, buf, off + 12, off + len - 4);
  }

  function readObsoletePb(buf: Buffer, off: number, len: number): void {
    if (len < 32) return malformed(len);
    emitPacket(
      u16(buf, off + 8),
      u32(buf, off + 12),
      u32(buf, off + 16),
      u32(buf, off + 20),
      u32(buf, off + 24),
      buf,
      off + 28,
      off + len - 4,
    );
  }

  function readIsb(buf: Buffer, off: number, len: number): void {
    if (len < 24 || !sink.onStats) return;
    const local = u32(buf, off + 8);
    const stats: { interfaceId: number; ifDrop?: number; osDrop?: number } = { interfaceId: ifaceBase + local };
    const u64 = (o: number): number => Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
    walkOptions(buf, off + 20, off + len - 4, le, (code, o, l) => {
      if (code === 5 && l >= 8) stats.ifDrop = u64(o);
      else if (code === 7 && l >= 8) stats.osDrop = u64(o);
    });
    sink.onStats(stats);
  }

  function malformed(len: number): void {
    sink.onNotice({
      id: 'capture.malformed_block',
      frame: frame + 1,
      detail: `packet block of ${len} bytes is too short to hold its header`,
    });
  }

  const handlers: Record<number, (buf: Buffer, off: number, len: number) => void> = {
    [PCAPNG_SHB]: readShb,
    [IDB]: readIdb,
    [EPB]: readEpb,
    [SPB]: readSpb,
    [OBSOLETE_PB]: readObsoletePb,
    [ISB]: readIsb,
  };

  function consume(buf: Buffer, off: number, len: number): void {
    const type = buf.readUInt32LE(off) === PCAPNG_SHB ? PCAPNG_SHB : u32(buf, off);
    if (type !== PCAPNG_SHB && u32(buf, off + len - 4) !== len)
      sink.onNotice({
        id: 'capture.malformed_block',
        frame: frame + 1,
        detail: `block of type 0x${type.toString(16)} has mismatched leading and trailing lengths`,
      });
    const h = handlers[type];
    if (h) return h(buf, off, len);
    if (!QUIET_BLOCKS.has(type) && !unknownSeen.has(type)) {
      unknownSeen.add(type);
      sink.onNotice({ id: 'capture.unknown_block', detail: `skipped pcapng block type 0x${type.toString(16)}` });
    }
  }

  const framer = createFramer(measure, consume, (code) => {
    const id = code === ERR_OVERSIZED ? 'capture.oversized_record' : 'capture.malformed_block';
    const detail = code === ERR_BAD_ORDER ? 'section header with a bad byte-order magic' : errDetail;
    sink.onNotice({
      id,
      frame: frame + 1,
      detail: `${detail}: the file is corrupt from here on, stopped reading`,
      fatal: true,
    });
  });

  return {
    format: 'pcapng',
    get bigEndian() {
      return !le;
    },
    get stopped() {
      return framer.stopped();
    },
    feed: (chunk) => framer.feed(chunk),
    end() {
      if (!seenShb) throw new CaptureFileError('truncated pcapng section header');
      noteCut(framer, sink, frame + 1, 'a block');
    },
  };
}
