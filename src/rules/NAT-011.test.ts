import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-011.js';

ruleTester(rule, {
  // nat-hairpin-ok: hairpinned with the sender's external address and port.
  valid: natValid('nat-hairpin-bad', 'nat-hairpin-lost'),
  invalid: [
    {
      file: 'nat/nat-hairpin-bad-tunnel.pcap',
      options: natSide('nat-hairpin-bad'),
      errors: [
        {
          messageId: 'internalSource',
          frames: [22, 23],
          confidence: 'confirmed',
          message:
            /to external 203\.0\.113\.1:10002 of B4 2001:db8:2::2 192\.168\.1\.10:40000\/udp; the AFTR hairpinned it with source 192\.168\.1\.10:40000 \(frames 23\) instead of the sender's external 203\.0\.113\.1:10001/,
        },
      ],
    },
    {
      file: 'nat/nat-hairpin-lost-tunnel.pcap',
      options: natSide('nat-hairpin-lost'),
      errors: [
        {
          messageId: 'notDelivered',
          frames: [22],
          confidence: 'likely',
          message:
            /^B4 2001:db8:1::2 sent UDP 192\.168\.1\.10:40000 → 203\.0\.113\.1:10002, .* and nothing came down its softwire within 1 s/,
        },
      ],
    },
  ],
});
