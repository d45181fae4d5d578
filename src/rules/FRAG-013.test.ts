import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-013.js';

ruleTester(rule, {
  // No complete outer fragment set (inner fragmentation only, or a set that never completes): nothing to say.
  valid: [{ file: 'tunnel/flow-label.pcap' }, { file: 'fragmentation/inner-b4.pcap' }, { file: 'fragmentation/outer-missing.pcap' }],
  invalid: [
    {
      file: 'fragmentation/outer-inorder.pcap',
      errors: [
        { messageId: 'capacity', frames: [1, 2], message: /the AFTR must reassemble up tunnel packets of up to 1540 bytes \(1 fragmented\)/ },
        { messageId: 'capacity', frames: [3, 4], message: /the B4 must reassemble down tunnel packets of up to 1540 bytes/ },
      ],
    },
    { file: 'fragmentation/outer-tel.pcap', errors: [{ messageId: 'capacity', frames: [1, 2], message: /up to 1548 bytes \(2 fragmented\)/ }] },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-ipv6-2frags-bound.pcap', errors: [{ messageId: 'capacity', frames: [1, 2], message: /the AFTR must reassemble up tunnel packets of up to 1520 bytes/ }] },
  ],
});
