import { natValid, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TTL-003.js';

ruleTester(rule, {
  valid: [
    ...natValid(),
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    { file: 'demo/demo.pcapng' },
    { file: 'tunnel/hoplimit-copied.pcap' },
  ],
  invalid: [
    // From the tunnel alone: the B4 forwarded a TTL 1 LAN datagram with TTL 0.
    {
      file: 'twopoint/b4-ttl-tunnel.pcap',
      errors: [
        {
          messageId: 'inTunnel',
          frames: [6],
          message: /^the B4 forwarded 1 up datagram\(s\) into the softwire with TTL 0 \(frames 6\)/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-ttl-tunnel.pcap',
      options: sideOf('aftr-ttl', 'internet'),
      errors: [
        {
          messageId: 'inTunnel',
          frames: [6],
          message: /^the AFTR forwarded 1 down datagram\(s\) into the softwire with TTL 0/,
        },
        {
          messageId: 'decapsulated',
          frames: [7],
          related: [{ input: 1, frames: [7] }],
          message:
            /^the AFTR forwarded UDP 192\.168\.1\.10:40000 → 198\.51\.100\.80:5001, .* onto the Internet side with TTL 0 .*: it had TTL 1 in the tunnel/,
        },
      ],
    },
  ],
});
