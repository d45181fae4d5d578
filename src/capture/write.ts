import { closeSync, openSync, writeSync } from 'node:fs';

/** Writes frames to a capture file: classic pcap (nanosecond) or pcapng, chosen by the caller. */
export interface CaptureWriter {
  write(tsSec: number, tsNsec: number, frame: Buffer): void;
  close(): void;
  readonly frames: number;
}

const FLUSH = 1 << 20;

/**
 * A capture writer (hand-written: pcap-parser only reads, and the two formats' headers are a
 * few lines each). `format` 'pcap' writes a nanosecond classic pcap (magic 0xa1b23c4d), 'pcapng'
 * one section with one interface (if_tsresol 9: nanoseconds) and Enhanced Packet Blocks; both
 * little-endian, snap length 262144.
 */
export function createCaptureWriter(path: string, format: 'pcap' | 'pcapng', linkType: number): CaptureWriter {
  const fd = openSync(path, 'w');
  let parts: Buffer[] = [];
  let pending = 0;
  let frames = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    pending += b.length;
    if (pending >= FLUSH) flush();
  };
  const flush = (): void => {
    if (!parts.length) return;
    const all = Buffer.concat(parts);
    writeSync(fd, all, 0, all.length);
    parts = [];
    pending = 0;
  };
  if (format === 'pcap') {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b23c4d, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(linkType, 20);
    push(h);
  } else {
    const shb = Buffer.alloc(28);
    shb.writeUInt32LE(0x0a0d0d0a, 0);
    shb.writeUInt32LE(28, 4);
    shb.writeUInt32LE(0x1a2b3c4d, 8);
    shb.writeUInt16LE(1, 12);
    shb.writeBigInt64LE(-1n, 16);
    shb.writeUInt32LE(28, 24);
    push(shb);
    // IDB with if_tsresol (option 9) = 9: nanosecond timestamps.
    const idb = Buffer.alloc(32);
    idb.writeUInt32LE(1, 0);
    idb.writeUInt32LE(32, 4);
    idb.writeUInt16LE(linkType, 8);
    idb.writeUInt32LE(262144, 12);
    idb.writeUInt16LE(9, 16);
    idb.writeUInt16LE(1, 18);
    idb[20] = 9;
    idb.writeUInt32LE(32, 28);
    push(idb);
  }
  return {
    write(tsSec, tsNsec, frame) {
      frames++;
      if (format === 'pcap') {
        const r = Buffer.alloc(16);
        r.writeUInt32LE(tsSec, 0);
        r.writeUInt32LE(tsNsec, 4);
        r.writeUInt32LE(frame.length, 8);
        r.writeUInt32LE(frame.length, 12);
        push(r);
        push(frame);
        return;
      }
      const pad = (4 - (frame.length % 4)) % 4;
      const len = 32 + frame.length + pad;
      const b = Buffer.alloc(len);
      const ts = BigInt(tsSec) * 1_000_000_000n + BigInt(tsNsec);
      b.writeUInt32LE(6, 0);
      b.writeUInt32LE(len, 4);
      b.writeUInt32LE(0, 8);
      b.writeUInt32LE(Number(ts >> 32n), 12);
      b.writeUInt32LE(Number(ts & 0xffffffffn), 16);
      b.writeUInt32LE(frame.length, 20);
      b.writeUInt32LE(frame.length, 24);
      frame.copy(b, 28);
      b.writeUInt32LE(len, len - 4);
      push(b);
    },
    close() {
      flush();
      closeSync(fd);
    },
    get frames() {
      return frames;
    },
  };
}
