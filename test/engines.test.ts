import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CLI, spawnCli } from './helpers/cli.js';
import { fixture, ROOT } from './helpers/fixtures.js';

/**
 * The batch engines operators already run, driving the examples in examples/ as they ship: one
 * check per line of a capture list, each writing a JSON report, then one merge that gates. The
 * merged report must be, byte for byte, what the same checks run one after another and merged
 * here give (and, for lines of single captures, what one run over all of them gives).
 */
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const inCi = process.env['CI'] !== undefined;
const CHECK = `${process.execPath} ${CLI}`;
const EXAMPLES = join(ROOT, 'examples');

/** A capture list: single captures, a ring buffer's files (one capture), a two-point pair. */
const LINES = [
  fixture('demo/demo.pcapng'),
  fixture('tunnel/ptb-tiny.pcap'),
  `${fixture('sequence')}/ring.pcap*`,
  `${fixture('lab/mtu1280-tunnel.pcap')} --internet ${fixture('lab/mtu1280-internet.pcap')}`,
];
const LIST = `# one capture point per line\n${LINES[0]}\n\n${LINES.slice(1).join('\n')}\n`;

/** A fresh working directory holding the list. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dslite-engine-'));
  writeFileSync(join(dir, 'captures.list'), LIST);
  return dir;
}

/** What the engines must give: each line checked here in turn, then merged. */
function expected(): string {
  const dir = workdir();
  mkdirSync(join(dir, 'parts'));
  LINES.forEach((line, i) =>
    execFileSync('sh', ['-c', `${CHECK} ${line} -f json -o parts/p${i}.json --fail-on never`], { cwd: dir }),
  );
  const parts = LINES.map((_l, i) => join(dir, 'parts', `p${i}.json`));
  return spawnCli(['merge', ...parts, '--fail-on', 'error', '-f', 'json']).stdout;
}

describe.skipIf(!has('parallel') && !inCi)('GNU parallel (examples/parallel/check.sh)', () => {
  it('is installed in CI', () => expect(has('parallel')).toBe(true));

  it('checks each line on the hosts given (here: this machine) and merges', () => {
    const dir = workdir();
    const r = spawnSync('sh', [join(EXAMPLES, 'parallel', 'check.sh'), ':', '-f', 'json', '-o', 'merged.json'], {
      cwd: dir,
      env: { ...process.env, DSLITE_CHECK: CHECK },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(readdirSync(join(dir, 'parts'))).toEqual([
      'part-00000.json',
      'part-00001.json',
      'part-00002.json',
      'part-00003.json',
    ]);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(expected());
  });

  it('with DSLITE_SHARDS=3 checks each tunnel capture point as 3 shards and merges them into the same report', () => {
    const dir = workdir();
    const r = spawnSync('sh', [join(EXAMPLES, 'parallel', 'check.sh'), ':', '-f', 'json', '-o', 'merged.json'], {
      cwd: dir,
      env: { ...process.env, DSLITE_CHECK: CHECK, DSLITE_SHARDS: '3' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const parts = readdirSync(join(dir, 'parts'));
    // Three single-point lines as 3 shards each (and the report their merge makes), the two-point line whole.
    expect(parts.filter((f) => f.endsWith('.state'))).toHaveLength(9);
    expect(parts.filter((f) => f.endsWith('.json'))).toHaveLength(4);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(expected());
  });

  it('gives what one run over the same single captures gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dslite-engine-'));
    const files = [fixture('demo/demo.pcapng'), fixture('tunnel/ptb-tiny.pcap'), fixture('linktypes/sll2.pcap')];
    writeFileSync(join(dir, 'captures.list'), `${files.join('\n')}\n`);
    spawnSync('sh', [join(EXAMPLES, 'parallel', 'check.sh'), ':', '-f', 'json', '-o', 'merged.json'], {
      cwd: dir,
      env: { ...process.env, DSLITE_CHECK: CHECK },
    });
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(spawnCli([...files, '-f', 'json']).stdout);
  });
});

describe.skipIf(!has('slurmctld') && !inCi)('Slurm (examples/slurm): a single-node cluster', () => {
  const cluster = mkdtempSync(join(tmpdir(), 'dslite-slurm-'));
  const script = join(ROOT, 'test', 'engines', 'slurm-cluster.sh');
  let conf = '';
  beforeAll(() => {
    conf = execFileSync('bash', [script, 'up', cluster], { encoding: 'utf8' }).trim();
  }, 60_000);
  afterAll(() => {
    execFileSync('bash', [script, 'down', cluster]);
  });

  it.each([
    ['', 4],
    ['3', 10],
  ])(
    'runs the array of checks (DSLITE_SHARDS=%s: %i tasks) and the merge that depends on it',
    (shards, tasks) => {
      const dir = workdir();
      const env = { ...process.env, SLURM_CONF: conf, DSLITE_CHECK: CHECK, DSLITE_SHARDS: shards };
      const merge = execFileSync('sh', [join(EXAMPLES, 'slurm', 'submit.sh'), '-f', 'json', '-o', 'merged.json'], {
        cwd: dir,
        env,
        encoding: 'utf8',
      }).trim();
      // The merge job ends once every check has: wait for it as an operator would.
      for (let i = 0; i < 240; i++) {
        const state = execFileSync('scontrol', ['show', 'job', merge], { env, encoding: 'utf8' });
        if (/JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT)/.test(state)) break;
        if (/DependencyNeverSatisfied/.test(state)) throw new Error(`a check task failed: ${state}`);
        execFileSync('sleep', ['0.5']);
      }
      const state = execFileSync('scontrol', ['show', 'job', merge], { env, encoding: 'utf8' });
      // The merge's exit 1 is the gate: the lab capture's findings reach --fail-on error.
      expect(state).toMatch(/JobState=FAILED/);
      expect(state).toMatch(/ExitCode=1:0/);
      expect(
        readFileSync(join(dir, 'parts', 'tasks'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(tasks);
      expect(readdirSync(join(dir, 'parts')).filter((f) => f.endsWith('.json'))).toHaveLength(LINES.length);
      expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(expected());
    },
    180_000,
  );
});

describe('Kubernetes (examples/kubernetes): the manifests against the Kubernetes API schema', () => {
  const docs = readdirSync(join(EXAMPLES, 'kubernetes'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(EXAMPLES, 'kubernetes', f), 'utf8')).map((d) => ({
        file: f,
        doc: d.toJS() as { kind: string; metadata: { name: string } },
      })),
    );
  const MODELS: Record<string, new (o: never) => { validate(): void }> = {
    Job,
    ConfigMap,
    PersistentVolumeClaim,
  };

  it('holds an Indexed Job of checks, a merge Job, the list and the volumes', () => {
    expect(docs.map((d) => `${d.file} ${d.doc.kind}/${d.doc.metadata.name}`).sort()).toEqual([
      'check-job.yaml ConfigMap/dslite-captures',
      'check-job.yaml Job/dslite-check',
      'merge-job.yaml Job/dslite-merge',
      'volumes.yaml PersistentVolumeClaim/dslite-captures',
      'volumes.yaml PersistentVolumeClaim/dslite-work',
    ]);
  });

  it.each(docs.map((d) => [`${d.file} ${d.doc.kind}/${d.doc.metadata.name}`, d.doc] as const))(
    '%s is valid',
    (_name, doc) => {
      const Model = MODELS[doc.kind];
      expect(Model).toBeDefined();
      expect(() => new Model!(doc as never).validate()).not.toThrow();
    },
  );

  it('a wrong field fails the validation (the check can fail)', () => {
    const job = docs.find((d) => d.doc.kind === 'Job')!.doc as unknown as { spec: Record<string, unknown> };
    expect(() => new Job({ ...job, spec: { ...job.spec, completions: 'two' } } as never).validate()).toThrow(
      /completions/,
    );
  });

  it('runs the tasks and the merge the Slurm and GNU parallel examples run', () => {
    const text = (f: string): string => readFileSync(join(EXAMPLES, f), 'utf8');
    for (const f of ['kubernetes/check-job.yaml', 'slurm/submit.sh', 'parallel/check.sh'])
      expect(text(f)).toContain('tasks.sh');
    for (const f of ['kubernetes/merge-job.yaml', 'slurm/merge.sbatch', 'parallel/check.sh'])
      expect(text(f)).toContain('merge-parts.sh');
  });

  it("the Jobs' scripts, run here for every completion index, give the merged report of the other engines", () => {
    const script = (name: string): string => {
      const job = docs.find((d) => d.doc.kind === 'Job' && d.doc.metadata.name === name)!.doc as unknown as {
        spec: { completions?: number; template: { spec: { containers: { args: string[] }[] } } };
      };
      return job.spec.template.spec.containers[0]!.args[0]!;
    };
    const dir = workdir();
    // The image's paths, here: the examples, the list, the work volume and the command.
    const local = (sh: string): string =>
      sh
        .replaceAll('/work', dir)
        .replaceAll('/usr/local/share/dslite-check/', `${EXAMPLES}/`)
        .replaceAll('/config/captures.list', join(dir, 'captures.list'))
        .replaceAll('exec dslite-check ', `exec ${CHECK} `);
    const env = { ...process.env, DSLITE_CHECK: CHECK, DSLITE_SHARDS: '2' };
    const tasks = execFileSync('sh', [join(EXAMPLES, 'tasks.sh'), join(dir, 'captures.list')], {
      env,
      encoding: 'utf8',
    });
    const n = tasks.trim().split('\n').length;
    expect(n).toBe(7);
    for (let i = 0; i < n; i++)
      execFileSync('sh', ['-c', local(script('dslite-check'))], {
        cwd: dir,
        env: { ...env, JOB_COMPLETION_INDEX: String(i) },
      });
    const merge = spawnSync('sh', ['-c', local(script('dslite-merge')).replace('--format junit -o', '-f json -o')], {
      cwd: dir,
      env,
    });
    expect(merge.status).toBe(1);
    expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toBe(expected());
  });
});
