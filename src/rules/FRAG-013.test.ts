import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-013.js';

ruleTester(rule, {
  // No complete outer fragment set (inner fragmentation only, or a set that never completes): nothing to say.
  valid: [
    { file: 'tunnel/flow-label.pcap' },
    { file: 'fragmentation/inner-b4.pcap' },
    { file: 'fragmentation/outer-missing.pcap' },
  ],
  invalid: [
    {
      // The Internet side shows which sizes the AFTR reassembled: 1340 bytes yes, 1540 never.
      file: 'twopoint/aftr-reasm-limit-tunnel.pcap',
      options: sideOf('aftr-reasm-limit', 'internet'),
      errors: [
        {
          messageId: 'limitBelowNeed',
          frames: [7, 8, 11, 12],
          severity: 'warning',
          confidence: 'possible',
          message:
            /^reassembly limit below tunnel need: 2 up outer fragment set\(s\) of 1540 bytes \(frames 7–8, 11–12\) never left the AFTR on the AFTR's Internet side, while 2 set\(s\) of up to 1340 bytes did/,
        },
        { messageId: 'capacity', frames: [7, 8], message: /up to 1540 bytes \(4 fragmented\)/ },
      ],
    },
    {
      // Every set that reached the Internet side: no limit to speak of.
      file: 'twopoint/aftr-ok-tunnel.pcap',
      options: sideOf('aftr-ok', 'internet'),
      errors: [
        {
          messageId: 'capacity',
          frames: [5, 6],
          message: /the AFTR must reassemble up tunnel packets of up to 1540 bytes/,
        },
        {
          messageId: 'capacity',
          frames: [7, 8],
          message: /the B4 must reassemble down tunnel packets of up to 1540 bytes/,
        },
      ],
    },
    {
      file: 'fragmentation/outer-inorder.pcap',
      errors: [
        {
          messageId: 'capacity',
          frames: [1, 2],
          message: /the AFTR must reassemble up tunnel packets of up to 1540 bytes \(1 fragmented\)/,
        },
        {
          messageId: 'capacity',
          frames: [3, 4],
          message: /the B4 must reassemble down tunnel packets of up to 1540 bytes/,
        },
      ],
    },
    {
      file: 'fragmentation/outer-tel.pcap',
      errors: [{ messageId: 'capacity', frames: [1, 2], message: /up to 1548 bytes \(2 fragmented\)/ }],
    },
    {
      file: 'third-party/snabbco-snabb/lwaftr-data/tcp-ipv6-2frags-bound.pcap',
      errors: [
        {
          messageId: 'capacity',
          frames: [1, 2],
          message: /the AFTR must reassemble up tunnel packets of up to 1520 bytes/,
        },
      ],
    },
  ],
});
