import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADDR-004.js';

ruleTester(rule, {
  valid: natValid('nat-dst-kept'),
  invalid: [
    {
      file: 'nat/nat-dst-kept-tunnel.pcap',
      options: natSide('nat-dst-kept'),
      errors: [6, 27].map((f) => ({
        messageId: 'externalKept',
        frames: [f],
        confidence: 'confirmed' as const,
        related: [{ input: 1, frames: [f] }],
        message:
          /^a reply from 198\.51\.100\.80 to external 203\.0\.113\.2:10003 .* went down B4 2001:db8:3::2's softwire still addressed to 203\.0\.113\.2/,
      })),
    },
  ],
});
