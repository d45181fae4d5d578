import type { Rule } from './types.js';
import { ip4ToString, ip6ToString, type Ip6Key } from '../codec/addr.js';
import { frameText } from './words.js';

/** Two IPv4 prefixes share addresses when they agree on the shorter one's bits. */
const overlap = (a: { network: number; mask: number }, b: { network: number; mask: number }): boolean =>
  ((a.network ^ b.network) & a.mask & b.mask) === 0;
const prefixText = (p: { network: number; mask: number }): string => `${ip4ToString(p.network)}/${Math.clz32(~p.mask)}`;

interface Use {
  readonly aftr: Ip6Key;
  readonly b4: Ip6Key;
  readonly frames: readonly number[];
  readonly otherFrames: readonly number[];
}

/**
 * NAT-020: NAT pools do not overlap (RFC 6333 §8.1). A configuration check (the --nat-pool
 * prefixes given), and from captures: one external address serving the subscribers of two AFTRs
 * (info: the capture cannot tell two pools from one shared by design).
 */
export const rule: Rule = {
  meta: {
    id: 'NAT-020',
    title: 'NAT pools must not overlap',
    docs: 'NAT pools do not overlap: the configured `--nat-pool` prefixes, and from captures one external address serving the B4s of two AFTRs (info, `likely`: the capture cannot tell two pools from one shared by design)',
    rfc: [{ document: '6333', section: '§8.1' }],
    level: 'MUST NOT',
    kind: 'informational',
    needs: ['config', 'tunnel', 'internet'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      configured: 'the configured NAT pools {a} and {b} overlap; pools must not share addresses (RFC 6333 §8.1)',
      shared:
        "external address {external} serves B4s of two AFTRs: {b4} through AFTR {aftr} (frames {frames}; {otherFrames} on the Internet side) and {otherB4} through AFTR {otherAftr} (frames {laterFrames}; {laterOther} on the Internet side): the AFTRs' pools overlap (RFC 6333 §8.1)",
    },
  },
  create(context) {
    const byExternal = new Map<number, Use>();
    const reported = new Set<string>();
    return {
      'input-end'(e) {
        if (e.input !== 0) return;
        const pools = context.config.natPools;
        for (let i = 0; i < pools.length; i++)
          for (let j = i + 1; j < pools.length; j++)
            if (overlap(pools[i]!, pools[j]!))
              context.report({
                messageId: 'configured',
                data: { a: prefixText(pools[i]!), b: prefixText(pools[j]!) },
                frames: [],
                input: 0,
                confidence: 'confirmed',
              });
      },
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.created) return;
        const sw = e.pair.tunnel.softwire;
        const ext = n.binding.external;
        const first = byExternal.get(ext);
        if (!first) {
          byExternal.set(ext, {
            aftr: sw.aftr,
            b4: sw.b4,
            frames: e.pair.tunnel.frames,
            otherFrames: e.pair.other.frames,
          });
          return;
        }
        // The same AFTR is the rule: the pair's words only when the AFTRs differ.
        if (first.aftr === sw.aftr) return;
        const key = `${ext}|${[first.aftr, sw.aftr].sort().join('|')}`;
        if (reported.has(key)) return;
        reported.add(key);
        context.report({
          messageId: 'shared',
          data: {
            external: ip4ToString(ext),
            b4: ip6ToString(first.b4),
            aftr: ip6ToString(first.aftr),
            frames: frameText(first.frames),
            otherFrames: frameText(first.otherFrames),
            otherB4: ip6ToString(sw.b4),
            otherAftr: ip6ToString(sw.aftr),
            laterFrames: frameText(e.pair.tunnel.frames),
            laterOther: frameText(e.pair.other.frames),
          },
          frames: [...first.frames, ...e.pair.tunnel.frames],
          input: e.pair.tunnel.input,
          related: [{ input: e.pair.other.input, frames: [...first.otherFrames, ...e.pair.other.frames] }],
          confidence: 'likely',
        });
      },
    };
  },
};
