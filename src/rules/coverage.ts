import { type Finding, type Role, type RuleResult, type Severity, tunnelOf } from '../model/report.js';
import { ruleOptions } from './engine.js';
import { DEFAULT_RULE_CONFIG, rfcText, type Rule, type RuleContext } from './types.js';

/** Events that exist only with a second capture (--internet or --lan) correlated with the tunnel. */
const TWO_POINT_EVENTS = new Set([
  'pair',
  'unpaired',
  'side-datagram',
  'correlation-end',
  'nat',
  'nat-undelivered',
  'nat-hairpin',
  'nat-unmapped',
]);
/** Events every run delivers: they say nothing about whether the capture held what a rule judges. */
const ALWAYS = new Set(['input-end', 'correlation-end']);

/** What each event is, in the words of a skip reason. */
const EVENT_WORDS: Readonly<Record<string, string>> = {
  'softwire-packet': 'softwire packets',
  'outer-fragment': 'outer fragments',
  'outer-datagram': 'outer fragment sets',
  'inner-datagram': 'inner IPv4 fragments',
  'icmpv6-error': 'ICMPv6 errors quoting tunnel packets',
  'side-datagram': 'datagrams on the other capture',
  pair: 'datagrams matched across the captures',
  nat: 'NAT translations',
  'nat-undelivered': 'Internet-side datagrams for a binding left undelivered',
  'nat-hairpin': 'hairpinned datagrams',
  'nat-unmapped': 'up datagrams the AFTR did not forward',
  unpaired: 'datagrams without a counterpart',
};

/** The event types a rule listens to (it is created once, with no effect, to ask). */
export function listensTo(r: Rule): string[] {
  const context: RuleContext = {
    report: () => {},
    suppress: () => {},
    atLimit: () => false,
    config: DEFAULT_RULE_CONFIG,
    options: ruleOptions(r.meta, undefined),
    coverage: () => ({ watch: () => ({ covered: false, hole: undefined }) }),
  };
  return Object.keys(r.create(context));
}

/** Whether a rule judges nothing from the tunnel capture alone: every event it listens to needs a second capture. */
export const needsSecond = (r: Rule): boolean => listensTo(r).every((h) => TWO_POINT_EVENTS.has(h));

const SIDE_WORDS = {
  internet: ['internet', "a capture of the AFTR's Internet side (--internet)"],
  lan: ['lan', "a capture of the B4's LAN side (--lan)"],
} as const;

export interface CoverageInput {
  readonly rules: readonly Rule[];
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** The run's inputs: a result per tunnel capture; side captures' findings count with the tunnel capture they were read with. */
  readonly inputs: readonly { readonly role: Role }[];
  /** The event types each rule's handlers take (the engine that created them knows). */
  readonly listensTo: (r: Rule) => readonly string[];
  readonly sides: readonly ('internet' | 'lan')[];
  readonly seen: (input: number) => Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
}

/**
 * Every rule's outcome per tunnel input, as a CI report lists test cases: failed (it found
 * something), skipped with the reason the capture could not decide it, or passed.
 */
export function ruleResults(c: CoverageInput): RuleResult[] {
  const tunnelInputs = c.inputs.flatMap((x, i) => (x.role === 'tunnel' ? [i] : []));
  const count = new Map<string, number>();
  for (const f of c.findings) {
    const k = `${f.rule}\u0000${tunnelOf(c.inputs, f.input)}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  return [...c.rules]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map((r) => {
      const m = r.meta;
      const configured = c.severity[m.id] ?? m.defaultSeverity;
      const types = configured === 'off' ? [] : c.listensTo(r);
      const twoPointOnly = types.length > 0 && types.every((t) => TWO_POINT_EVENTS.has(t));
      const missing = m.needs
        .flatMap((n) => (n === 'internet' || n === 'lan' ? [SIDE_WORDS[n]] : []))
        .filter(([side]) => !c.sides.includes(side));
      const judged = types.filter((t) => !ALWAYS.has(t));
      const results = tunnelInputs.map((input) => {
        const findings = count.get(`${m.id}\u0000${input}`) ?? 0;
        if (findings > 0) return { input, status: 'failed' as const, findings };
        const skip = (reason: string) => ({ input, status: 'skipped' as const, findings: 0, reason });
        if (configured === 'off') return skip('turned off in the configuration');
        if (
          twoPointOnly &&
          missing.length === m.needs.filter((n) => n === 'internet' || n === 'lan').length &&
          missing.length > 0
        )
          return skip(`needs ${missing.map(([, w]) => w).join(' or ')}`);
        const seen = c.seen(input);
        if (judged.length > 0 && judged.every((t) => !seen[t]))
          return skip(
            `nothing in the capture for it to judge: no ${[...new Set(judged.map((t) => EVENT_WORDS[t] ?? t))].join(', ')}`,
          );
        return { input, status: 'passed' as const, findings: 0 };
      });
      return { rule: m.id, title: m.title, rfc: rfcText(m.rfc), severity: configured, results };
    });
}
