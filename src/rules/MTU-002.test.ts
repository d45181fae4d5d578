import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './MTU-002.js';

ruleTester(rule, {
  valid: [{ file: 'tunnel/flow-label.pcap' }, { file: 'fragmentation/inner-b4.pcap' }],
  invalid: [
    {
      file: 'tunnel/fragmenting.pcap',
      errors: [
        {
          messageId: 'fragmenting',
          frames: [1, 2, 5, 6, 9, 10, 13, 14],
          message: /up tunnel packets from the B4 outer-fragmented: 4 \(40\.0 % of 10\); a link MTU of 1540 bytes/,
        },
      ],
    },
    {
      file: 'demo/demo.pcapng',
      errors: [
        {
          messageId: 'fragmenting',
          frames: [10, 11],
          message: /down tunnel packets from the AFTR outer-fragmented: 1 \(9\.1 % of 11\)/,
        },
      ],
    },
  ],
});
