import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-010.js';

ruleTester(rule, {
  // Every other case's inbound traffic answers what its binding sent.
  valid: natValid('nat-eif', 'nat-adf'),
  invalid: [
    {
      file: 'nat/nat-eif-tunnel.pcap',
      options: natSide('nat-eif'),
      errors: [
        {
          messageId: 'filtering',
          input: 1,
          frames: [22],
          severity: 'info',
          confidence: 'confirmed',
          message:
            /delivered 1 \(frames 22 on the Internet side\) and dropped 0 \(frames –\): endpoint-independent filtering/,
        },
      ],
    },
    {
      file: 'nat/nat-adf-tunnel.pcap',
      options: natSide('nat-adf'),
      errors: [
        {
          messageId: 'filtering',
          input: 1,
          frames: [22],
          severity: 'info',
          confidence: 'likely',
          message: /delivered 0 .* and dropped 1 \(frames 22\): address- or address-and-port-dependent filtering/,
        },
      ],
    },
  ],
});
