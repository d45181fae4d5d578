import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-010.js';

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
      file: 'fragmentation/outer-id-reuse.pcap',
      errors: [
        {
          messageId: 'reused',
          frames: [1, 2, 3, 4],
          message: /Identification 0x0000100b reused by the B4 0\.001 s after .*frames 1–2, then frames 3–4/,
        },
      ],
    },
  ],
});
