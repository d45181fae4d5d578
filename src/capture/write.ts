import { writeSync } from 'node:fs';
import { openOutput } from './output-file.js';

/** Writes frames to a capture file: classic pcap (nanosecond) or pcapng, chosen by the caller. */
export interface CaptureWriter {
  /** Writes one frame: `prefix` (a link header, say) then `frame`. */
  write(tsSec: number, tsNsec: number, frame: Buffer, prefix?: Buffer): void;
  /** Completes the file: written to a temporary name, it takes its own name only now. */
  close(): void;
  /** Drops the file (a run that failed): nothing is left at its name, and an existing file there is kept. */
  abort(): void;
  readonly frames: number;
}

const FLUSH = 1 << 20;

/**
 * A capture writer (hand-written: pcap-parser only reads, and the two formats' headers are a
 * few lines each). `format` 'pcap' writes a nanosecond classic pcap (magic 0xa1b23c4d), 'pcapng'
 * one section with one interface (if_tsresol 9: nanoseconds) and Enhanced Packet Blocks; both
 * little-endian, snap length 262144.
 */
/**
 * tsSec·10⁹ + tsNsec as two 32-bit halves, exact in doubles (the product itself passes 2⁵³):
 * the seconds are split into 16-bit halves whose products with 10⁹ stay below 2⁴⁶.
 */
export function nanoseconds(tsSec: number, tsNsec: number): [number, number] {
  const p = (tsSec >>> 16) * 1e9;
  const low = (p % 65536) * 65536 + (tsSec & 0xffff) * 1e9 + tsNsec;
  const carry = Math.floor(low / 2 ** 32);
  return [Math.floor(p / 65536) + carry, low - carry * 2 ** 32];
}

export function createCaptureWriter(path: string, format: 'pcap' | 'pcapng', linkType: number): CaptureWriter {
  const out = openOutput(path);
  const fd = out.fd;
  // Records are copied into one staging buffer, written when full: no allocation per frame.
  let stage = Buffer.allocUnsafe(FLUSH);
  let used = 0;
  let frames = 0;
  const flush = (): void => {
    if (used) writeSync(fd, stage, 0, used);
    used = 0;
  };
  /** Room for `n` more bytes in the staging buffer (grown for a record larger than it). */
  const room = (n: number): void => {
    if (used + n <= stage.length) return;
    flush();
    if (n > stage.length) stage = Buffer.allocUnsafe(n);
  };
  if (format === 'pcap') {
    room(24);
    stage.fill(0, 0, 24);
    stage.writeUInt32LE(0xa1b23c4d, 0);
    stage.writeUInt16LE(2, 4);
    stage.writeUInt16LE(4, 6);
    stage.writeUInt32LE(262144, 16);
    stage.writeUInt32LE(linkType, 20);
    used = 24;
  } else {
    const h = Buffer.alloc(60);
    h.writeUInt32LE(0x0a0d0d0a, 0);
    h.writeUInt32LE(28, 4);
    h.writeUInt32LE(0x1a2b3c4d, 8);
    h.writeUInt16LE(1, 12);
    h.writeBigInt64LE(-1n, 16);
    h.writeUInt32LE(28, 24);
    // IDB with if_tsresol (option 9) = 9: nanosecond timestamps.
    h.writeUInt32LE(1, 28);
    h.writeUInt32LE(32, 32);
    h.writeUInt16LE(linkType, 36);
    h.writeUInt32LE(262144, 40);
    h.writeUInt16LE(9, 44);
    h.writeUInt16LE(1, 46);
    h[48] = 9;
    h.writeUInt32LE(32, 56);
    h.copy(stage, 0);
    used = 60;
  }
  return {
    write(tsSec, tsNsec, frame, prefix) {
      frames++;
      const length = frame.length + (prefix ? prefix.length : 0);
      if (format === 'pcap') {
        room(16 + length);
        stage.writeUInt32LE(tsSec, used);
        stage.writeUInt32LE(tsNsec, used + 4);
        stage.writeUInt32LE(length, used + 8);
        stage.writeUInt32LE(length, used + 12);
        used += 16;
      } else {
        const pad = (4 - (length % 4)) % 4;
        const total = 32 + length + pad;
        room(total);
        const [high, low] = nanoseconds(tsSec, tsNsec);
        stage.writeUInt32LE(6, used);
        stage.writeUInt32LE(total, used + 4);
        stage.writeUInt32LE(0, used + 8);
        stage.writeUInt32LE(high, used + 12);
        stage.writeUInt32LE(low, used + 16);
        stage.writeUInt32LE(length, used + 20);
        stage.writeUInt32LE(length, used + 24);
        stage.fill(0, used + 28 + length, used + total - 4);
        stage.writeUInt32LE(total, used + total - 4);
        used += 28;
        // The frame goes at `used`; the padding and trailing length are written already.
        const at = used;
        if (prefix) prefix.copy(stage, at);
        frame.copy(stage, at + (prefix ? prefix.length : 0));
        used = at + length + pad + 4;
        return;
      }
      if (prefix) {
        prefix.copy(stage, used);
        used += prefix.length;
      }
      frame.copy(stage, used);
      used += frame.length;
    },
    close() {
      flush();
      out.commit();
    },
    abort() {
      out.discard();
    },
    get frames() {
      return frames;
    },
  };
}
