import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-012.js';

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
      file: 'fragmentation/outer-missing.pcap',
      errors: [
        {
          messageId: 'endOfCapture',
          frames: [1],
          confidence: 'possible',
          message: /lacked bytes 1448–end when the capture ended/,
        },
      ],
    },
    {
      file: 'fragmentation/outer-missing.pcap',
      options: { fragmentTimeout: 0.0005 },
      errors: [{ messageId: 'timeout', frames: [1], message: /should send ICMPv6 Time Exceeded code 1/ }],
    },
  ],
});
