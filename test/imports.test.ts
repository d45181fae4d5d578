import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

/** Every source module (tests left out) and the modules it imports, type-only imports included. */
function importGraph(dir: string, graph = new Map<string, string[]>()): Map<string, string[]> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) importGraph(p, graph);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      const text = readFileSync(p, 'utf8');
      const deps = [...text.matchAll(/^(?:import|export)\s[^;]*?from '(\.[^']+)'/gms)].map((m) =>
        normalize(join(dirname(p), m[1]!.replace(/\.js$/, '.ts'))),
      );
      graph.set(p, deps);
    }
  }
  return graph;
}

/** The import cycles: strongly connected groups of more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        group.push(relative(ROOT, w));
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the modules of src/', () => {
  it('import one another without a cycle, type-only imports included', () => {
    const graph = importGraph(join(ROOT, 'src'));
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });
  it('the check finds a cycle where there is one', () => {
    const g = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/a.ts']],
      ['/c.ts', ['/a.ts']],
    ]);
    expect(cycles(g).map((c) => c.length)).toEqual([2]);
  });
});

describe('the lint gate on the stages’ arrows (eslint.config.js)', () => {
  const lint = async (file: string, code: string): Promise<string[]> => {
    const { ESLint } = await import('eslint');
    const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath: join(ROOT, file) });
    return result!.messages.map((m) => m.ruleId ?? '');
  };
  it.each([
    ['src/report/build.ts', "import type { NatTable } from '../track/nat.js';\nexport type X = NatTable;\n"],
    ['src/track/offload.ts', "import type { Settings } from '../config/settings.js';\nexport type X = Settings;\n"],
    ['src/codec/vlan.ts', "import type { Finding } from '../model/report.js';\nexport type X = Finding;\n"],
    ['src/model/words.ts', "import type { Ip6Key } from '../codec/addr.js';\nexport type X = Ip6Key;\n"],
  ])('refuses a wrong arrow in %s', async (file, code) => {
    expect(await lint(file, code)).toContain('no-restricted-imports');
  });
  it.each([
    ['src/track/offload.ts', "import { DEFAULTS } from '../config/defaults.js';\nexport const X = DEFAULTS;\n"],
    ['src/report/build.ts', "import type { Finding } from '../model/report.js';\nexport type X = Finding;\n"],
    ['src/pipeline/run.ts', "import type { Settings } from '../config/settings.js';\nexport type X = Settings;\n"],
  ])('allows %s its arrow', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
