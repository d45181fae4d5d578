import { fileName, frameGroups } from './frame-groups.js';
import type { Finding, FindingLayout, LayoutPiece, Report, SizeHistogram } from '../model/report.js';
import { verdictText } from './verdict.js';
import { xml as esc } from './xml.js';
import { agree } from '../model/words.js';
import { linkMtuText } from './link-mtu-text.js';

/** "RFC 6333 §5.3; RFC 8200 §4.5" → links to the RFC Editor's pages (links, not assets: nothing loads them). */
function rfcLinks(text: string): string {
  return text
    .split(/;\s*/)
    .map((ref) => {
      const m = /^RFC (\d+)(?: §([\d.]+))?/.exec(ref);
      if (!m) return esc(ref);
      const url = `https://www.rfc-editor.org/rfc/rfc${m[1]}${m[2] ? `#section-${m[2].replace(/\.$/, '')}` : ''}`;
      return `<a href="${esc(url)}">${esc(ref)}</a>`;
    })
    .join('; ');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5d9e0;padding-bottom:4px} h3{font-size:15px;margin:18px 0 6px}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;font-weight:700;color:#fff}
.pass{background:#1a7f37} .fail{background:#cf222e}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px} th,td{border:1px solid #d5d9e0;padding:4px 8px;text-align:left;vertical-align:top} th{background:#eef1f5}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef1f5;padding:1px 4px;border-radius:3px;white-space:nowrap}
.sev-error{color:#cf222e;font-weight:600} .sev-warning{color:#9a6700;font-weight:600} .sev-info{color:#0969da}
.rule{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:8px 14px;margin:10px 0}
.muted{color:#57606a} .warn{color:#9a6700}
svg text{font:11px system-ui,sans-serif;fill:#1d232b}
`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Rough width of SVG text at 11px in a sans-serif face: enough to keep labels apart. */
const textWidth = (label: string): number => label.length * 6.4;

/** The link MTU marks of one direction: the configured MTU, or 1280 and 1500 for reference. */
function mtuMarks(mtu: number | null): [number, string, string][] {
  return mtu !== null
    ? [[mtu, `link MTU ${mtu}`, '#cf222e']]
    : [
        [1280, '1280 (IPv6 minimum)', '#8c959f'],
        [1500, '1500 (link MTU not given)', '#8c959f'],
      ];
}

/**
 * Places marker labels beside their lines, inside [from, to]: to the right of the line, or to
 * its left where the right would leave the axis, each in the first lane (row) where it overlaps
 * no label already placed.
 */
export function placeLabels(
  marks: readonly { x: number; label: string }[],
  from: number,
  to: number,
): { x: number; anchor: 'start' | 'end'; lane: number }[] {
  const lanes: [number, number][][] = [];
  return marks.map((m) => {
    const w = textWidth(m.label);
    const right = m.x + 4 + w <= to;
    const x0 = right ? m.x + 4 : Math.max(from, m.x - 4 - w);
    const span: [number, number] = [x0, x0 + w];
    let lane = lanes.findIndex((taken) => taken.every(([a, b]) => span[1] + 6 <= a || b + 6 <= span[0]));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]!.push(span);
    return right ? { x: m.x + 4, anchor: 'start' as const, lane } : { x: x0 + w, anchor: 'end' as const, lane };
  });
}

/** Bars of outer packet sizes per direction with the link MTU marked. */
export function sizeChart(h: SizeHistogram): string {
  const W = 1000;
  const H = 150;
  const left = 50;
  const right = W - 10;
  const rows: string[] = [];
  const marks = { up: mtuMarks(h.linkMtu.up), down: mtuMarks(h.linkMtu.down) };
  // The axis reaches every bar and every mark, so no mark falls off it.
  const maxSize = Math.max(
    1300,
    ...[...h.up, ...h.down].map((b) => b.from + h.binWidth),
    ...[...marks.up, ...marks.down].map(([at]) => at),
  );
  const xMax = Math.ceil((maxSize * 1.05) / 100) * 100;
  const x = (size: number): number => left + (size / xMax) * (right - left);
  for (const [i, dir] of (['up', 'down'] as const).entries()) {
    const list = h[dir];
    const top = i * (H + 40) + 20;
    const peak = Math.max(1, ...list.map((b) => b.count));
    const mtu = h.linkMtu[dir];
    rows.push(
      `<text x="${left}" y="${top - 6}">${dir === 'up' ? 'up (B4 → AFTR)' : 'down (AFTR → B4)'}: ${list.reduce((n, b) => n + b.count, 0)} packets; bar height: log scale, highest ${peak}</text>`,
    );
    rows.push(`<line x1="${left}" y1="${top + H}" x2="${right}" y2="${top + H}" stroke="#8c959f"/>`);
    for (const b of list) {
      const hgt = (Math.log10(b.count + 1) / Math.log10(peak + 1)) * H;
      const over = mtu !== null && b.from > mtu;
      rows.push(
        `<rect x="${x(b.from).toFixed(1)}" y="${(top + H - hgt).toFixed(1)}" width="${Math.max(1.5, x(b.from + h.binWidth) - x(b.from) - 0.5).toFixed(1)}" height="${hgt.toFixed(1)}" fill="${over ? '#cf222e' : '#0969da'}"><title>${b.from}–${b.from + h.binWidth - 1} bytes: ${b.count}</title></rect>`,
      );
    }
    const placed = placeLabels(
      marks[dir].map(([at, label]) => ({ x: x(at), label })),
      left,
      right,
    );
    marks[dir].forEach(([at, label, colour], k) => {
      const p = placed[k]!;
      rows.push(
        `<line x1="${x(at).toFixed(1)}" y1="${top}" x2="${x(at).toFixed(1)}" y2="${top + H}" stroke="${colour}" stroke-dasharray="4 3"/>`,
      );
      rows.push(
        `<text class="mark" x="${p.x.toFixed(1)}" y="${top + 12 + 14 * p.lane}" text-anchor="${p.anchor}">${esc(label)}</text>`,
      );
    });
    for (let s = 0; s <= xMax; s += xMax > 4000 ? 1000 : 250)
      rows.push(`<text x="${x(s).toFixed(1)}" y="${top + H + 14}" text-anchor="middle">${s}</text>`);
  }
  return `<svg role="img" aria-label="outer packet sizes per direction" viewBox="0 0 ${W} ${2 * (H + 40) + 10}" width="100%">${rows.join('')}</svg>`;
}

/** How one datagram's bytes were split: outer fragments above, inner IPv4 fragments below, to scale. */
export function layoutDrawing(l: FindingLayout): string {
  const W = 900;
  const left = 120;
  const total = Math.max(1, l.total, ...[...(l.outer ?? []), ...(l.inner ?? [])].map((p) => p.offset + p.length));
  const x = (b: number): number => left + (b / total) * (W - left - 10);
  const rows: [string, readonly LayoutPiece[], string][] = [];
  if (l.outer) rows.push(['outer fragments', l.outer, '#8250df']);
  if (l.inner) rows.push(['inner fragments', l.inner, '#bf8700']);
  const parts: string[] = [];
  rows.forEach(([label, pieces, colour], i) => {
    const y = 8 + i * 50;
    parts.push(`<text x="0" y="${y + 18}">${label}</text>`);
    for (const p of pieces) {
      const w = Math.max(2, x(p.offset + p.length) - x(p.offset) - 2);
      parts.push(
        `<rect x="${x(p.offset).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="26" rx="3" fill="${colour}" fill-opacity="0.8"><title>offset ${p.offset}, ${p.length} bytes${p.frames.length ? `, frame ${p.frames.join(', ')}` : ''}</title></rect>`,
      );
      const label = `${p.offset}+${p.length}${p.frames.length ? ` (#${p.frames[0]})` : ''}`;
      // A label goes inside its piece when it fits, else under it.
      if (w > label.length * 6.5 + 6)
        parts.push(`<text x="${(x(p.offset) + 4).toFixed(1)}" y="${y + 17}" style="fill:#fff">${label}</text>`);
      else
        parts.push(
          `<text x="${(x(p.offset) + w).toFixed(1)}" y="${y + 38}" text-anchor="end" style="font-size:9px">${label}</text>`,
        );
    }
  });
  const unit =
    l.unit === 'inner-data' ? "bytes of the inner datagram's data" : "bytes of the outer packet's fragmentable part";
  parts.push(`<text x="${left}" y="${rows.length * 50 + 14}" class="muted">0 … ${l.total} ${unit}</text>`);
  return `<svg role="img" aria-label="fragment layout" viewBox="0 0 ${W} ${rows.length * 50 + 22}" width="100%">${parts.join('')}</svg>`;
}

function framesCell(r: Report, f: Finding): string {
  return frameGroups(f)
    .map(
      (x) =>
        `${r.inputs.length > 1 ? `${esc(r.inputs[x.input]?.role ?? 'input')}: ` : ''}${x.file ? `${esc(fileName(x.file))} ` : ''}${esc(x.frames.join(', ') || '–')}${x.filter ? `<br><code>${esc(x.filter)}</code>` : ''}`,
    )
    .join('<br>');
}

/**
 * The report as one self-contained HTML file for people (an interop lab sends it to a
 * vendor): inline CSS and SVG, no script, nothing fetched. Verdict, findings grouped by rule
 * with frames, Wireshark filters and RFC links, fragment layouts, the size chart against the
 * link MTU, softwires, anomalies and what could not be decided.
 */
export function renderHtml(r: Report): string {
  const s = r.summary;
  const byRule = new Map<string, Finding[]>();
  for (const f of r.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const body: string[] = [];
  body.push(`<h1>dslite-check report</h1>`);
  body.push(
    `<p><span class="verdict ${s.verdict}" id="verdict">${s.verdict.toUpperCase()}</span> ${esc(verdictText(s).replace(/^\w+: /, ''))}</p>`,
  );
  body.push(
    `<ul>${r.inputs.map((i) => `<li>${esc(i.role)} capture <code>${esc(i.file)}</code>: ${esc(i.format)}, ${i.frames} frames${i.incomplete ? ' <span class="warn">(cut short)</span>' : ''}${i.linkMtu ? `; link MTU ${esc(linkMtuText(i.linkMtu, ', '))}` : ''}</li>`).join('')}<li>${s.softwires} softwires (${s.b4s} B4s), ${s.softwireFrames} softwire frames, ${s.anomalies} anomalies</li></ul>`,
  );
  for (const w of s.warnings) body.push(`<p class="warn">warning: ${esc(w)}</p>`);

  body.push(`<h2>Findings</h2>`);
  if (!byRule.size) body.push('<p>No findings.</p>');
  for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const meta = r.rules.find((x) => x.rule === rule);
    body.push(
      `<section class="rule" id="${esc(rule)}"><h3>${esc(rule)} — ${esc(meta?.title ?? '')} <span class="muted">(${rfcLinks(meta?.rfc ?? list[0]!.rfc)})</span>: ${list.length} finding${list.length === 1 ? '' : 's'}</h3>`,
    );
    body.push(
      table(
        ['severity', 'confidence', 'frames and Wireshark filter', 'message'],
        list.map((f) => [
          `<span class="sev-${f.severity}">${f.severity}</span>`,
          esc(f.confidence),
          framesCell(r, f),
          `${esc(f.message)}${f.layout ? `<div class="layout">${layoutDrawing(f.layout)}</div>` : ''}`,
        ]),
      ),
    );
    body.push('</section>');
  }
  const sup = Object.entries(s.suppressedFindings);
  if (sup.length)
    body.push(
      `<p class="muted">${esc(sup.map(([k, v]) => `${v} more ${k}`).join(', '))} findings not listed (per-rule limit).</p>`,
    );

  body.push(`<h2>Packet sizes against the link MTU</h2><div id="sizes">${sizeChart(r.sizes)}</div>`);
  body.push(`<h2>Softwires</h2>`);
  const carried = r.softwires.some((w) => w.carriage);
  body.push(
    table(
      [
        'B4',
        'AFTR',
        'packets up/down',
        'bytes up/down',
        'outer frags up/down',
        'inner frags up/down',
        'max outer up/down',
        'flows',
        ...(carried ? ['carried in'] : []),
      ],
      r.softwires.map((w) =>
        [
          w.b4,
          w.aftr,
          `${w.up.packets}/${w.down.packets}`,
          `${w.up.bytes}/${w.down.bytes}`,
          `${w.up.outerFragments}/${w.down.outerFragments}`,
          `${w.up.innerFragments}/${w.down.innerFragments}`,
          `${w.up.maxOuter}/${w.down.maxOuter}`,
          String(w.flows),
          ...(carried ? [w.carriage?.join('; ') ?? 'direct'] : []),
        ].map(esc),
      ),
    ),
  );
  if (r.anomalies.length) {
    body.push(`<h2>Anomalies</h2>`);
    body.push(
      table(
        ['ID', 'kind', 'count', 'frames', 'what'],
        r.anomalies.map((a) => [
          `<code>${esc(a.id)}</code>`,
          esc(a.kind),
          String(a.count),
          esc(a.frames.join(', ')),
          esc(a.detail ?? a.title),
        ]),
      ),
    );
  }
  const skipped = r.rules.flatMap((x) =>
    x.results.filter((y) => y.status === 'skipped').map((y) => [x.rule, x.title, y.reason ?? ''] as const),
  );
  const passed = r.rules.filter((x) => x.results.every((y) => y.status === 'passed')).map((x) => x.rule);
  body.push(`<h2>Rules</h2><p>${byRule.size} with findings; passed: ${esc(passed.join(', ') || 'none')}.</p>`);
  if (skipped.length)
    body.push(
      `<details><summary>${skipped.length} not decidable from these captures</summary>${table(
        ['rule', 'title', 'why'],
        skipped.map((x) => x.map(esc)),
      )}</details>`,
    );
  body.push(
    `<p class="muted">${esc(r.tool)} ${esc(r.version)}; times are capture times; the same captures give the same file.</p>`,
  );
  const title = `dslite-check: ${s.verdict.toUpperCase()} — ${r.inputs.map((i) => i.file).join(', ')}`;
  return agree(
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>\n${body.join('\n')}\n</main></body></html>\n`,
  );
}
