import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT } from './helpers/fixtures.js';
import { CLI } from './helpers/cli.js';

/** The HTML report in a real browser: Debian's Chromium driven by playwright-core (no browser download). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `NOTICE: ${CHROMIUM} is missing: the HTML report is not rendered here (CI installs Debian's chromium and fails without it)`,
  );
const tmp = mkdtempSync(join(tmpdir(), 'dslite-html-'));
// Flags for a closed network: without the background ones Chromium keeps dialling Google.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function report(args: string[], out: string): number {
  return spawnSync(process.execPath, [CLI, ...args, '-f', 'html', '-o', out], { cwd: ROOT }).status ?? -1;
}

describe.skipIf(!hasChromium && !process.env['CI'])('--format html in headless Chromium', () => {
  it('renders a report with findings without console errors or requests, and is screenshotted', async () => {
    const out = join(tmp, 'report.html');
    expect(
      report(
        [fixture('twopoint/b4-bad-tunnel.pcapng'), '--lan', fixture('twopoint/b4-bad-lan.pcapng'), '--mtu', '1500'],
        out,
      ),
    ).toBe(1);
    const html = readFileSync(out, 'utf8');
    // Self-contained: no script, no stylesheet or image links, nothing to fetch.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => r.url() !== pathToFileURL(out).href && requests.push(r.url()));
      await page.goto(pathToFileURL(out).href);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.textContent('#verdict')).toBe('FAIL');
      expect(await page.title()).toMatch(/^dslite-check: FAIL/);
      // Findings grouped by rule, each with its filters and RFC links.
      const rules = await page.$$eval('section.rule', (s) => s.map((x) => x.id));
      expect(rules).toEqual([
        'ADV-004',
        'ADV-008',
        'FRAG-001',
        'FRAG-002',
        'FRAG-005',
        'FRAG-006',
        'FRAG-013',
        'FRAG-015',
        'MTU-002',
      ]);
      expect(await page.textContent('#FRAG-002')).toContain('frame.number in {5, 6}');
      expect(await page.getAttribute('#FRAG-002 a', 'href')).toBe('https://www.rfc-editor.org/rfc/rfc6333#section-5.3');
      // The fragment drawings: FRAG-002 the inner fragments, FRAG-005 outer against inner.
      expect(await page.$$eval('#FRAG-002 svg rect', (r) => r.length)).toBe(2);
      expect(await page.$$eval('#FRAG-005 svg text', (t) => t.map((x) => x.textContent))).toEqual(
        expect.arrayContaining(['outer fragments', 'inner fragments']),
      );
      // The size chart marks the link MTU; the softwire table lists the B4.
      expect(await page.textContent('#sizes')).toContain('link MTU 1500');
      expect(await page.$$eval('#sizes rect', (r) => r.length)).toBeGreaterThan(3);
      expect(await page.textContent('body')).toContain('2001:db8:100:1::2');
      const shot = join(tmp, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(shot).size).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
  it('a clean capture renders too', async () => {
    const out = join(tmp, 'demo.html');
    expect(report([fixture('demo/demo.pcapng')], out)).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(pathToFileURL(out).href);
      expect(await page.textContent('#verdict')).toBe('PASS');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
  it.each([
    ['no link MTU given (1280 and 1500 marked)', [fixture('demo/demo.pcapng')]],
    ['a link MTU of 1500', [fixture('demo/demo.pcapng'), '--mtu', '1500']],
    ['a link MTU of 1300, beside 1280', [fixture('tunnel/ptb-tiny.pcap'), '--mtu', '1300']],
    ['a link MTU of 9000', [fixture('demo/demo.pcapng'), '--mtu', '9000']],
  ])(
    'the size chart draws no label over another or off the axis: %s',
    async (name, args) => {
      const out = join(tmp, `sizes-${name.replace(/\W+/g, '-')}.html`);
      expect([0, 1]).toContain(report(args, out));
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(out).href);
        // Boxes in the SVG's own coordinates: the axis runs from x 50 to 990.
        const boxes = await page.$$eval('#sizes text.mark', (ts) =>
          ts.map((t) => {
            const b = (
              t as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }
            ).getBBox();
            return { text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height };
          }),
        );
        expect(boxes.length).toBeGreaterThanOrEqual(2);
        for (const b of boxes) {
          expect(b.x, b.text!).toBeGreaterThanOrEqual(50);
          expect(b.x + b.w, b.text!).toBeLessThanOrEqual(990);
        }
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            expect(apart, `${a.text} and ${b.text} overlap`).toBe(true);
          }
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
