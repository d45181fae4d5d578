import { ip4ToString, type Ip6Key } from '../codec/addr.js';
import { TCP_ACK, TCP_SYN } from '../codec/tcp.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

/** 192.0.0.0/29: a host-based B4 sources its own traffic from 192.0.0.2 (RFC 6333 §5.7); one host, one address, no NAT. */
const B4_RANGE = (a: number): boolean => (a & 0xfffffff8) >>> 0 === 0xc0000000;
/** Initial TTLs of the common stacks (64: Linux, macOS, Android; 128: Windows; 255: network gear). */
const FAMILIES = [64, 128, 255] as const;
const familyOf = (ttl: number): number => FAMILIES.findIndex((f) => ttl <= f);
/** TTLs this low are traceroute probes or loops, not an OS's initial TTL less a hop or two. */
const PROBE_TTL = 32;
/** SYNs per family before a family counts: one odd SYN is not another host. */
const PER_FAMILY = 2;
const FRAMES = 10;

interface B4Seen {
  readonly softwire: { readonly b4: Ip6Key; readonly aftr: Ip6Key };
  readonly input: number;
  readonly src: number;
  several: boolean;
  readonly families: number[];
  readonly frames: number[];
}

/**
 * B4-001: a DS-Lite CPE does not NAT IPv4 in front of its B4 (RFC 6333 §4.2 SHOULD NOT; RFC 7084
 * DLW-2). From the tunnel alone it is a heuristic: every connection a B4 opens comes from one
 * address outside 192.0.0.0/29 while the SYNs' TTLs show stacks of more than one OS family —
 * several hosts behind one address. (Confirming it with the LAN side needs a correlation that
 * pairs a datagram across a source rewrite, which the LAN side's does not: not built.)
 */
export const rule: Rule = {
  meta: {
    id: 'B4-001',
    title: 'CPE does not NAT IPv4 before the B4',
    docs: "from the tunnel: every connection a B4 opens comes from one address outside 192.0.0.0/29 while its SYNs' TTLs show two OS families (`possible`)",
    rfc: [
      { document: '6333', section: '§4.2' },
      { document: '7084', section: 'DLW-2' },
    ],
    level: 'SHOULD NOT',
    kind: 'heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      oneSource:
        'every connection the B4 opened came from one address, {src}, while the TTLs of its SYNs show {families} ({syns} SYNs, frames {frames}): several hosts behind one address, so the CPE appears to NAT IPv4 before the B4 — double NAT with the AFTR (RFC 6333 §4.2, RFC 7084 DLW-2)',
    },
  },
  create(context) {
    const byB4 = new Map<number, B4Seen>();
    return {
      'softwire-packet'(e) {
        const l4 = e.inner?.l4;
        if (e.dir !== 'up' || l4?.kind !== 'tcp' || (l4.flags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return;
        const h = e.inner!.hdr;
        let s = byB4.get(e.softwire.id);
        if (!s)
          byB4.set(
            e.softwire.id,
            (s = {
              softwire: { b4: e.softwire.b4, aftr: e.softwire.aftr },
              input: e.meta.input,
              src: h.src,
              several: false,
              families: [0, 0, 0],
              frames: [],
            }),
          );
        if (h.src !== s.src) s.several = true;
        if (s.several || h.ttl < PROBE_TTL) return;
        s.families[familyOf(h.ttl)]!++;
        if (s.frames.length < FRAMES) s.frames.push(e.meta.frame);
      },
      'input-end'(e) {
        for (const s of byB4.values()) {
          const families = FAMILIES.filter((_, i) => s.families[i]! >= PER_FAMILY);
          if (s.several || B4_RANGE(s.src) || families.length < 2) continue;
          context.report({
            messageId: 'oneSource',
            data: {
              src: ip4ToString(s.src),
              families: `initial TTLs ${families.join(' and ')}`,
              syns: s.families.reduce((a, b) => a + b, 0),
              frames: frameText(s.frames),
            },
            frames: s.frames,
            input: e.input,
            confidence: 'possible',
            softwire: s.softwire,
          });
        }
        byB4.clear();
      },
    };
  },
};
