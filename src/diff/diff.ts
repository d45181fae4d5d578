import { displayFilter } from '../model/words.js';
import { type CaptureSource, sourceName } from '../capture/open.js';
import { readMerged } from '../capture/merge.js';
import { ip6ToString, parseIp6, type Ip6Key } from '../codec/addr.js';
import { ConfigError } from '../config/error.js';
import { VERSION } from '../version.js';
import { compareUnits, DEFAULT_WINDOW, identityText, softwireText } from './compare.js';
import { createMatcher, type DiffSide } from './match.js';
import {
  type DiffEntry,
  type DiffField,
  type DiffInput,
  type DiffReport,
  IGNORABLE,
  type IgnorableField,
} from '../model/diff.js';
import { createUnitReader, type DiffUnit, type Orphan, type UnitReader } from './units.js';

export interface DiffOptions {
  /** Datagrams the other capture may move on before a waiting one is declared missing or unexpected. */
  readonly window?: number;
  readonly ignore?: readonly IgnorableField[];
  /** AFTR addresses, when the softwires' direction cannot be inferred. */
  readonly aftrs?: readonly string[];
  /** Entries listed in the report; the rest are counted. */
  readonly maxListed?: number;
  readonly names?: readonly [string, string];
}

export { DEFAULT_WINDOW } from './compare.js';

/**
 * Compares a tunnel capture with the one expected of it (typically `encap` output for the
 * same IPv4 input): pairs their inner datagrams by identity in any order within the window,
 * and reports what is missing, unexpected or carried differently. Streams both captures
 * side by side, paced by datagrams, so memory is bounded by the window, not the captures.
 */
/** One difference, with the Wireshark filter for its frames in each capture. */
function entryOf(
  kind: DiffEntry['kind'],
  datagram: string,
  softwire: string,
  expectedFrames: readonly number[],
  actualFrames: readonly number[],
  fields: DiffEntry['fields'],
): DiffEntry {
  return {
    kind,
    datagram,
    softwire,
    expectedFrames,
    expectedFilter: displayFilter(expectedFrames),
    actualFrames,
    actualFilter: displayFilter(actualFrames),
    fields,
  };
}

export async function diffCaptures(
  expectedPath: CaptureSource,
  actualPath: CaptureSource,
  opts: DiffOptions = {},
): Promise<DiffReport> {
  const window = opts.window ?? DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 1)
    throw new ConfigError(`window ${window}: give a positive number of datagrams`);
  const ignore = new Set(opts.ignore ?? []);
  for (const f of ignore)
    if (!(IGNORABLE as readonly string[]).includes(f))
      throw new ConfigError(`--ignore ${f}: one of ${IGNORABLE.join(', ')}`);
  const aftrs = new Set<Ip6Key>();
  for (const a of opts.aftrs ?? []) {
    const k = parseIp6(a);
    if (!k) throw new ConfigError(`--aftr ${a}: not an IPv6 address`);
    aftrs.add(k);
  }
  const maxListed = opts.maxListed ?? 1000;
  const warnings: string[] = [];
  const names = opts.names ?? [sourceName(expectedPath), sourceName(actualPath)];
  const entries: DiffEntry[] = [];
  const counts = { matched: 0, identical: 0, changed: 0, missing: 0, unexpected: 0 };
  const byField: Partial<Record<DiffField, number>> = {};
  const list = (e: DiffEntry): void => {
    if (entries.length < maxListed) entries.push(e);
  };

  const matcher = createMatcher({
    window,
    onPair(e, a) {
      counts.matched++;
      const fields = compareUnits(e, a, ignore);
      if (!fields.length) {
        counts.identical++;
        return;
      }
      counts.changed++;
      for (const f of new Set(fields.map((x) => x.field))) byField[f] = (byField[f] ?? 0) + 1;
      list(entryOf('changed', identityText(e), softwireText(e), e.frames, a.frames, fields));
    },
    onUnmatched(side, u) {
      const missing = side === 0;
      const note = u.gap
        ? [{ field: 'incomplete' as const, text: `its ${u.gap.layer} fragments never completed` }]
        : [];
      const entry = entryOf(
        missing ? 'missing' : 'unexpected',
        identityText(u),
        softwireText(u),
        missing ? u.frames : [],
        missing ? [] : u.frames,
        note,
      );
      if (missing) {
        counts.missing++;
        list(entry);
      } else defer(u.outerSrc, u.outerDst, entry);
    },
  });
  const orphan =
    (side: DiffSide) =>
    (o: Orphan): void => {
      const text =
        o.layer === 'outer'
          ? 'outer fragments whose first fragment never came (the datagram cannot be named)'
          : 'inner IPv4 fragments whose first fragment never came';
      const entry = entryOf(
        side === 0 ? 'missing' : 'unexpected',
        text,
        `${ip6ToString(o.outerSrc)} → ${ip6ToString(o.outerDst)}`,
        side === 0 ? o.frames : [],
        side === 0 ? [] : o.frames,
        [],
      );
      if (side === 0) {
        counts.missing++;
        list(entry);
      } else defer(o.outerSrc, o.outerDst, entry);
    };

  // The expected capture says which ways of which softwires are compared: a B4's tunnel
  // capture also holds what the AFTR sent it, which encap output of its LAN never does.
  // Datagrams of the actual capture in a way the expected one never carried are counted,
  // not reported; the others are unexpected. Decided at the end, per way.
  const expectedWays = new Map<Ip6Key, Set<Ip6Key>>();
  let lastSrc: Ip6Key | undefined;
  let lastDst: Ip6Key | undefined;
  const noteWay = (u: DiffUnit): void => {
    if (u.outerSrc === lastSrc && u.outerDst === lastDst) return;
    lastSrc = u.outerSrc;
    lastDst = u.outerDst;
    const set = expectedWays.get(u.outerSrc);
    if (set) set.add(u.outerDst);
    else expectedWays.set(u.outerSrc, new Set([u.outerDst]));
  };
  const deferred = new Map<string, { count: number; entries: DiffEntry[] }>();
  let deferredListed = 0;
  function defer(src: Ip6Key, dst: Ip6Key, entry: DiffEntry): void {
    const way = `${src}${dst}`;
    let d = deferred.get(way);
    if (!d) deferred.set(way, (d = { count: 0, entries: [] }));
    d.count++;
    if (deferredListed < maxListed) {
      d.entries.push(entry);
      deferredListed++;
    }
  }
  let outOfScope = 0;
  const settleDeferred = (): void => {
    for (const [way, d] of [...deferred].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const src = way.slice(0, 16) as Ip6Key;
      const dst = way.slice(16) as Ip6Key;
      if (!expectedWays.get(src)?.has(dst)) {
        outOfScope += d.count;
        continue;
      }
      counts.unexpected += d.count;
      for (const e of d.entries) list(e);
    }
  };
  const readers: UnitReader[] = ([0, 1] as const).map((side) =>
    createUnitReader(
      side,
      names[side],
      aftrs,
      side === 0
        ? (u: DiffUnit) => {
            noteWay(u);
            matcher.add(0, u);
          }
        : (u: DiffUnit) => matcher.add(1, u),
      orphan(side),
    ),
  );
  const finished = [false, false];
  const finish = (side: DiffSide): void => {
    if (finished[side]) return;
    finished[side] = true;
    readers[side]!.finish();
    matcher.ended(side);
  };
  const result = await readMerged(
    [{ path: expectedPath }, { path: actualPath }],
    {
      onRecord: (rec) => readers[rec.input]!.onRecord(rec),
      onInterface: (i, iface) => readers[i]!.onInterface(iface),
      onNotice: (i, n) => readers[i]!.onNotice(n),
      onStats: (i, s) => readers[i]!.onStats(s),
      onInputEnd: (i) => finish(i as DiffSide),
    },
    (i) => matcher.progress(i as DiffSide),
  );
  finish(0);
  finish(1);
  matcher.finish();
  settleDeferred();
  if (outOfScope)
    warnings.push(
      `${outOfScope} datagrams of the actual capture travel softwire ways the expected capture never carries (the other direction, other softwires): not compared`,
    );

  const describe = (side: DiffSide): DiffInput => {
    const r = readers[side]!;
    const c = r.tunnel.counters;
    if (c.incomplete) warnings.push(`${names[side]}: the capture file ends early; compared what was read`);
    if (c.frames > 0 && r.produced() === 0)
      warnings.push(`${names[side]}: no IPv4-in-IPv6 softwire datagram in ${c.frames} frames`);
    return {
      file: names[side],
      format: result.inputs[side]!.format,
      frames: c.frames,
      softwireFrames: r.softwireFrames(),
      datagrams: r.produced(),
      incomplete: c.incomplete,
    };
  };
  const expected = describe(0);
  const actual = describe(1);
  const first = (f: readonly number[]): number => f[0] ?? Number.MAX_SAFE_INTEGER;
  entries.sort(
    (a, b) => first(a.expectedFrames) - first(b.expectedFrames) || first(a.actualFrames) - first(b.actualFrames),
  );
  const different = counts.changed + counts.missing + counts.unexpected;
  return {
    tool: 'dslite-check diff',
    version: VERSION,
    expected,
    actual,
    options: { window, ignore: [...ignore].sort() },
    summary: {
      verdict: different ? 'different' : 'equivalent',
      ...counts,
      reordered: matcher.reordered(),
      outOfScope,
      byField: Object.fromEntries(Object.entries(byField).sort(([a], [b]) => a.localeCompare(b))),
      listed: entries.length,
      peakWaiting: matcher.peakWaiting(),
    },
    differences: entries,
    warnings,
  };
}
