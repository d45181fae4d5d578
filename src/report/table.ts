import { fileName, type FrameGroup, frameGroups } from './frame-groups.js';
import { verdictText } from './verdict.js';
import { DEFAULT_WIDTH, textTable, wrapText } from './text-table.js';
import type { CorrelationSummary, Finding, NatSummary, Report } from '../model/report.js';
import { linkMtuText } from './link-mtu-text.js';
import { agree, frameList } from '../model/words.js';
import { bytes, valueCounts } from './text.js';

export interface TableOptions {
  /** Rows of the largest-flows table. */
  readonly flows?: number;
  readonly color?: boolean;
  /** No line is wider (text-table.ts: the terminal's, COLUMNS or 120). */
  readonly width?: number;
}

type Tabulate = (head: string[], rows: (string | number)[][]) => string;

/** ICMP flows are keyed by the echo identifier, not ports. */
const endpoint = (proto: string, addr: string, port: number): string =>
  proto === 'icmp' ? `${addr} id ${port}` : `${addr}:${port}`;

const paint = (on: boolean, code: number, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const SEVERITY_COLOUR = { error: 31, warning: 33, info: 36 } as const;

/** Frames per capture: with several inputs each list says which capture it is (by role when that tells them apart); a sequence's frames by file. */
function frameCell(r: Report, f: Finding): string {
  const groups = frameGroups(f);
  const list = (g: FrameGroup): string => `${g.file ? `${fileName(g.file)} ` : ''}${frameList(g.frames)}`;
  if (r.inputs.length === 1 && !f.related?.length) return groups.map(list).join('\n');
  const byRole = new Set(r.inputs.map((i) => i.role)).size === r.inputs.length;
  const label = (i: number): string => (byRole ? (r.inputs[i]?.role ?? `input ${i + 1}`) : `input ${i + 1}`);
  // The capture's label once, before its first list (a sequence has one list per file).
  return groups
    .map((g, i) => (i && groups[i - 1]!.input === g.input ? list(g) : `${label(g.input)} ${list(g)}`))
    .join('\n');
}

/** The finding's Wireshark filter; on a file sequence one per file, as that file numbers its frames. */
const filterLines = (f: Finding): string =>
  f.at ? f.at.map((x) => `Wireshark (${fileName(x.file)}): ${x.filter}`).join('\n') : `Wireshark: ${f.filter}`;

/** Why a datagram has no counterpart, by capture, direction and side (report model: unpairedBy). */
const UNPAIRED_WORDS = {
  internet: {
    tunnelUp: 'dropped by the AFTR (up)',
    otherDown: 'filtered or dropped by the AFTR (down)',
    tunnelDown: 'sent by the AFTR itself (down)',
    otherUp: 'not from a softwire of the tunnel capture (up)',
    otherUnknown: 'Internet side, direction unknown',
  },
  lan: {
    otherUp: 'dropped by the B4 (up)',
    tunnelDown: 'dropped by the B4 (down)',
    tunnelUp: 'sent by the B4 itself (up)',
    otherDown: 'not from the tunnel (down)',
    otherUnknown: 'LAN side, direction unknown',
  },
} as const;

function correlationRow(c: CorrelationSummary): string[] {
  const syn = c.synDelta ? `${(c.synDelta.seconds * 1000).toFixed(1)} ms (${c.synDelta.samples} SYNs)` : '–';
  return [
    c.side,
    `${c.pairs.up}/${c.pairs.down}`,
    String(c.ambiguous),
    `${c.unpaired.tunnel}/${c.unpaired.other}`,
    `${c.outOfSpan.tunnel}/${c.outOfSpan.other}`,
    `${c.unkeyed.tunnel}/${c.unkeyed.other}`,
    `${c.offset} s ± ${c.window} s`,
    syn,
  ];
}

/** The human report: summary, softwires, largest flows, anomalies, findings, verdict. */
/** The AFTR's binding table and per-B4 use (catalogue §11.3). */
function natSection(n: NatSummary, max: number, table: Tabulate): string[] {
  const t = n.totals;
  const pool = `${n.pool.prefixes.join(', ') || '–'}${n.pool.inferred ? ' (inferred from the Internet side: give --nat-pool)' : ''}`;
  const out = [
    '',
    `NAT bindings (${t.bindings}${t.bindings > Math.min(max, t.listed) ? `, ${Math.min(max, t.listed)} listed` : ''}; pool ${pool}${t.unowned ? `; ${t.unowned} replies to no known binding` : ''})`,
  ];
  if (!n.bindings.length) return out;
  out.push(
    table(
      ['B4', 'proto', 'internal', 'external', 'packets\nup/down', 'replies went to', 'first seen'],
      n.bindings
        .slice(0, max)
        .map((b) => [
          b.b4,
          b.protocol,
          endpoint(b.protocol, b.internal, b.internalPort),
          endpoint(b.protocol, b.external, b.externalPort),
          `${b.up}/${b.down}`,
          b.replies.map((x) => (x.b4 === b.b4 ? `its B4 (${x.packets})` : `${x.b4} (${x.packets})`)).join('\n') || '–',
          b.firstSeen,
        ]),
    ),
  );
  out.push(
    table(
      ['B4', 'bindings', 'external addresses', 'external ports'],
      n.perB4.map((p) => [p.b4, p.bindings, p.externalAddresses.join(' '), p.externalPorts]),
    ),
  );
  return out;
}

export function renderTable(r: Report, opts: TableOptions = {}): string {
  const colour = opts.color ?? false;
  const width = opts.width ?? DEFAULT_WIDTH;
  const table: Tabulate = (head, rows) => textTable(head, rows, { width });
  const out: string[] = [];
  const s = r.summary;
  for (const i of r.inputs) {
    const links = [...new Set(i.interfaces.map((x) => x.linkName))].join(', ') || 'no interfaces';
    const extras = [
      i.gzip ? 'gzip' : '',
      i.byteOrder === 'big-endian' ? 'big-endian' : '',
      i.incomplete ? 'INCOMPLETE' : '',
    ].filter(Boolean);
    const role = r.inputs.length > 1 || i.role !== 'tunnel' ? `${i.role}: ` : '';
    out.push(
      `${r.tool} ${r.version} — ${role}${i.file} (${i.format}${extras.length ? `, ${extras.join(', ')}` : ''}; ${links}; ${i.frames} frames)`,
    );
  }
  for (const w of s.warnings) out.push(paint(colour, 33, `warning: ${w}`));
  out.push('');
  const other = Object.entries(s.categories)
    .filter(([k, v]) => v > 0 && k !== 'softwire' && k !== 'softwire-fragment')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out.push(
    table(
      ['Capture', ''],
      [
        ['frames', s.frames],
        [
          'softwire frames',
          `${s.softwireFrames} (of which ${s.categories['softwire-fragment'] ?? 0} non-first outer fragments)`,
        ],
        ['other frames', s.otherFrames ? `${s.otherFrames} (${other})` : '0'],
        ['softwires', `${s.softwires} (${s.b4s} B4s)`],
        ['AFTRs', s.aftrs.map((a) => `${a.address} (${a.evidence})`).join('\n') || '–'],
        ...r.inputs
          .filter((i) => i.linkMtu)
          .map((i, _, all) => [all.length > 1 ? `link MTU (${i.file})` : 'link MTU', linkMtuText(i.linkMtu!)]),
        ['inner flows', `${s.flows.total}${s.flows.evicted ? ` (${s.flows.evicted} evicted by the flow limit)` : ''}`],
        ['anomalies', s.anomalies],
      ],
    ),
  );
  if (r.softwires.length) {
    const carried = r.softwires.some((w) => w.carriage);
    out.push('', 'Softwires (up = B4 → AFTR, down = AFTR → B4)');
    out.push(
      table(
        [
          'B4',
          'AFTR',
          'packets\nup/down',
          'bytes\nup/down',
          'outer frags\nup/down',
          'inner frags\nup/down',
          'max outer\nup/down',
          'max inner\nup/down',
          'hop limit\nup/down',
          'traffic class\nup/down',
          'TEL\npackets',
          'flows',
          ...(carried ? ['carried in'] : []),
        ],
        r.softwires.map((w) => [
          w.b4,
          w.aftr,
          `${w.up.packets}/${w.down.packets}`,
          `${bytes(w.up.bytes)}/${bytes(w.down.bytes)}`,
          `${w.up.outerFragments}/${w.down.outerFragments}`,
          `${w.up.innerFragments}/${w.down.innerFragments}`,
          `${w.up.maxOuter}/${w.down.maxOuter}`,
          `${w.up.maxInner}/${w.down.maxInner}`,
          `${valueCounts(w.hopLimits.up)}/${valueCounts(w.hopLimits.down)}`,
          `${valueCounts(w.trafficClasses.up, true)}/${valueCounts(w.trafficClasses.down, true)}`,
          w.telPackets,
          w.flows,
          ...(carried ? [w.carriage?.join('\n') ?? 'direct'] : []),
        ]),
      ),
    );
  }
  if (r.correlation.length) {
    out.push('', 'Correlation with the tunnel capture (pairs, unpaired: tunnel/other side)');
    out.push(
      table(
        [
          'side',
          'pairs\nup/down',
          'ambiguous',
          'unpaired\ntunnel/other',
          'outside the other\ncapture: tunnel/other',
          'bytes cut\ntunnel/other',
          'clock offset',
          'SYN delay',
        ],
        r.correlation.map(correlationRow),
      ),
    );
    for (const c of r.correlation) {
      const words = UNPAIRED_WORDS[c.side];
      const parts = (Object.keys(words) as (keyof typeof words)[])
        .filter((k) => c.unpairedBy[k] > 0)
        .map((k) => `${words[k]} ${c.unpairedBy[k]}`);
      if (parts.length) out.push(`unpaired on the ${c.side} correlation: ${parts.join('; ')}`);
    }
  }
  if (r.nat) out.push(...natSection(r.nat, opts.flows ?? 20, table));
  const nFlows = Math.min(opts.flows ?? 10, r.flows.length);
  if (nFlows > 0) {
    out.push('', `Largest inner flows (${nFlows} of ${s.flows.total})`);
    out.push(
      table(
        ['B4', 'proto', 'internal', 'remote', 'packets\nup/down', 'bytes\nup/down'],
        r.flows
          .slice(0, nFlows)
          .map((f) => [
            f.b4,
            f.protocol,
            endpoint(f.protocol, f.internal, f.internalPort),
            endpoint(f.protocol, f.remote, f.remotePort),
            `${f.up.packets}/${f.down.packets}`,
            `${bytes(f.up.bytes)}/${bytes(f.down.bytes)}`,
          ]),
      ),
    );
  }
  if (r.anomalies.length) {
    out.push('', 'Anomalies');
    out.push(
      table(
        ['ID', 'kind', 'count', 'frames', 'what'],
        r.anomalies.map((a) => [a.id, a.kind, a.count, frameList(a.frames), a.detail ?? a.title]),
      ),
    );
  }
  if (r.findings.length) {
    out.push('', 'Findings');
    out.push(
      table(
        ['severity', 'rule', 'confidence', 'frames', 'message', 'reference'],
        r.findings.map((f) => [
          paint(colour, SEVERITY_COLOUR[f.severity], f.severity),
          f.rule,
          f.confidence,
          frameCell(r, f),
          f.filter ? `${f.message}\n${filterLines(f)}` : f.message,
          f.rfc,
        ]),
      ),
    );
  }
  const sup = Object.entries(s.suppressedFindings);
  if (sup.length)
    out.push(`(${sup.map(([k, v]) => `${v} more ${k}`).join(', ')} findings not listed: per-rule limit reached)`);
  const verdict = verdictText(s);
  const cut = verdict.indexOf(':');
  out.push('', `${paint(colour, s.verdict === 'pass' ? 32 : 31, verdict.slice(0, cut))}${verdict.slice(cut)}`);
  return `${wrapText(agree(out.join('\n')), width)}\n`;
}
