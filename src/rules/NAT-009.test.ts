import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-009.js';

ruleTester(rule, {
  valid: [
    // Without --port-quota the rule judges nothing; with a quota no B4 reaches, nothing either.
    ...natValid(),
    ...natValid('nat-quota').map((c) => ({ ...c, options: { ...c.options, portQuota: 8 } })),
  ],
  invalid: [
    {
      // B4 3's refused SYN is answered with ICMPv4 3/1: no finding for it.
      file: 'nat/nat-quota-tunnel.pcap',
      options: natSide('nat-quota', { portQuota: 2 }),
      errors: [
        {
          messageId: 'overQuota',
          frames: [8],
          severity: 'warning',
          confidence: 'confirmed',
          message:
            /^B4 2001:db8:1::2 had 3 external ports in use at once \(frames 8\), above the configured quota of 2/,
        },
        {
          messageId: 'silentDrop',
          frames: [9],
          severity: 'warning',
          confidence: 'likely',
          message:
            /^B4 2001:db8:2::2, with 2 external ports in use \(quota 2\), sent TCP 192\.168\.1\.10:50000 → 198\.51\.100\.82:443, .* the AFTR dropped it without an ICMPv4 Destination Unreachable 3\/1 or 3\/13/,
        },
      ],
    },
  ],
});
