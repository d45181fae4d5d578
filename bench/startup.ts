/**
 * Start-up: whole-process medians of the commonest short runs against bare `node -e 0` in the
 * same run (the CLI issue's goal: --version within 60 ms of bare node, the demo check within
 * 150 ms). Alternating the commands spreads the machine's noise over all of them.
 */
import { fileURLToPath } from 'node:url';
import { measure } from './measure.js';

const CLI = fileURLToPath(new URL('../bundle/cli.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../fixtures/pcaps/demo/demo.pcapng', import.meta.url));

const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['node -e 0', ['-e', '0']],
  ['--version', [CLI, '--version']],
  ['--help', [CLI, '--help']],
  ['demo check', [CLI, DEMO]],
  ['demo -f json', [CLI, DEMO, '-f', 'json']],
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function startup(runs: number): Promise<string> {
  const times = COMMANDS.map(() => [] as number[]);
  for (let i = 0; i < runs; i++)
    for (const [k, [, argv]] of COMMANDS.entries()) {
      const m = await measure(process.execPath, argv);
      if (m.code !== 0) throw new Error(`start-up: ${COMMANDS[k]![0]} exited with ${m.code}`);
      times[k]!.push(m.seconds * 1000);
    }
  const bare = median(times[0]!);
  const lines = COMMANDS.map(([name], k) => {
    const ms = median(times[k]!);
    return `  ${name.padEnd(14)}${ms.toFixed(0).padStart(6)} ms${k ? `  (+${(ms - bare).toFixed(0)} ms over bare node)` : ''}`;
  });
  return `start-up, median of ${runs} whole-process runs:\n${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  process.stdout.write(await startup(i > 0 ? Number(process.argv[i + 1]) : 15));
}
