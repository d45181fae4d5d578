import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly code: number;
}

const hasGnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/** Runs a command with its output discarded; wall time and peak resident memory. */
export function measure(cmd: string, args: readonly string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    // GNU time reports the true peak (ru_maxrss); without it, poll VmHWM (the peak so far) from /proc.
    const wrapped = hasGnuTime
      ? (['/usr/bin/time', ['-f', '__RSS__%M', cmd, ...args]] as const)
      : ([cmd, args] as const);
    const start = performance.now();
    const child = spawn(wrapped[0], wrapped[1], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let polledKb = 0;
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
    const poll = hasGnuTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            // the process has gone
          }
        }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - start) / 1000;
      const m = /__RSS__(\d+)/.exec(stderr);
      const kb = m ? Number(m[1]) : polledKb;
      resolve({ seconds, peakRssMb: kb / 1024, code: code ?? -1 });
    });
  });
}

export function installed(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}
