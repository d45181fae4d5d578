import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-001.js';

ruleTester(rule, {
  valid: natValid('nat-eim', 'nat-mixed'),
  invalid: [
    {
      file: 'nat/nat-eim-tunnel.pcap',
      options: natSide('nat-eim'),
      errors: [{
        messageId: 'dependentMapping', frames: [1, 22], confidence: 'confirmed', related: [{ input: 1, frames: [1, 22] }],
        message: /^B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp was mapped to 203\.0\.113\.1:10001 and, while that mapping was in use, to 203\.0\.113\.1:10009 toward 198\.51\.100\.90 \(frames 1, 22 tunnel side; 1, 22 Internet side\)/,
      }],
    },
  ],
});
