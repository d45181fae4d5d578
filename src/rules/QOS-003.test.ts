import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './QOS-003.js';

ruleTester(rule, {
  // Copied (normal mode), Not-ECT outer (compatibility mode), CE over ECT (a router marked it): all pass.
  valid: [
    { file: 'qos/copied.pcap' },
    { file: 'qos/compat.pcap' },
    { file: 'qos/dscp-zeroed.pcap' },
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    {
      file: 'qos/ecn-bad.pcap',
      errors: [
        {
          messageId: 'wrong',
          frames: [1, 2],
          message: /: 2 of 3 up packets \(inner → outer ECN: Not-ECT → ECT\(0\) \(1\), ECT\(1\) → ECT\(0\) \(1\)\)/,
        },
      ],
    },
    {
      file: 'qos/ecn-mixed.pcap',
      errors: [
        {
          messageId: 'mixed',
          frames: [],
          severity: 'info',
          message:
            /^the B4 mixes the two RFC 6040 §4\.1 encapsulation modes on its up packets: 2 ECN-capable inner packets with the ECN copied \(normal mode\), 2 with the outer Not-ECT/,
        },
      ],
    },
  ],
});
