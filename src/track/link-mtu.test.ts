import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { dissect } from '../dissect/dissect.js';
import { createLinkMtuLearner } from './link-mtu.js';

/** The B4 of fixtures/pcaps/mtu is 2001:db8:100:1::2 (fixtures/scapy/dslite.py): true for words of its /64. */
const B4_SIDE_LINK = (s0: number, s1: number): boolean => s0 === 0x20010db8 && s1 === 0x01000001;

/** Feeds every softwire packet and Packet Too Big of a capture to a learner, directions by the B4's address. */
async function learn(rel: string): Promise<ReturnType<typeof createLinkMtuLearner>> {
  const l = createLinkMtuLearner();
  for (const rec of (await collect(fixture(rel))).records) {
    const p = dissect(rec).net;
    if (p?.kind !== 'ip6') continue;
    const up = B4_SIDE_LINK(p.hdr.s0, p.hdr.s1);
    if (p.upper === 4) l.packet(up ? 'up' : 'down', p, rec.frame);
    if (p.l4?.kind === 'icmpv6' && p.l4.hdr.type === 2 && p.l4.quoted)
      l.tooBig(B4_SIDE_LINK(p.l4.quoted.hdr.s0, p.l4.quoted.hdr.s1) ? 'up' : 'down', p.l4.hdr.rest, rec.frame);
  }
  return l;
}

describe('link MTUs learned from a capture (fixtures/pcaps/mtu/make.py)', () => {
  it('a Packet Too Big gives the path MTU, before the largest packet', async () => {
    const l = await learn('mtu/learned-ptb.pcap');
    expect(l.learned('up')).toEqual([
      { value: 1420, frame: 4, how: 'packet-too-big' },
      { value: 1500, frame: 3, how: 'largest-packet' },
    ]);
  });
  it('the first outer fragment gives its sender MTU; packets around inner fragments teach nothing', async () => {
    const l = await learn('mtu/learned-outer.pcap');
    expect(l.learned('down')).toEqual([
      { value: 1344, frame: 3, how: 'outer-fragments' },
      { value: 340, frame: 2, how: 'largest-packet' },
    ]);
    expect((await learn('mtu/unlearned.pcap')).learned('up')).toEqual([
      { value: 340, frame: 1, how: 'largest-packet' },
    ]);
  });
  it('a Packet Too Big below the IPv6 minimum MTU is not a link MTU; the smallest one stands', () => {
    const l = createLinkMtuLearner();
    l.tooBig('down', 1200, 1);
    l.tooBig('down', 1400, 2);
    l.tooBig('down', 1380, 3);
    l.tooBig('down', 1450, 4);
    expect(l.learned('down')).toEqual([{ value: 1380, frame: 3, how: 'packet-too-big' }]);
    expect(l.learned('up')).toEqual([]);
  });
});
