import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './MTU-001.js';

ruleTester(rule, {
  valid: [
    { file: 'demo/demo.pcapng' },
    { file: 'tunnel/fragmenting.pcap' },
    { file: 'demo/demo.pcapng', options: { mtu: 1500 } },
  ],
  invalid: [
    {
      file: 'demo/demo.pcapng',
      options: { mtu: 1280 },
      errors: [
        { messageId: 'small', frames: [], severity: 'warning' },
        { messageId: 'small', frames: [], severity: 'warning' },
      ],
    },
    {
      file: 'tunnel/conservative.pcap',
      errors: [
        {
          messageId: 'conservative',
          frames: [2],
          confidence: 'likely',
          message: /fragments up tunnel packets to 1280-byte pieces while 1440-byte packets cross the same link whole/,
        },
      ],
    },
  ],
});
