import { inIp6Prefix, type Ip6Prefix, parseIp6, parseIp6Prefix } from '../codec/addr.js';
import { ConfigError } from '../config/error.js';
import { keepFindings } from './merge.js';
import type { Report } from '../model/report.js';
import { counted } from './text.js';

/** The B4 addresses or prefixes of --b4, parsed (a bad one is a usage error); undefined when none was given. */
export function b4Scope(
  list: readonly string[],
): { readonly text: readonly string[]; readonly prefixes: readonly Ip6Prefix[] } | undefined {
  if (!list.length) return undefined;
  const prefixes = list.map((t) => {
    const p = parseIp6Prefix(t);
    if (!p) throw new ConfigError(`--b4 ${t}: not an IPv6 address or prefix`);
    return p;
  });
  return { text: list, prefixes };
}

export interface Scope {
  readonly b4?: ReturnType<typeof b4Scope>;
  /** The partial-check line of --rule / --skip-rule, when given. */
  readonly rules?: string | undefined;
}

/**
 * The report limited to the softwires of the chosen B4s (--b4): their softwires, flows, NAT
 * bindings and findings; findings about no softwire (the capture, the configuration) stay. The
 * verdict is judged again on what is left, and the report's warnings say the check is partial,
 * in every format.
 */
export function withScope(r: Report, scope: Scope): Report {
  const notes = [scope.rules].filter((x): x is string => x !== undefined);
  let out = r;
  const b4 = scope.b4;
  if (b4) {
    const inScope = (addr: string): boolean => {
      const key = parseIp6(addr);
      return key !== undefined && b4.prefixes.some((p) => inIp6Prefix(key, p));
    };
    const kept = keepFindings(
      r,
      r.findings.filter((f) => f.softwire === undefined || inScope(f.softwire.b4)),
    );
    const softwires = r.softwires.filter((w) => inScope(w.b4));
    out = {
      ...kept,
      softwires,
      flows: r.flows.filter((f) => inScope(f.b4)),
      nat: r.nat && {
        ...r.nat,
        bindings: r.nat.bindings.filter((b) => inScope(b.b4)),
        perB4: r.nat.perB4.filter((p) => inScope(p.b4)),
      },
    };
    notes.push(
      `partial check: only the softwires of B4 ${b4.text.join(', ')} (--b4): ${counted(softwires.length, 'softwire')} of ${r.softwires.length} listed; counts above the softwire table are the whole capture's`,
    );
  }
  if (!notes.length) return out;
  return { ...out, summary: { ...out.summary, warnings: [...notes, ...out.summary.warnings] } };
}
