import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-015.js';

ruleTester(rule, {
  valid: natValid('nat-df-frag'),
  invalid: [
    {
      file: 'nat/nat-df-frag-tunnel.pcap',
      options: natSide('nat-df-frag'),
      errors: [
        {
          messageId: 'dfFragmented',
          frames: [22],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [22, 23] }],
          message:
            /1400 bytes, ID 0x0555, DF=1 left the tunnel whole with DF=1 \(frames 22\) and the AFTR sent it to the Internet as 2 fragments of 1020 \+ 400 bytes with DF=1 \(frames 22–23\)/,
        },
      ],
    },
  ],
});
