import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-004.js';

ruleTester(rule, {
  valid: [
    { file: 'tunnel/hoplimit-fixed.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/igalia-snabb/snabbvmx/v4v6-256.pcap' },
  ],
  invalid: [
    {
      file: 'tunnel/hoplimit-copied.pcap',
      errors: [
        {
          messageId: 'copied',
          frames: [1, 2, 3, 4, 5],
          confidence: 'likely',
          message: /over 24 up packets with 3 or more different inner TTLs the hop limit was always TTL \+ 1/,
        },
      ],
    },
  ],
});
