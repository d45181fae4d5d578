import { sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './SEC-002.js';

const inet = (registered: string[]) => sideOf('aftr-ok', 'internet', 'pcap', { registeredB4s: registered });

ruleTester(rule, {
  valid: [
    // The B4 (2001:db8:100:1::2) is registered.
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: inet(['2001:db8:100::/40']) },
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: { registeredB4s: ['2001:db8:100:1::/64'] } },
    // Without registered prefixes nothing is judged.
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-ok-tunnel.pcap',
      options: inet(['2001:db8:200::/40', '2001:db8:300::/40']),
      errors: [
        {
          messageId: 'translated',
          frames: [1],
          related: [{ input: 1, frames: [1] }],
          confidence: 'confirmed',
          message:
            /^the AFTR translated TCP 192\.168\.1\.10:50000 → 198\.51\.100\.80:80, .* from B4 2001:db8:100:1::2 onto the Internet side \(frames 1; 1 on the Internet side\), and 2001:db8:100:1::2 is in none of the registered B4 prefixes 2001:db8:200::\/40, 2001:db8:300::\/40/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-ok-tunnel.pcap',
      options: { registeredB4s: ['2001:db8:200::/40'] },
      errors: [
        {
          messageId: 'served',
          frames: [2],
          confidence: 'likely',
          message:
            /^the AFTR sent TCP 198\.51\.100\.80 → 192\.168\.1\.10 down the softwire to B4 2001:db8:100:1::2 \(frames 2\)/,
        },
      ],
    },
  ],
});
