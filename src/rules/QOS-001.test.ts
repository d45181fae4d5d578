import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './QOS-001.js';

ruleTester(rule, {
  valid: [
    { file: 'qos/copied.pcap' },
    { file: 'qos/compat.pcap' },
    { file: 'qos/ecn-mixed.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'tunnel/hoplimit-fixed.pcap' },
  ],
  invalid: [
    {
      file: 'qos/dscp-zeroed.pcap',
      errors: [
        {
          messageId: 'notCopied',
          frames: [1, 2, 4, 5],
          message:
            /^the B4 does not carry the inner DSCP over to the outer Traffic Class: 4 of 5 up packets differ \(inner → outer DSCP: 10 → 0 \(2\), 46 → 0 \(2\)\)/,
        },
      ],
    },
    {
      file: 'qos/dscp-remark.pcap',
      errors: [
        {
          messageId: 'notCopied',
          frames: [2, 3, 4],
          message: /^the AFTR does not carry .*: 3 of 4 down packets differ \(inner → outer DSCP: 46 → 34 \(3\)\)/,
        },
      ],
    },
  ],
});
