import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-011.js';

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
      file: 'fragmentation/outer-atomic.pcap',
      errors: [{ messageId: 'atomic', frames: [1], confidence: 'confirmed' }],
    },
  ],
});
