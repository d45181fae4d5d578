import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-007.js';

ruleTester(rule, {
  valid: [{ file: 'demo/demo.pcapng' }, { file: 'tunnel/hoplimit-fixed.pcap' }],
  invalid: [
    {
      file: 'tunnel/flow-label.pcap',
      errors: [
        {
          messageId: 'nonZero',
          frames: [1],
          message: /the B4 set a non-zero outer flow label on 4 of 4 up packets \(1 of 1 softwire\)/,
        },
      ],
    },
  ],
});
