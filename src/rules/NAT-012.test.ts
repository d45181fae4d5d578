import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-012.js';

ruleTester(rule, {
  valid: natValid('nat-syn-answered'),
  invalid: [
    {
      file: 'nat/nat-syn-answered-tunnel.pcap',
      options: natSide('nat-syn-answered'),
      errors: [
        {
          messageId: 'answered',
          input: 1,
          frames: [22, 23],
          confidence: 'confirmed',
          message:
            /^an unsolicited SYN from 198\.51\.100\.99:5555 to 203\.0\.113\.1:10500 \(frames 22\) was answered by a reset from the AFTR 0\.0005 s later \(frames 23\)/,
        },
      ],
    },
  ],
});
