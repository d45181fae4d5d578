import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-016.js';

ruleTester(rule, {
  // nat-eim: dependent mapping only (NAT-001), nothing to compare it with; nat-eif / nat-adf: one filtering each.
  valid: natValid('nat-mixed'),
  invalid: [
    {
      file: 'nat/nat-mixed-tunnel.pcap',
      options: natSide('nat-mixed'),
      errors: [
        {
          messageId: 'mapping',
          frames: [22, 24],
          confidence: 'likely',
          message:
            /^the AFTR mapped some internal endpoints independently of the destination \(1 time\(s\), e\.g\. frames 24\) and others per destination \(1 time\(s\), e\.g\. frames 22\)/,
        },
      ],
    },
  ],
});
