import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-014.js';

ruleTester(rule, {
  // Every other case reuses IDs only within one subscriber (round two repeats round one's IDs).
  valid: natValid('nat-id-clash'),
  invalid: [
    {
      file: 'nat/nat-id-clash-tunnel.pcap',
      options: natSide('nat-id-clash'),
      errors: [
        {
          messageId: 'repeated',
          frames: [3],
          confidence: 'likely',
          related: [{ input: 1, frames: [1, 3] }],
          message:
            /^UDP .* ID 0x0777, DF=0 from B4 2001:db8:2::2 left the AFTR with ID 0x0777, which 203\.0\.113\.1 → 198\.51\.100\.80 had used 0\.003 s before for B4 2001:db8:1::2/,
        },
        { messageId: 'repeated', frames: [22], confidence: 'likely', related: [{ input: 1, frames: [3, 22] }] },
      ],
    },
  ],
});
