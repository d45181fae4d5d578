import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { protocolName } from '../codec/ipv4.js';
import type { DiffUnit, Gap, OuterPacket } from './units.js';
import type { DiffField, IgnorableField } from '../model/diff.js';

/** Datagrams either capture may run ahead before one without a counterpart is reported. */
export const DEFAULT_WINDOW = 4096;

export interface FieldDifference {
  readonly field: DiffField;
  readonly text: string;
}

const hex = (v: number, width: number): string => `0x${v.toString(16).padStart(width, '0')}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "192.168.1.10:40000 → 198.51.100.80:5001 udp, ID 4": the datagram in words. */
export function identityText(u: DiffUnit): string {
  const port = (p: number): string => (p >= 0 ? `:${p}` : '');
  const proto = protocolName(u.protocol);
  const size = u.totalLength >= 0 ? `, ${u.totalLength} bytes` : '';
  return `${ip4ToString(u.src)}${port(u.srcPort)} → ${ip4ToString(u.dst)}${port(u.dstPort)} ${proto}, ID ${u.id}${size}`;
}

export const softwireText = (u: DiffUnit): string => `${ip6ToString(u.outerSrc)} → ${ip6ToString(u.outerDst)}`;

/** How the tunnel carried the datagram, in words ("1 packet in 2 outer fragments"). */
export function carriageText(u: DiffUnit): string {
  if (u.innerPieces) {
    const outerFragmented = u.outer.some((o) => o.fragmented);
    return `inner IPv4 fragmented into ${plural(u.innerPieces.length, 'piece')}${outerFragmented ? ` (in ${plural(u.outer.length, 'outer packet')})` : ''}`;
  }
  if (u.outer.length > 1 || u.outer[0]?.fragmented)
    return `1 outer-fragmented packet (${plural(u.outer.length, 'outer fragment')})`;
  return '1 whole tunnel packet';
}

type Shape = 'whole' | 'outer' | 'inner';
const shapeOf = (u: DiffUnit): Shape =>
  u.innerPieces ? 'inner' : u.outer.length > 1 || u.outer[0]?.fragmented ? 'outer' : 'whole';

/** Outer fragments in offset order (arrival order is free); a single packet as it is. */
const byOffset = (u: DiffUnit): readonly OuterPacket[] =>
  u.outer.length < 2 ? u.outer : [...u.outer].sort((a, b) => a.offset - b.offset);

/** The first value of an outer header field that differs from the expected one, with where. */
function outerField(
  e: DiffUnit,
  ordered: readonly OuterPacket[],
  get: (o: OuterPacket) => number,
  say: (v: number) => string,
  name: string,
): string | undefined {
  const want = e.outer[0] ? get(e.outer[0]) : undefined;
  if (want === undefined) return undefined;
  const i = ordered.findIndex((o) => get(o) !== want);
  if (i < 0) return undefined;
  const where = ordered.length > 1 ? `outer ${ordered[i]!.fragmented ? 'fragment' : 'packet'} ${i + 1}: ` : '';
  return `${where}${name} ${say(get(ordered[i]!))}, expected ${say(want)}`;
}

const range = (from: number, to: number): string => `${from}–${to - 1}`;

/** "bytes 1232–2463 of 2720 never came (received 0–1231, 2464–2719)": what a gap lacks and holds. */
function gapText(g: Gap): string {
  const got: [number, number][] = [];
  for (const [off, len] of g.received) {
    const last = got[got.length - 1];
    if (last && off <= last[1]) last[1] = Math.max(last[1], off + len);
    else got.push([off, off + len]);
  }
  const holes: string[] = [];
  let at = 0;
  for (const [from, to] of got) {
    if (from > at) holes.push(range(at, from));
    at = Math.max(at, to);
  }
  const tail = g.total === undefined ? ['the last fragment'] : at < g.total ? [range(at, g.total)] : [];
  const lacking = [...holes, ...tail];
  const of = g.total !== undefined ? ` of ${g.total}` : '';
  const missingText = lacking.length
    ? `${lacking[0] === 'the last fragment' ? '' : 'bytes '}${lacking.join(', ')}${of} never came`
    : 'never completed';
  return `${missingText} (received ${got.map(([f, t]) => range(f, t)).join(', ') || 'nothing'})`;
}

const telText = (v: number): string => (v < 0 ? 'none' : String(v));
const firstPacket = (u: DiffUnit): OuterPacket | undefined => u.outer.find((o) => o.offset === 0);

/**
 * The differences between the expected and the actual carriage of one datagram, in plain
 * words, skipping `ignore`d fields. Empty when the device did what the reference did.
 */
export function compareUnits(e: DiffUnit, a: DiffUnit, ignore: ReadonlySet<IgnorableField>): FieldDifference[] {
  const out: FieldDifference[] = [];
  const add = (field: DiffField, text: string | undefined): void => {
    if (text !== undefined && !(ignore as ReadonlySet<string>).has(field)) out.push({ field, text });
  };
  if (a.gap) {
    const missing = a.gap.layer === 'outer' ? 'outer fragment set' : 'inner IPv4 fragment group';
    add('incomplete', `${missing} never completed: ${gapText(a.gap)}, expected ${carriageText(e)}`);
  }
  if (e.gap) add('incomplete', `the expected capture's ${e.gap.layer} fragments never completed`);
  if (e.outerSrc !== a.outerSrc || e.outerDst !== a.outerDst)
    add('softwire', `carried ${softwireText(a)}, expected ${softwireText(e)}`);

  if (!a.gap && !e.gap) {
    const se = shapeOf(e);
    const sa = shapeOf(a);
    if (se !== sa) {
      const text =
        sa === 'inner' || se === 'inner'
          ? `${carriageText(a)}, expected ${carriageText(e)}`
          : sa === 'whole'
            ? `sent as 1 whole tunnel packet, expected ${carriageText(e)}`
            : `sent as ${carriageText(a)}, expected 1 whole tunnel packet`;
      add('carriage', text);
    } else if (se === 'inner') {
      const pe = e.innerPieces!;
      const pa = a.innerPieces!;
      if (pe.length !== pa.length)
        add('carriage', `inner IPv4 fragmented into ${plural(pa.length, 'piece')}, expected ${pe.length}`);
      else
        pa.forEach(([off, len], i) => {
          const [eo, el] = pe[i]!;
          if (off !== eo || len !== el)
            add(
              'fragment-size',
              `inner fragment ${i + 1} carries ${len} bytes at offset ${off}, expected ${el} at ${eo}`,
            );
        });
    }
    if (se === 'outer' && sa === 'outer') {
      const oe = byOffset(e);
      const oa = byOffset(a);
      if (oe.length !== oa.length)
        add(
          'fragment-size',
          `${plural(oa.length, 'outer fragment')}, expected ${oe.length} (${oa.map((o) => o.dataLength).join(' + ')} bytes of payload, expected ${oe.map((o) => o.dataLength).join(' + ')})`,
        );
      else
        oa.forEach((o, i) => {
          const x = oe[i]!;
          if (o.dataLength !== x.dataLength || o.offset !== x.offset)
            add(
              'fragment-size',
              `outer fragment ${i + 1} carries ${o.dataLength} bytes of payload at offset ${o.offset}, expected ${x.dataLength} at ${x.offset}`,
            );
        });
    }
    if (e.totalLength !== a.totalLength)
      add('length', `inner total length ${a.totalLength}, expected ${e.totalLength}`);
    else if (e.hash !== undefined && a.hash !== undefined && e.hash !== a.hash)
      add('data', 'inner data differs from the expected bytes (same length)');
  }

  const actualOuter = byOffset(a);
  add(
    'hop-limit',
    outerField(e, actualOuter, (o) => o.hopLimit, String, 'hop limit'),
  );
  add(
    'traffic-class',
    outerField(
      e,
      actualOuter,
      (o) => o.trafficClass,
      (v) => hex(v, 2),
      'traffic class',
    ),
  );
  // The option sits in the fragmentable part (RFC 2473 §5.1 after RFC 8200 §4.5): only the first fragment shows it.
  const te = firstPacket(e)?.tel;
  const ta = firstPacket(a)?.tel;
  if (te !== undefined && ta !== undefined && te !== ta)
    add('tel', `Tunnel Encapsulation Limit ${telText(ta)}, expected ${telText(te)}`);
  if (e.ttl >= 0 && a.ttl >= 0 && e.ttl !== a.ttl) add('ttl', `inner TTL ${a.ttl}, expected ${e.ttl}`);
  if (e.tos >= 0 && a.tos >= 0 && e.tos !== a.tos) add('tos', `inner TOS ${hex(a.tos, 2)}, expected ${hex(e.tos, 2)}`);
  if (e.df !== a.df) add('df', `inner DF ${a.df ? 1 : 0}, expected ${e.df ? 1 : 0}`);
  if (a.checksumOk === false && e.checksumOk !== false) add('checksum', 'inner IPv4 header checksum wrong');
  return out;
}
