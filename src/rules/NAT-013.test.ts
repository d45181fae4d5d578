import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-013.js';

ruleTester(rule, {
  valid: natValid('nat-rst-lost'),
  invalid: [
    {
      // Absence-based, and the captures carry no drop counters: `possible`, a warning.
      file: 'nat/nat-rst-lost-tunnel.pcap',
      options: natSide('nat-rst-lost'),
      errors: [
        {
          messageId: 'rstDropped',
          frames: [22],
          severity: 'warning',
          confidence: 'possible',
          message:
            /^the TCP reset TCP 192\.168\.1\.10:50000 → 198\.51\.100\.82:443, .* \(sent by the subscriber into the softwire, frames 22\) never reached the AFTR's Internet side/,
        },
      ],
    },
  ],
});
