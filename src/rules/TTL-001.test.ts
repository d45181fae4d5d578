import { natValid, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TTL-001.js';

ruleTester(rule, {
  valid: [
    ...natValid(),
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    { file: 'twopoint/b4-bad-tunnel.pcapng', options: sideOf('b4-bad', 'lan', 'pcapng') },
  ],
  invalid: [
    {
      file: 'twopoint/b4-ttl-tunnel.pcap',
      options: sideOf('b4-ttl', 'lan'),
      errors: [
        {
          messageId: 'notDecremented',
          frames: [5],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^the B4 encapsulated 1 datagram\(s\) of B4 2001:db8:100:1::2 without decrementing their TTL, e\.g\. UDP 192\.168\.1\.10:40000 → 198\.51\.100\.80:5001, .* with TTL 64 on the B4's LAN side and 64 in the tunnel/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-ttl-tunnel.pcap',
      options: sideOf('aftr-ttl', 'internet'),
      errors: [
        {
          messageId: 'notDecremented',
          frames: [5],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^the AFTR encapsulated 1 datagram\(s\) of B4 2001:db8:100:1::2 without decrementing their TTL, .* with TTL 52 on the AFTR's Internet side and 52 in the tunnel/,
        },
      ],
    },
  ],
});
