import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_TABLES, DEFAULTS, MIN_MEMORY_MB } from '../config/defaults.js';
import type { Severity } from '../model/report.js';
import { ringForm } from '../capture/ring-names.js';
import { CHECK_FORMATS, type CheckFormat, FAIL_ON, numberOption, refuseLoneModifiers, STDIN_TOKEN } from './options.js';

export interface CheckArgs {
  captures: string[];
  aftr: string[];
  'b4-prefix': string[];
  b4: string[];
  rule: string[];
  'skip-rule': string[];
  format?: CheckFormat;
  output?: string;
  'fail-on'?: Severity | 'never';
  'max-warnings'?: number;
  top?: number;
  memory?: number;
  'max-flows'?: number;
  'max-softwires'?: number;
  color: boolean | undefined;
  mtu?: number;
  'mtu-up'?: number;
  'mtu-down'?: number;
  'df-profile'?: 'rfc6333' | 'rfc2473';
  'lan-mtu'?: number;
  'inner-overlap'?: 'first' | 'last';
  internet?: string;
  lan?: string;
  'internet-offset'?: number;
  'lan-offset'?: number;
  'match-window'?: number;
  'nat-pool': string[];
  'port-quota'?: number;
  'authorised-source': string[];
  'registered-b4': string[];
  'tunnel-if'?: string[];
  'internet-if'?: string[];
  'lan-if'?: string[];
  config?: string;
  'print-config'?: boolean;
  baseline?: string;
  'write-baseline'?: string;
  annotate?: string;
  'annotate-findings-only'?: boolean;
  quiet?: boolean;
  jobs?: number;
  shard?: string;
  sequence?: boolean;
}

/** Options that only change another: given alone they are an error. */
const CHECK_MODIFIERS = {
  'annotate-findings-only': ['annotate'],
  'internet-offset': ['internet', 'internet-if'],
  'lan-offset': ['lan', 'lan-if'],
  'match-window': ['internet', 'lan', 'internet-if', 'lan-if'],
} as const;

const repeatable = (describe: string) =>
  ({ type: 'string', array: true, nargs: 1, default: [] as string[], describe }) as const;

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: ['check [captures..]', '$0 [captures..]'],
  describe: 'Check DS-Lite softwire captures (pcap, pcapng, gzip; "-" for stdin)',
  builder: (y: Argv) =>
    y
      .positional('captures', { type: 'string', array: true, describe: 'capture files; - reads standard input' })
      .option('aftr', repeatable('AFTR IPv6 address (repeat the option for several); inferred when absent'))
      .option('b4-prefix', repeatable('IPv6 prefix the B4s are in (repeatable): an end inside one is the B4'))
      .option(
        'b4',
        repeatable(
          'report only the softwires of this B4 address or prefix (repeatable); the report says it is partial',
        ),
      )
      .option(
        'rule',
        repeatable('judge only this rule, or the rules whose ID starts with it (FRAG, NAT-01; repeatable)'),
      )
      .option('skip-rule', repeatable('do not judge this rule or ID prefix (repeatable)'))
      .option('format', {
        alias: 'f',
        choices: CHECK_FORMATS,
        describe:
          "output format [default: from the extension of -o, else table]; state: a shard's partial state for merge",
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'write the report to FILE instead of standard output (- for stdout)',
      })
      .option('config', {
        alias: 'c',
        type: 'string',
        requiresArg: true,
        describe: 'configuration file (default: dslite-check.config.json in the working directory, if any)',
      })
      .option('print-config', {
        type: 'boolean',
        describe: 'print the effective configuration (defaults, file, command line) as JSON and exit',
      })
      .option('fail-on', {
        choices: FAIL_ON,
        describe: `lowest finding severity that makes the exit code 1 [default: ${DEFAULTS.failOn}]`,
      })
      .option('max-warnings', numberOption('max-warnings', { describe: 'more warnings than N make the exit code 1' }))
      .option('baseline', {
        type: 'string',
        requiresArg: true,
        describe: 'report only findings not in this baseline file',
      })
      .option('write-baseline', {
        type: 'string',
        requiresArg: true,
        describe: "record this run's findings as a baseline file",
      })
      .option('annotate', {
        type: 'string',
        requiresArg: true,
        describe: 'write the capture as pcapng with a packet comment on every frame a finding cites',
      })
      .option('annotate-findings-only', {
        type: 'boolean',
        describe: 'with --annotate: keep only the frames findings cite',
      })
      .option('jobs', {
        alias: 'j',
        ...numberOption('jobs', {
          describe: `check several captures in parallel on N worker threads, merged into one report [default: ${DEFAULTS.jobs}]`,
        }),
      })
      .option('shard', {
        type: 'string',
        requiresArg: true,
        describe:
          'analyse share I of N of the softwires (I from 1) and write its partial state (--format state); merge joins all N into the report one run gives',
      })
      .option('quiet', {
        alias: 'q',
        type: 'boolean',
        describe: 'no progress line on stderr (shown only when stderr is a terminal)',
      })
      .option('top', numberOption('top', { describe: `largest inner flows to list [default: ${DEFAULTS.top}]` }))
      .option(
        'memory',
        numberOption('memory', {
          describe: `memory budget in MB the state tables (softwires, flows, NAT bindings, fragment sets) are sized from; per worker with --jobs [default: ${DEFAULTS.memory}]`,
        }),
      )
      .option(
        'max-flows',
        numberOption('max-flows', {
          describe: `inner flows held at once (memory bound) [default: from --memory, ${DEFAULT_TABLES.maxFlows} at ${DEFAULTS.memory}]`,
        }),
      )
      .option(
        'max-softwires',
        numberOption('max-softwires', {
          describe: `softwires held at once per capture (memory bound) [default: from --memory, ${DEFAULT_TABLES.maxSoftwires} at ${DEFAULTS.memory}]`,
        }),
      )
      .option(
        'mtu',
        numberOption('mtu', { describe: 'IPv6 link MTU between B4 and AFTR, both directions (inferred when absent)' }),
      )
      .option('mtu-up', numberOption('mtu-up', { describe: 'link MTU B4 → AFTR (overrides --mtu)' }))
      .option('mtu-down', numberOption('mtu-down', { describe: 'link MTU AFTR → B4 (overrides --mtu)' }))
      .option('df-profile', {
        choices: ['rfc6333', 'rfc2473'] as const,
        describe: `how oversized DF=1 packets must be handled (catalogue §3.1) [default: ${DEFAULTS.dfProfile}]`,
      })
      .option(
        'lan-mtu',
        numberOption('lan-mtu', {
          describe: `largest IPv4 packet assumed on the B4 LAN (FRAG-002) [default: ${DEFAULTS.lanMtu}]`,
        }),
      )
      .option('inner-overlap', {
        choices: ['first', 'last'] as const,
        describe: `whose bytes stand where inner IPv4 fragments overlap (always reported) [default: ${DEFAULTS.innerOverlap}]`,
      })
      .option('internet', {
        type: 'string',
        requiresArg: true,
        describe:
          "capture of the AFTR's IPv4 (Internet) side, correlated with the tunnel capture; a quoted pattern ('inet/trace.pcap*') is that point's files, read as one capture",
      })
      .option('lan', {
        type: 'string',
        requiresArg: true,
        describe:
          "capture of the B4's LAN side, correlated with the tunnel capture; a quoted pattern is that point's files, read as one capture",
      })
      .option('internet-offset', {
        alias: 'clock-offset',
        ...numberOption('internet-offset', {
          describe:
            "with --internet: seconds added to the Internet capture's timestamps (clock difference; the report estimates it from matched SYNs) [default: 0]",
        }),
      })
      .option(
        'lan-offset',
        numberOption('lan-offset', {
          describe: "with --lan: seconds added to the LAN capture's timestamps (clock difference) [default: 0]",
        }),
      )
      .option(
        'match-window',
        numberOption('match-window', {
          describe: `with --internet or --lan: seconds either way within which a counterpart must appear on the other capture [default: ${DEFAULTS.matchWindow}]`,
        }),
      )
      .option(
        'nat-pool',
        repeatable("the AFTR's NAT pool prefix (repeatable); inferred from the Internet side when absent"),
      )
      .option(
        'port-quota',
        numberOption('port-quota', { describe: 'per-subscriber port quota (reported; judged by NAT-009)' }),
      )
      .option(
        'authorised-source',
        repeatable('inner IPv4 source prefix the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001)'),
      )
      .option(
        'registered-b4',
        repeatable(
          'IPv6 prefix of B4s registered for the service (repeatable): softwires from other B4s are SEC-002 findings',
        ),
      )
      .option('tunnel-if', {
        type: 'string',
        array: true,
        nargs: 1,
        describe: 'only these interfaces of the tunnel capture (pcapng if_name or number)',
      })
      .option('internet-if', {
        type: 'string',
        array: true,
        nargs: 1,
        describe: "the AFTR's Internet side as these interfaces (of --internet, or of the tunnel capture's file)",
      })
      .option('lan-if', {
        type: 'string',
        array: true,
        nargs: 1,
        describe: "the B4's LAN side as these interfaces (of --lan, or of the tunnel capture's file)",
      })
      .option('sequence', {
        type: 'boolean',
        describe:
          'the capture files are one capture (a ring buffer, a rotation), read file after file in the order of their first frames, frames numbered as mergecap -a numbers them; on by default for the names tcpdump -C/-G/-W, dumpcap -b and editcap -c write, --no-sequence judges each file alone',
      })
      .option('color', {
        type: 'boolean',
        describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)',
      })
      .check((argv) => {
        refuseLoneModifiers(argv as Record<string, unknown>, CHECK_MODIFIERS);
        // A value that is not a number at all has its own error from numberOption: checked here are numbers only.
        const num = (v: unknown): v is number => typeof v === 'number';
        const mem = argv.memory;
        if (num(mem) && (!Number.isInteger(mem) || mem < MIN_MEMORY_MB))
          throw new Error(`--memory must be a whole number of MB, at least ${MIN_MEMORY_MB}`);
        const ms = argv['max-softwires'];
        if (num(ms) && (!Number.isInteger(ms) || ms < 16))
          throw new Error('--max-softwires must be an integer of at least 16');
        for (const k of ['top', 'max-flows', 'lan-mtu', 'jobs'] as const) {
          const v = argv[k];
          if (num(v) && (!Number.isInteger(v) || v < 1)) throw new Error(`--${k} must be a positive integer`);
        }
        const mw = argv['max-warnings'];
        if (num(mw) && (!Number.isInteger(mw) || mw < 0)) throw new Error('--max-warnings must be a whole number');
        if ((argv.captures ?? []).filter((c) => c === STDIN_TOKEN).length > 1)
          throw new Error('standard input (-) can be read only once');
        if (
          (argv.internet !== undefined ||
            argv.lan !== undefined ||
            argv['internet-if'] !== undefined ||
            argv['lan-if'] !== undefined) &&
          (argv.captures ?? []).length !== 1 &&
          !(argv.sequence ?? ringForm(argv.captures ?? []) !== undefined)
        )
          throw new Error('--internet and --lan are correlated with exactly one tunnel capture');
        return true;
      }) as unknown as Argv<CheckArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes and loads the command's code only when it runs.
  },
};
