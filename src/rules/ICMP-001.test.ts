import { sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-001.js';

const p2 = (name: string, ext = 'pcap') =>
  sideOf(name, 'internet', ext, { dfProfile: 'rfc2473', mtuUp: 1500, mtuDown: 1500 });

ruleTester(rule, {
  valid: [
    // aftr-bad answers a 1480-byte DF=1 datagram with MTU 1460: right under rfc2473.
    { file: 'twopoint/aftr-bad-tunnel.pcapng', options: p2('aftr-bad', 'pcapng') },
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: p2('aftr-ok') },
    // Under rfc6333 the answer itself is FRAG-006's finding, not this rule's.
    {
      file: 'twopoint/aftr-p2-tunnel.pcap',
      options: sideOf('aftr-p2', 'internet', 'pcap', { mtuUp: 1500, mtuDown: 1500 }),
    },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-p2-tunnel.pcap',
      options: p2('aftr-p2'),
      errors: [
        {
          messageId: 'wrongMtu',
          frames: [7, 8],
          input: 1,
          message:
            /^UDP 198\.51\.100\.80:5001 → 203\.0\.113\.1:61001, .* answered with ICMPv4 Fragmentation Needed \(frame 8\) whose Next-Hop MTU is 1480, not the tunnel MTU 1460 \(the configured link MTU 1500 less the 40-byte tunnel header\)/,
        },
        {
          messageId: 'zeroMtu',
          frames: [9, 10],
          input: 1,
          message: /whose Next-Hop MTU is 0: the source cannot learn the tunnel MTU/,
        },
        {
          messageId: 'notBelow',
          frames: [11, 12],
          input: 1,
          message: /whose Next-Hop MTU 1492 is not below its own size 1480/,
        },
      ],
    },
  ],
});
