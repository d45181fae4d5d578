import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADDR-001.js';

ruleTester(rule, {
  valid: natValid('nat-leak'),
  invalid: [
    {
      // Reported on the Internet side (input 1), where the address appeared.
      file: 'nat/nat-leak-tunnel.pcap',
      options: natSide('nat-leak'),
      errors: [
        {
          messageId: 'wellKnownOnInternet',
          input: 1,
          frames: [22],
          confidence: 'confirmed',
          message:
            /^UDP 192\.0\.0\.2:40000 → 198\.51\.100\.80:5001, .* carries 192\.0\.0\.2 from 192\.0\.0\.0\/29 on the AFTR's Internet side \(frames 22\)/,
        },
      ],
    },
  ],
});
