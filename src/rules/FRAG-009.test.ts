import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-009.js';

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
      file: 'fragmentation/outer-first-short.pcap',
      errors: [{ messageId: 'innerCut', frames: [1], message: /ends 8 bytes into the 20-byte inner IPv4 header/ }],
    },
  ],
});
