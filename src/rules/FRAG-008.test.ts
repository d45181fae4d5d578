import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-008.js';

ruleTester(rule, {
  valid: [
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'fragmentation/outer-reversed.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/outer-tel.pcap' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-ipv6-2frags-bound-reverse.pcap' },
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    {
      file: 'fragmentation/outer-overlap-same.pcap',
      errors: [
        {
          messageId: 'overlap',
          frames: [1, 2],
          message: /identical bytes where they meet; overlapping piece at frame 2/,
        },
      ],
    },
    {
      // With the Internet side: the AFTR translated the datagram instead of discarding the set.
      file: 'twopoint/aftr-overlap-tunnel.pcap',
      options: sideOf('aftr-overlap', 'internet'),
      errors: [
        { messageId: 'overlap', frames: [5, 6] },
        {
          messageId: 'accepted',
          frames: [5, 6],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^the AFTR did not discard the overlapping outer fragment set at frames 5–6: its datagram \(UDP 203\.0\.113\.1:61001 → 198\.51\.100\.80:5001, 1500 bytes, ID 0x0701, DF=0\) left on the AFTR's Internet side/,
        },
      ],
    },
    { file: 'twopoint/aftr-overlap-tunnel.pcap', errors: [{ messageId: 'overlap', frames: [5, 6] }] },
    {
      file: 'fragmentation/outer-overlap-diff.pcap',
      errors: [
        {
          messageId: 'overlap',
          frames: [1, 2],
          message: /inconsistent bytes .* requires the AFTR to discard the whole datagram/,
        },
      ],
    },
  ],
});
