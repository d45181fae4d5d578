import { writeFile } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { check } from '../check.js';
import { buildValidator, renderJson } from '../report/json.js';
import { renderTable } from '../report/table.js';
import type { Severity } from '../report/model.js';

export interface CheckArgs {
  captures: string[];
  aftr: string[];
  format: 'table' | 'json';
  output?: string;
  'fail-on': Severity | 'never';
  top: number;
  'max-flows': number;
  color: boolean | undefined;
  mtu?: number;
  'mtu-up'?: number;
  'mtu-down'?: number;
  'df-profile': 'rfc6333' | 'rfc2473';
  'lan-mtu': number;
  'inner-overlap': 'first' | 'last';
  internet?: string;
  lan?: string;
  'internet-offset': number;
  'lan-offset': number;
  'match-window': number;
  'nat-pool': string[];
  'port-quota'?: number;
  'authorised-source': string[];
  'tunnel-if'?: string[];
  'internet-if'?: string[];
  'lan-if'?: string[];
}

/** yargs drops a lone "-" from positional arrays, so cli.ts renames it to this until parsed. */
export const STDIN_TOKEN = '\u0000stdin';
export const FORMATS = ['table', 'json'] as const;
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** Exit code for a finished check: 1 when a finding reaches --fail-on. */
export async function runCheck(a: CheckArgs, out: (s: string) => Promise<void>): Promise<number> {
  const captures = a.captures.map((c) => (c === STDIN_TOKEN ? '-' : c));
  // A side given only by its interfaces lives in the tunnel capture's file (one pcapng with both points).
  const side = (path: string | undefined, ifs: string[] | undefined, offset: number, key: 'internet' | 'lan'): Partial<Record<'internet' | 'lan', { path: string; offset: number; interfaces?: string[] }>> => {
    if (path === undefined && ifs === undefined) return {};
    return { [key]: { path: path ?? captures[0]!, offset, ...(ifs && { interfaces: ifs }) } };
  };
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const report = await check(captures, {
    aftrs: a.aftr,
    failOn: a['fail-on'],
    top: a.top,
    maxFlows: a['max-flows'],
    dfProfile: a['df-profile'],
    lanMtu: a['lan-mtu'],
    innerOverlap: a['inner-overlap'],
    ...(a.mtu !== undefined && { mtu: a.mtu }),
    ...(a['mtu-up'] !== undefined && { mtuUp: a['mtu-up'] }),
    ...(a['mtu-down'] !== undefined && { mtuDown: a['mtu-down'] }),
    ...side(a.internet, a['internet-if'], a['internet-offset'], 'internet'),
    ...side(a.lan, a['lan-if'], a['lan-offset'], 'lan'),
    ...(a['tunnel-if'] && { tunnelInterfaces: a['tunnel-if'] }),
    matchWindow: a['match-window'],
    natPools: a['nat-pool'],
    authorisedSources: a['authorised-source'],
    ...(a['port-quota'] !== undefined && { portQuota: a['port-quota'] }),
  });
  const color = output === undefined && (a.color ?? (process.stdout.isTTY === true && !process.env['NO_COLOR']));
  const text = a.format === 'json' ? renderJson(report, buildValidator()) : renderTable(report, { flows: a.top, color });
  if (output !== undefined) await writeFile(output, text);
  else await out(text);
  return report.summary.verdict === 'fail' ? 1 : 0;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: ['check <captures..>', '$0 <captures..>'],
  describe: 'Check DS-Lite softwire captures (pcap, pcapng, gzip; "-" for stdin)',
  builder: (y: Argv) =>
    y
      .positional('captures', { type: 'string', array: true, demandOption: true, describe: 'capture files; - reads standard input' })
      .option('aftr', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'AFTR IPv6 address (repeat the option for several); inferred when absent' })
      .option('format', { alias: 'f', choices: FORMATS, default: 'table' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to FILE instead of standard output (- for stdout)' })
      .option('fail-on', { choices: FAIL_ON, default: 'error' as const, describe: 'lowest finding severity that makes the exit code 1' })
      .option('top', { type: 'number', default: 20, describe: 'largest inner flows to list' })
      .option('max-flows', { type: 'number', default: 200_000, describe: 'inner flows held at once (memory bound)' })
      .option('mtu', { type: 'number', requiresArg: true, describe: 'IPv6 link MTU between B4 and AFTR, both directions (inferred when absent)' })
      .option('mtu-up', { type: 'number', requiresArg: true, describe: 'link MTU B4 → AFTR (overrides --mtu)' })
      .option('mtu-down', { type: 'number', requiresArg: true, describe: 'link MTU AFTR → B4 (overrides --mtu)' })
      .option('df-profile', { choices: ['rfc6333', 'rfc2473'] as const, default: 'rfc6333' as const, describe: 'how oversized DF=1 packets must be handled (catalogue §3.1)' })
      .option('lan-mtu', { type: 'number', default: 1500, describe: 'largest IPv4 packet assumed on the B4 LAN (FRAG-002)' })
      .option('inner-overlap', { choices: ['first', 'last'] as const, default: 'first' as const, describe: 'whose bytes stand where inner IPv4 fragments overlap (always reported)' })
      .option('internet', { type: 'string', requiresArg: true, describe: "capture of the AFTR's IPv4 (Internet) side, correlated with the tunnel capture" })
      .option('lan', { type: 'string', requiresArg: true, describe: "capture of the B4's LAN side, correlated with the tunnel capture" })
      .option('internet-offset', { alias: 'clock-offset', type: 'number', default: 0, describe: 'seconds added to the Internet capture\'s timestamps (clock difference; the report estimates it from matched SYNs)' })
      .option('lan-offset', { type: 'number', default: 0, describe: 'seconds added to the LAN capture\'s timestamps (clock difference)' })
      .option('match-window', { type: 'number', default: 0.2, describe: 'seconds either way within which a counterpart must appear on the other capture' })
      .option('nat-pool', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: "the AFTR's NAT pool prefix (repeatable); inferred from the Internet side when absent" })
      .option('port-quota', { type: 'number', requiresArg: true, describe: 'per-subscriber port quota (reported; judged by NAT-009)' })
      .option('authorised-source', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'inner IPv4 source prefix the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001)' })
      .option('tunnel-if', { type: 'string', array: true, nargs: 1, describe: 'only these interfaces of the tunnel capture (pcapng if_name or number)' })
      .option('internet-if', { type: 'string', array: true, nargs: 1, describe: "the AFTR's Internet side as these interfaces (of --internet, or of the tunnel capture's file)" })
      .option('lan-if', { type: 'string', array: true, nargs: 1, describe: "the B4's LAN side as these interfaces (of --lan, or of the tunnel capture's file)" })
      .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)' })
      .check((argv) => {
        for (const k of ['top', 'max-flows', 'lan-mtu'] as const) {
          const v = argv[k];
          if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
        }
        if ((argv.captures ?? []).filter((c) => c === STDIN_TOKEN).length > 1) throw new Error('standard input (-) can be read only once');
        for (const k of ['internet-offset', 'lan-offset', 'match-window'] as const) if (!Number.isFinite(argv[k])) throw new Error(`--${k} must be a number of seconds`);
        if ((argv.internet !== undefined || argv.lan !== undefined || argv['internet-if'] !== undefined || argv['lan-if'] !== undefined) && (argv.captures ?? []).length !== 1)
          throw new Error('--internet and --lan are correlated with exactly one tunnel capture');
        return true;
      }) as unknown as Argv<CheckArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes.
  },
};
