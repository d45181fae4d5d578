/**
 * Deterministic (seeded) generator of a large DS-Lite access-link capture for the
 * benchmark: Ethernet pcap, N packets from B B4s behind one AFTR, TCP/UDP/ICMP flows
 * in both directions, and a share of inner packets too large for the 1500-byte link,
 * outer-fragmented after encapsulation (RFC 6333 §5.3/§6.3). It is a load generator,
 * not test truth: the fixtures made by scapy are that.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { type Ip6Key, parseIp6 } from '../src/codec/addr.js';
import { encodeEthernet } from '../src/codec/ethernet.js';
import { encodeIpv4, fillIpv4Checksum, ipv4Header } from '../src/codec/ipv4.js';
import {
  AFTR,
  AFTR_MAC,
  EXT_POOL,
  type GeneratedFlow,
  recordHeader,
  writeInternetFrame,
  writeSoftwireHeaders,
  writeTransport,
} from './packets.js';

export interface GenOptions {
  readonly packets: number;
  readonly b4s: number;
  readonly seed: number;
  /** Probability that an inner packet is 1500 bytes and needs outer fragmentation. */
  readonly oversized: number;
  /**
   * Also write what the AFTR's Internet side saw (a second Ethernet pcap): every inner
   * datagram whole, NAT-translated (subscriber address and port rewritten), with the TTL a
   * router's one decrement gives (one less up, one more before the AFTR down),
   * 100 µs after its tunnel frame — the traffic `check --internet` correlates.
   */
  readonly internetPath?: string;
}

export interface GenResult {
  readonly frames: number;
  readonly fragmentFrames: number;
  readonly bytes: number;
  readonly internetFrames: number;
}

const LINK_MTU = 1500;
const FRAG_DATA = Math.floor((LINK_MTU - 48) / 8) * 8; // 1448 (catalogue §2.3)
const FLOWS_PER_B4 = 8;

/** xorshift32: small, fast and reproducible across platforms. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** A classic µs pcap written through a 4 MiB buffer. */
export function pcapWriter(path: string): {
  room(n: number): Buffer;
  at(): number;
  advance(n: number): void;
  close(): void;
} {
  const fd = openSync(path, 'w');
  const OUT = 4 << 20;
  let out = Buffer.alloc(OUT);
  let pos = 0;
  const flush = (): void => {
    writeSync(fd, out, 0, pos);
    pos = 0;
  };
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16);
  out.writeUInt32LE(1, 20);
  pos = 24;
  return {
    room(n) {
      if (pos + n > OUT) flush();
      return out;
    },
    at: () => pos,
    advance(n) {
      pos += n;
    },
    close() {
      flush();
      // Write-back of a gigabyte of dirty pages would otherwise compete with the timed runs.
      fsyncSync(fd);
      closeSync(fd);
      out = Buffer.alloc(0);
    },
  };
}

export function generate(path: string, o: GenOptions): GenResult {
  const rand = rng(o.seed);
  const b4Addr = (i: number) =>
    parseIp6(`2001:db8:${(0x1000 + Math.floor(i / 256)).toString(16)}:${(i % 256).toString(16)}::2`)!;
  const b4Keys = Array.from({ length: o.b4s }, (_, i) => b4Addr(i));
  const flows: GeneratedFlow[] = [];
  for (let b = 0; b < o.b4s; b++) {
    for (let f = 0; f < FLOWS_PER_B4; f++) {
      const proto = f < 4 ? 6 : f < 7 ? 17 : 1;
      flows.push({
        b4: b,
        proto,
        internal: (0xc0a80000 | ((b % 250) << 8) | (10 + f)) >>> 0, // 192.168.x.(10+f): reused across B4s, as in real DS-Lite
        iport: 40000 + f,
        remote: (0xc6336400 | (1 + ((b * 7 + f) % 250))) >>> 0, // 198.51.100.x
        rport: proto === 6 ? 443 : proto === 17 ? 53 : 0,
        seqUp: Math.floor(rand() * 2 ** 32),
        seqDown: Math.floor(rand() * 2 ** 32),
        id: Math.floor(rand() * 65536),
      });
    }
  }

  const w = pcapWriter(path);
  const inet = o.internetPath !== undefined ? pcapWriter(o.internetPath) : undefined;
  const translated = Buffer.alloc(1500);
  const idCounters = new Map<number, number>();
  let internetFrames = 0;

  const inner = Buffer.alloc(1500);
  let sec = 1767225600;
  let usec = 0;
  let frames = 0;
  let fragmentFrames = 0;
  let bytes = 24;
  let fragId = 1;

  const frame = (
    dst: number,
    src: number,
    b4Key: Ip6Key,
    up: boolean,
    payload: Buffer,
    pOff: number,
    pLen: number,
    frag?: { off: number; more: boolean; id: number },
  ): void => {
    const ipLen = 40 + (frag ? 8 : 0) + pLen;
    const total = 14 + ipLen;
    const out = w.room(16 + total);
    const pos = w.at();
    usec += 7;
    if (usec >= 1_000_000) {
      usec -= 1_000_000;
      sec++;
    }
    recordHeader(out, pos, sec, usec, total);
    let p = pos + 16;
    p = encodeEthernet({ dst, src, etherType: 0x86dd }, out, p);
    p = writeSoftwireHeaders(out, p, { up, b4: b4Key, aftr: AFTR, length: pLen, ...(frag && { frag }) });
    payload.copy(out, p, pOff, pOff + pLen);
    w.advance(p + pLen - pos);
    frames++;
    bytes += 16 + total;
    if (frag) fragmentFrames++;
  };

  while (frames < o.packets) {
    const f = flows[Math.floor(rand() * flows.length)]!;
    const up = rand() < 0.5;
    const r = rand();
    const big = r < o.oversized;
    const size =
      f.proto === 1
        ? 84
        : big
          ? 1500
          : f.proto === 6
            ? r < 0.45
              ? 40
              : r < 0.75
                ? 576
                : 1400
            : 100 + Math.floor(r * 500);
    const src = up ? f.internal : f.remote;
    const dst = up ? f.remote : f.internal;
    inner.fill(0, 0, size);
    encodeIpv4(
      ipv4Header({ totalLength: size, id: f.id, df: f.proto === 6, ttl: up ? 63 : 52, protocol: f.proto, src, dst }),
      inner,
      0,
    );
    fillIpv4Checksum(inner, 0);
    f.id = (f.id + 1) & 0xffff;
    writeTransport(inner, f, up, size, frames);
    const b4Key = b4Keys[f.b4]!;
    if (inet) {
      // The AFTR's translation: the subscriber side becomes a pool address and port.
      inner.copy(translated, 0, 0, size);
      const ext = (EXT_POOL | (f.b4 % 250)) >>> 0;
      const extPort = 1024 + ((f.b4 * FLOWS_PER_B4 + (f.iport - 40000)) % 60000);
      translated.writeUInt32BE(ext, up ? 12 : 16);
      // A router decrements once: an up datagram leaves the AFTR one TTL lower, a down one arrived one higher (TTL-001, TTL-002).
      translated[8] = up ? translated[8]! - 1 : translated[8]! + 1;
      // A conformant AFTR chooses outbound IDs as if it sourced the datagrams (RFC 6864 §5.3.1):
      // one counter per (external source, destination, protocol), not the subscribers' own.
      if (up) {
        const k = ext * 1024 + (f.remote & 0xff) * 4 + (f.proto === 6 ? 0 : f.proto === 17 ? 1 : 2);
        const id = ((idCounters.get(k) ?? 0) + 1) & 0xffff;
        idCounters.set(k, id);
        translated.writeUInt16BE(id, 4);
      }
      // Ports, or the ICMP echo identifier (RFC 5508 §3.1), each endpoint its own external one.
      if (f.proto !== 1) translated.writeUInt16BE(extPort, up ? 20 : 22);
      else translated.writeUInt16BE(extPort, 24);
      fillIpv4Checksum(translated, 0);
      writeInternetFrame(inet, sec, usec, up, translated, size);
      internetFrames++;
    }
    const b4Mac = 0x020000000000 + f.b4;
    const dstMac = up ? AFTR_MAC : b4Mac;
    const srcMac = up ? b4Mac : AFTR_MAC;
    if (size + 40 <= LINK_MTU) frame(dstMac, srcMac, b4Key, up, inner, 0, size);
    else {
      const id = fragId++;
      for (let off = 0; off < size; off += FRAG_DATA) {
        const len = Math.min(FRAG_DATA, size - off);
        frame(dstMac, srcMac, b4Key, up, inner, off, len, { off, more: off + len < size, id });
      }
    }
  }
  w.close();
  inet?.close();
  return { frames, fragmentFrames, bytes, internetFrames };
}
