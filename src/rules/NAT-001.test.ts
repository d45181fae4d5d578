import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-001.js';

ruleTester(rule, {
  valid: natValid('nat-eim', 'nat-mixed', 'nat-rst-reuse'),
  invalid: [
    {
      // The first connection was reset 5 ms before: the mapping went with it (RFC 7857 §2.2, SHOULD), a warning.
      file: 'nat/nat-rst-reuse-tunnel.pcap',
      options: natSide('nat-rst-reuse'),
      errors: [
        {
          messageId: 'releasedAfterReset',
          frames: [22, 24],
          severity: 'warning',
          confidence: 'confirmed',
          related: [{ input: 1, frames: [22, 24] }],
          message:
            /^B4 2001:db8:1::2 192\.168\.1\.10:51000\/tcp was mapped to 203\.0\.113\.1:30501; its connection was reset 0\.005 s before it opened another toward 198\.51\.100\.84 and got 203\.0\.113\.1:30502/,
        },
      ],
    },
    {
      file: 'nat/nat-eim-tunnel.pcap',
      options: natSide('nat-eim'),
      errors: [
        {
          messageId: 'dependentMapping',
          frames: [1, 22],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [1, 22] }],
          message:
            /^B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp was mapped to 203\.0\.113\.1:10001 and, while that mapping was in use, to 203\.0\.113\.1:10009 toward 198\.51\.100\.90 \(frames 1, 22 tunnel side; 1, 22 Internet side\)/,
        },
      ],
    },
  ],
});
