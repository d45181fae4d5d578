import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-004.js';

ruleTester(rule, {
  valid: [{ file: 'advisory/small.pcap' }, { file: 'advisory/mss.pcap', options: { mtu: 1540 } }],
  invalid: [
    {
      file: 'advisory/mss.pcap',
      errors: [
        {
          messageId: 'unclamped',
          frames: [1],
          message:
            /^1 up TCP SYN from LAN hosts advertised an MSS above 1420, up to 1460 \(e\.g\. MSS 1460 from 192\.168\.1\.10:50000 to 198\.51\.100\.80:80; frames 1\): the assumed down link MTU 1500 less 40 bytes/,
        },
        {
          messageId: 'unclamped',
          frames: [2],
          message:
            /^1 down TCP SYN from Internet hosts advertised an MSS above 1420, up to 1460 .*: the assumed up link MTU 1500/,
        },
      ],
    },
    {
      file: 'advisory/mss.pcap',
      options: { mtuUp: 1500, mtuDown: 1480 },
      errors: [
        {
          messageId: 'unclamped',
          frames: [1],
          message:
            /^1 up TCP SYN from LAN hosts advertised an MSS above 1400, up to 1460 .* the configured down link MTU 1480/,
        },
        { messageId: 'unclamped', frames: [2], message: /the configured up link MTU 1500/ },
      ],
    },
  ],
});
