import type { Ip6Key } from '../codec/addr.js';
import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../codec/ipv4.js';
import { TCP_RST } from '../codec/tcp.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import { DEFAULT_TABLES } from '../config/defaults.js';

/**
 * The AFTR's NAT44 as the two captures show it (catalogue §11.3). A binding maps an internal
 * endpoint — keyed by the B4's IPv6 address as well as the private source, because
 * thousands of subscribers use the same private addresses (RFC 6333 §6.6) — to an external
 * address and port (or ICMP identifier). Bindings are learnt from matched up pairs; replies
 * (down pairs) are checked against their owner.
 */
export interface Binding {
  /** Creation order: stable, and how reports sort what has no other order. */
  readonly id: number;
  /** When it was last used, as a count of uses of the table: the least recently used is evicted first. */
  used: number;
  readonly b4: Ip6Key;
  readonly protocol: number;
  readonly internal: number;
  /** TCP/UDP port or ICMP identifier. */
  readonly internalPort: number;
  readonly external: number;
  readonly externalPort: number;
  readonly firstSeen: number;
  lastSeen: number;
  /** Capture time of its last outbound (up) datagram. */
  lastUp: number;
  up: number;
  down: number;
  /** The first frames that showed it: tunnel side and Internet side (a few, for findings). */
  tunnelFrames: readonly number[];
  internetFrames: readonly number[];
  /** Remote endpoints it was used toward, flat as address, port, address, port… (at most REMOTES kept), and how many there were. */
  remotes: readonly number[];
  remoteCount: number;
  /** Replies that went down its own B4's softwire. */
  ownReplies: number;
  /** Other softwires its replies went down, with packet counts (undefined while there are none). */
  otherReplies: Map<Ip6Key, number> | undefined;
  /** Capture time of the last ICMP error delivered for it, -1 for none. */
  lastError: number;
  /** Capture time of the last TCP reset seen on it, either way, -1 for none. */
  lastReset: number;
}

/** What one matched up datagram tells about the NAT (the rules judge it). */
export interface NatUp {
  readonly kind: 'up';
  readonly binding: Binding;
  readonly created: boolean;
  /** Same internal endpoint, another external endpoint, still in use when this one appeared, toward a remote it had not used (NAT-001). */
  readonly sameKeyOther: Binding | undefined;
  /** The previous binding of this internal endpoint, whose connection had been reset: it was released on the reset, not held (RFC 7857 §2.2). */
  readonly releasedAfterReset: Binding | undefined;
  /** Same internal endpoint and a remote it had used: the old mapping was dropped before its minimum lifetime (NAT-006). */
  readonly expiredEarly: Binding | undefined;
  /** The previous binding of this internal endpoint (one of the two above) had an ICMP error since its last packet: the error ended it (ICMP-004). */
  readonly afterIcmpError: Binding | undefined;
  /** Another internal endpoint on the same external endpoint whose use overlaps this one's (NAT-003), and whether they share the remote. */
  readonly sharedWith: Binding | undefined;
  readonly sameRemote: boolean;
  /** The external endpoint's previous owner, released less than REUSE seconds before (NAT-008). */
  readonly reusedFrom: Binding | undefined;
  /** Another external address of the same B4 in use at the same time (NAT-004). */
  readonly otherAddress: Binding | undefined;
  /** An existing binding was used toward a remote it had not used before: endpoint-independent mapping seen (NAT-016). */
  readonly newRemote: boolean;
  /** With a quota configured: the B4's bindings in use once this one was created, when above the quota (NAT-009). */
  readonly overQuota: number | undefined;
}

/** What one matched down datagram tells: its owner (if any binding has its external endpoint). */
export interface NatDown {
  readonly kind: 'down';
  readonly owner: Binding | undefined;
  /** The softwire and internal endpoint the AFTR sent it to (for an ICMP error: what its quote names as the source). */
  readonly b4: Ip6Key;
  readonly internal: number;
  readonly internalPort: number;
  /** An ICMP error, owned through the packet it quotes (RFC 5508 §4.2). */
  readonly error: boolean;
  /** The owner had sent to the reply's source (address and port) before: false is inbound from an uncontacted remote. */
  readonly contacted: boolean;
}

/** An Internet datagram to the external endpoint of a binding in use that never went down a softwire. */
export interface NatUndelivered {
  readonly kind: 'undelivered';
  readonly owner: Binding;
  readonly datagram: Ip4Datagram;
  /** The binding had sent to the datagram's source (address and port) before. */
  readonly contacted: boolean;
}

/** An up datagram addressed to a binding's external endpoint (hairpinning), and what came back down for it. */
export interface NatHairpin {
  readonly kind: 'hairpin';
  readonly up: TunnelDatagram;
  /** The binding whose external endpoint it was sent to. */
  readonly owner: Binding;
  /** The binding of the sender, when known: its external endpoint is the source the owner must see. */
  readonly sender: Binding | undefined;
  /** The down datagram with the same data, or undefined when none came within HAIRPIN_WINDOW. */
  readonly down: TunnelDatagram | undefined;
}

export type NatObservation = NatUp | NatDown | NatUndelivered | NatHairpin;

const NO_HAIRPINS: NatHairpin[] = [];
/** What a missing list reads as, without allocating one per lookup. */
const NONE: readonly Binding[] = [];

/** How long after a hairpinned up datagram its down copy may come. */
export const HAIRPIN_WINDOW = 1;

/** Minimum mapping lifetimes the RFCs allow (catalogue NAT-006): a binding used within it is in use. */
export const LIFETIME: Readonly<Record<number, number>> = { [PROTO_UDP]: 120, [PROTO_TCP]: 240, [PROTO_ICMP]: 60 };
/** RFC 6888 REQ-8: a released external port is not reallocated for 120 s. */
export const REUSE = 120;
const REMOTES = 8;
const FRAMES = 4;

/** NAT bindings held at once by default. */
export const MAX_BINDINGS = DEFAULT_TABLES.maxBindings;

export interface NatTableOptions {
  /** Bindings held at once; past it the least recently used is forgotten (counted). */
  readonly maxBindings: number;
  /** The configured per-subscriber port quota (--port-quota), if any. */
  readonly quota?: number;
}

/** An up datagram the AFTR did not forward: whether its internal endpoint had a binding, and how many its B4 had in use. */
export interface NatUnmapped {
  readonly datagram: TunnelDatagram;
  readonly known: boolean;
  readonly inUse: number;
}

export interface NatTable {
  up(t: TunnelDatagram, o: Ip4Datagram): NatUp | undefined;
  down(t: TunnelDatagram, o: Ip4Datagram): NatDown | undefined;
  /** An unpaired Internet-side datagram (inside both captures): whose binding it was for, if any. */
  undelivered(o: Ip4Datagram): NatUndelivered | undefined;
  /**
   * Every tunnel datagram (two-point mode): an up one sent to a binding's external endpoint waits
   * for its down copy; returns the hairpins concluded (matched, or waited too long).
   */
  tunnel(d: TunnelDatagram): NatHairpin[];
  /** Hairpins still waiting at the end: never delivered. */
  finishHairpins(): NatHairpin[];
  /** An up tunnel datagram with no Internet counterpart: had its endpoint a binding, how many its B4 had in use. */
  unmapped(d: TunnelDatagram): NatUnmapped;
  /** Bindings still held, least recently used first. */
  all(): Binding[];
  readonly stats: { bindings: number; evicted: number; unowned: number; unkeyed: number };
}

const lifetime = (protocol: number): number => LIFETIME[protocol] ?? 120;
const inUse = (b: Binding, now: number): boolean => now - b.lastSeen <= lifetime(b.protocol);
/** The NAT-mapped port of a datagram's source or destination: the TCP/UDP port or the ICMP query identifier. */
const portOf = (d: Ip4Datagram, end: 'src' | 'dst'): number =>
  d.protocol === PROTO_ICMP ? d.icmpId : end === 'src' ? d.srcPort : d.dstPort;
/**
 * `list` with `v` added while it holds fewer than `max`: a new array of exactly that length. A
 * binding's lists stay short, and a push would give each a 17-slot store (V8 grows an array
 * by half plus 16): with tens of thousands of bindings held, their lists were most of the
 * two-point check's heap.
 */
const added = (list: readonly number[], max: number, ...v: number[]): readonly number[] =>
  list.length < max ? list.concat(v) : list;
/** What a binding's lists start as: one shared empty array. */
const EMPTY_LIST: readonly number[] = Object.freeze([]);

/** The protocol as bindings tell endpoints apart: TCP, UDP and ICMP each their own, others by their low two bits. */
const protocolCode = (protocol: number): number =>
  protocol === PROTO_TCP ? 0 : protocol === PROTO_UDP ? 1 : protocol === PROTO_ICMP ? 2 : 3 + (protocol & 3);

/**
 * An endpoint (address, protocol, port) mixed into 30 bits: a small integer, which a Map looks
 * up without a heap number (the exact 51-bit number took a third of the time of each up
 * datagram's bookkeeping). The bindings under one key are told apart by their fields
 * (`isInternal`, `isExternal`): two endpoints that mix alike only share a list.
 */
export function endpointKey(addr: number, protocol: number, port: number): number {
  // Address and port each mixed over all 32 bits before they meet: xor-ing the raw port into
  // the mixed address let two addresses whose mixes differ only in low bits collide on most
  // of their ports.
  let a = Math.imul(addr ^ 0x9e3779b9, 0x85ebca6b);
  a ^= a >>> 13;
  let p = Math.imul((port * 8 + protocolCode(protocol)) ^ 0x7f4a7c15, 0xc2b2ae35);
  p ^= p >>> 16;
  p = Math.imul(p, 0x27d4eb2d);
  let h = Math.imul(a ^ p, 0x165667b1);
  h ^= h >>> 15;
  return h & 0x3fffffff;
}
const isInternal = (b: Binding, addr: number, protocol: number, port: number): boolean =>
  b.internal === addr && b.internalPort === port && protocolCode(b.protocol) === protocolCode(protocol);
const isExternal = (b: Binding, addr: number, protocol: number, port: number): boolean =>
  b.external === addr && b.externalPort === port && protocolCode(b.protocol) === protocolCode(protocol);

/** Takes `b` off the list under `k` (and the list off the map when it empties). */
function removeFrom<K>(m: Map<K, Binding[]>, k: K, b: Binding): void {
  const l = m.get(k);
  if (!l) return;
  const i = l.indexOf(b);
  if (i >= 0) l.splice(i, 1);
  if (!l.length) m.delete(k);
}

function hasRemote(b: Binding, remote: number, remotePort: number): boolean {
  const r = b.remotes;
  for (let i = 0; i < r.length; i += 2) if (r[i] === remote && r[i + 1] === remotePort) return true;
  return false;
}

/** Notes a remote endpoint a binding was used toward (the first REMOTES kept, all counted). */
function rememberRemote(b: Binding, remote: number, remotePort: number): void {
  if (hasRemote(b, remote, remotePort)) return;
  b.remoteCount++;
  b.remotes = added(b.remotes, 2 * REMOTES, remote, remotePort);
}

/** What a new binding says of the internal endpoint's previous one, still in use (at most one is set). */
interface PreviousBinding {
  readonly sameKeyOther?: Binding;
  readonly expiredEarly?: Binding;
  readonly afterIcmpError?: Binding;
  readonly releasedAfterReset?: Binding;
}

/** No previous binding: one shared object, not one per datagram. */
const NO_PREVIOUS: PreviousBinding = Object.freeze({});

/** Why an internal endpoint whose binding `previous` is still in use got another toward `remote`. */
function whyAnother(previous: Binding | undefined, now: number, remote: number, remotePort: number): PreviousBinding {
  if (!previous) return NO_PREVIOUS;
  if (previous.lastError >= 0 && previous.lastError <= now && now - previous.lastError <= lifetime(previous.protocol))
    return { afterIcmpError: previous };
  if (hasRemote(previous, remote, remotePort)) return { expiredEarly: previous };
  // Its connection was reset and nothing crossed since: the NAT let the mapping go with it.
  if (previous.lastReset >= 0 && previous.lastReset >= previous.lastSeen) return { releasedAfterReset: previous };
  return { sameKeyOther: previous };
}

/** A binding first seen on the pair of up datagram `t` (tunnel) and `n` (Internet side). */
function newBinding(id: number, t: TunnelDatagram, n: Ip4Datagram, port: number, extPort: number): Binding {
  return {
    id,
    b4: t.softwire.b4,
    protocol: t.protocol,
    internal: t.src,
    internalPort: port,
    external: n.src,
    externalPort: extPort,
    firstSeen: n.time,
    lastSeen: n.time,
    lastUp: n.time,
    up: 0,
    down: 0,
    tunnelFrames: EMPTY_LIST,
    internetFrames: EMPTY_LIST,
    remotes: EMPTY_LIST,
    remoteCount: 0,
    ownReplies: 0,
    otherReplies: undefined,
    lastError: -1,
    lastReset: -1,
    used: 0,
  };
}

export function createNatTable(o: NatTableOptions): NatTable {
  let nextId = 0;
  /** B4 → internal endpoint key → its bindings (most recent last, a few). Numbers, not strings: one lookup per pair. */
  const byKey = new Map<Ip6Key, Map<number, Binding[]>>();
  /** External endpoint → its owners (most recent last, a few). */
  const byExternal = new Map<number, Binding[]>();
  /** B4 → its external addresses, each with the binding that used it last (a B4 has one or two: a list). */
  const byB4 = new Map<Ip6Key, { addr: number; b: Binding }[]>();
  // Least recently used first. A use only stamps the binding (`used`): keeping an order on
  // every datagram (a map write and a ring push per use) was a tenth of the two-point run. The
  // order is made when an eviction needs it: the bindings sorted by stamp, taken from the front;
  // one used since the sort is skipped there (it is newer than every binding left in the
  // snapshot), and the snapshot is made again when it runs out. By creation order, a binding in
  // use since the capture began went first, and its replies then looked unowned.
  const heldById = new Map<number, Binding>();
  let uses = 0;
  const touch = (b: Binding): void => {
    b.used = ++uses;
  };
  const byUse = (a: Binding, b: Binding): number => a.used - b.used;
  let snapshot: { b: Binding; used: number }[] = [];
  let snapshotAt = 0;
  /** External addresses seen in bindings: an up datagram to one of them is hairpinned. */
  const externalAddresses = new Set<number>();
  const hairpins: { up: TunnelDatagram; owner: Binding; sender: Binding | undefined }[] = [];
  const stats = { bindings: 0, evicted: 0, unowned: 0, unkeyed: 0 };
  const keysOf = (b4: Ip6Key): Map<number, Binding[]> => {
    let m = byKey.get(b4);
    if (!m) byKey.set(b4, (m = new Map()));
    return m;
  };

  /** The least recently used binding held (see `touch`). */
  const oldest = (): Binding | undefined => {
    for (;;) {
      while (snapshotAt < snapshot.length) {
        const x = snapshot[snapshotAt++]!;
        if (x.b.used === x.used && heldById.get(x.b.id) === x.b) return x.b;
      }
      if (!heldById.size) return undefined;
      snapshot = [...heldById.values()].sort(byUse).map((b) => ({ b, used: b.used }));
      snapshotAt = 0;
    }
  };
  const evictOldest = (): void => {
    const b = oldest();
    if (!b) return;
    heldById.delete(b.id);
    const keys = byKey.get(b.b4);
    if (keys) {
      removeFrom(keys, endpointKey(b.internal, b.protocol, b.internalPort), b);
      if (!keys.size) byKey.delete(b.b4);
    }
    removeFrom(byExternal, endpointKey(b.external, b.protocol, b.externalPort), b);
    const addrs = byB4.get(b.b4);
    const at = addrs ? addrs.findIndex((x) => x.b === b) : -1;
    if (at >= 0) addrs!.splice(at, 1);
    stats.evicted++;
  };
  /** Who holds an external endpoint at `now`: the most recent binding in use (a reply answers its latest traffic). */
  const ownerOf = (addr: number, protocol: number, port: number, now: number): Binding | undefined => {
    let owner: Binding | undefined;
    for (const b of byExternal.get(endpointKey(addr, protocol, port)) ?? NONE)
      if (isExternal(b, addr, protocol, port) && inUse(b, now) && (!owner || b.lastSeen >= owner.lastSeen)) owner = b;
    return owner;
  };
  /** The most recent binding of a B4's internal endpoint, if any. */
  const latestOf = (b4: Ip6Key, addr: number, protocol: number, port: number): Binding | undefined => {
    const list = byKey.get(b4)?.get(endpointKey(addr, protocol, port)) ?? NONE;
    for (let i = list.length - 1; i >= 0; i--) if (isInternal(list[i]!, addr, protocol, port)) return list[i];
    return undefined;
  };
  /** A B4's bindings in use at `now` (its external ports: the quota's measure). */
  const inUseOf = (b4: Ip6Key, now: number): number => {
    let n = 0;
    for (const list of byKey.get(b4)?.values() ?? []) for (const b of list) if (inUse(b, now)) n++;
    return n;
  };

  return {
    up(t, n) {
      const port = portOf(t, 'src');
      const extPort = portOf(n, 'src');
      if (port < 0 || extPort < 0) {
        stats.unkeyed++;
        return undefined;
      }
      const now = n.time;
      const b4 = t.softwire.b4;
      const keys = keysOf(b4);
      const k = endpointKey(t.src, t.protocol, port);
      const e = endpointKey(n.src, n.protocol, extPort);
      const remotePort = portOf(n, 'dst');
      const mine = keys.get(k) ?? NONE;
      let binding: Binding | undefined;
      let lastInUse: Binding | undefined;
      for (const b of mine) {
        if (!isInternal(b, t.src, t.protocol, port)) continue;
        if (!binding && b.external === n.src && b.externalPort === extPort) binding = b;
        if (inUse(b, now)) lastInUse = b;
      }
      const created = binding === undefined;
      let why = NO_PREVIOUS;
      let reusedFrom: Binding | undefined;
      let otherAddress: Binding | undefined;
      if (!binding) {
        why = whyAnother(lastInUse, now, n.dst, remotePort);
        // A previous owner whose use ended before this binding began, less than REUSE seconds ago (if
        // it is used again later, the two overlap: that is port overloading, NAT-003).
        for (const prev of byExternal.get(e) ?? NONE)
          if (isExternal(prev, n.src, n.protocol, extPort) && prev.lastSeen < now && now - prev.lastSeen < REUSE)
            reusedFrom = prev;
        binding = newBinding(nextId++, t, n, port, extPort);
        // A one-binding list is made at its length (see `added`); a second owner is rare.
        if (mine === NONE) keys.set(k, [binding]);
        else keys.get(k)!.push(binding);
        const owners = byExternal.get(e);
        if (owners) owners.push(binding);
        else byExternal.set(e, [binding]);
        heldById.set(binding.id, binding);
        externalAddresses.add(n.src);
        stats.bindings++;
      }
      touch(binding);
      if (heldById.size > o.maxBindings) evictOldest();
      // Another external address of this B4 in use now (paired pooling, RFC 6888 REQ-2).
      let addrs = byB4.get(b4);
      if (!addrs) byB4.set(b4, (addrs = []));
      let mineAt = -1;
      for (let i = 0; i < addrs.length; i++) {
        const x = addrs[i]!;
        if (x.addr === n.src) mineAt = i;
        else if (inUse(x.b, now)) otherAddress = x.b;
      }
      if (mineAt >= 0) addrs[mineAt]!.b = binding;
      else addrs.push({ addr: n.src, b: binding });
      // Another internal endpoint on this external endpoint whose use overlaps this one's.
      let sharedWith: Binding | undefined;
      for (const other of byExternal.get(e) ?? NONE)
        if (
          other !== binding &&
          isExternal(other, n.src, n.protocol, extPort) &&
          other.lastSeen >= binding.firstSeen &&
          binding.lastSeen >= other.firstSeen
        )
          sharedWith = other;
      const newRemote = !created && !hasRemote(binding, n.dst, remotePort);
      const used = created && o.quota !== undefined ? inUseOf(b4, now) : 0;
      const overQuota = o.quota !== undefined && used > o.quota ? used : undefined;
      rememberRemote(binding, n.dst, remotePort);
      binding.lastSeen = now;
      binding.lastUp = now;
      binding.up++;
      if (t.tcpFlags >= 0 && (t.tcpFlags & TCP_RST) !== 0) binding.lastReset = now;
      binding.tunnelFrames = added(binding.tunnelFrames, FRAMES, t.frames[0]!);
      binding.internetFrames = added(binding.internetFrames, FRAMES, n.frames[0]!);
      const sameRemote = sharedWith !== undefined && hasRemote(sharedWith, n.dst, remotePort);
      return {
        kind: 'up',
        binding,
        created,
        sameKeyOther: why.sameKeyOther,
        releasedAfterReset: why.releasedAfterReset,
        expiredEarly: why.expiredEarly,
        afterIcmpError: why.afterIcmpError,
        sharedWith,
        sameRemote,
        reusedFrom,
        otherAddress,
        newRemote,
        overQuota,
      };
    },
    down(t, n) {
      // An ICMP error belongs to the binding of the datagram it quotes: the outbound one, whose source is the external endpoint.
      const q = n.icmp?.quoted;
      const error = q !== undefined;
      const extAddr = q ? q.src : n.dst;
      const protocol = q ? q.protocol : n.protocol;
      const extPort = q ? q.srcPort : portOf(n, 'dst');
      const tq = t.icmp?.quoted;
      const internal = error ? (tq?.src ?? -1) : t.dst;
      const internalPort = error ? (tq?.srcPort ?? -1) : portOf(t, 'dst');
      if (extPort < 0) {
        stats.unkeyed++;
        return undefined;
      }
      const owner = ownerOf(extAddr, protocol, extPort, n.time);
      if (owner) {
        if (error) owner.lastError = n.time;
        owner.down++;
        touch(owner);
        owner.lastSeen = Math.max(owner.lastSeen, n.time);
        if (!error && n.tcpFlags >= 0 && (n.tcpFlags & TCP_RST) !== 0)
          owner.lastReset = Math.max(owner.lastReset, n.time);
        const to = t.softwire.b4;
        if (to === owner.b4) owner.ownReplies++;
        else (owner.otherReplies ??= new Map()).set(to, (owner.otherReplies.get(to) ?? 0) + 1);
      } else stats.unowned++;
      const contacted = owner !== undefined && hasRemote(owner, n.src, portOf(n, 'src'));
      return { kind: 'down', owner, b4: t.softwire.b4, internal, internalPort, error, contacted };
    },
    tunnel(d) {
      // Called for every tunnel datagram: nothing allocated unless a hairpin is concluded.
      let out: NatHairpin[] = NO_HAIRPINS;
      const conclude = (h: NatHairpin): void => {
        if (out === NO_HAIRPINS) out = [];
        out.push(h);
      };
      // Conclude hairpins that waited longer than the window (oldest first).
      while (hairpins.length && d.time - hairpins[0]!.up.time > HAIRPIN_WINDOW) {
        const h = hairpins.shift()!;
        conclude({ kind: 'hairpin', up: h.up, owner: h.owner, sender: h.sender, down: undefined });
      }
      if (d.dir === 'up') {
        if (!externalAddresses.has(d.dst)) return out;
        const port = portOf(d, 'dst');
        const owner = ownerOf(d.dst, d.protocol, port, d.time);
        if (!owner) return out;
        const sender = latestOf(d.softwire.b4, d.src, d.protocol, portOf(d, 'src'));
        if (hairpins.length < 1024) hairpins.push({ up: d, owner, sender });
        return out;
      }
      if (!hairpins.length || d.digest === undefined) return out;
      const i = hairpins.findIndex((h) => h.up.digest === d.digest && h.up.protocol === d.protocol);
      if (i >= 0) {
        const h = hairpins.splice(i, 1)[0]!;
        conclude({ kind: 'hairpin', up: h.up, owner: h.owner, sender: h.sender, down: d });
      }
      return out;
    },
    unmapped(d) {
      const port = portOf(d, 'src');
      const known =
        port >= 0 &&
        (byKey.get(d.softwire.b4)?.get(endpointKey(d.src, d.protocol, port)) ?? NONE).some(
          (b) => isInternal(b, d.src, d.protocol, port) && inUse(b, d.time),
        );
      return { datagram: d, known, inUse: inUseOf(d.softwire.b4, d.time) };
    },
    finishHairpins() {
      const out = hairpins.map((h): NatHairpin => ({
        kind: 'hairpin',
        up: h.up,
        owner: h.owner,
        sender: h.sender,
        down: undefined,
      }));
      hairpins.length = 0;
      return out;
    },
    undelivered(n) {
      const extPort = portOf(n, 'dst');
      if (extPort < 0 || n.icmp) return undefined;
      const owner = ownerOf(n.dst, n.protocol, extPort, n.time);
      if (!owner) return undefined;
      return { kind: 'undelivered', owner, datagram: n, contacted: hasRemote(owner, n.src, portOf(n, 'src')) };
    },
    all: () => [...heldById.values()].sort(byUse),
    stats,
  };
}
