import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './MTU-003.js';

ruleTester(rule, {
  valid: [
    { file: 'tunnel/ptb-honoured.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/incoming-icmpv6-20pkttoobig-inet-OPE.pcap' },
  ],
  invalid: [
    {
      file: 'tunnel/ptb-ignored.pcap',
      errors: [
        {
          messageId: 'ignored',
          frames: [3, 4, 7],
          message:
            /Packet Too Big reporting MTU 1400 .*\(frame 3\), 2001:db8:100:1::2 still sent 4 larger packets \(from frame 4, up to 1500 bytes\)/,
        },
      ],
    },
    {
      file: 'tunnel/ptb-tiny.pcap',
      errors: [
        {
          messageId: 'belowMinimum',
          frames: [3, 4],
          message:
            /reporting MTU 1000, below the IPv6 minimum \(frame 3\), 2001:db8:100:1::2 sent an atomic fragment at frame 4/,
        },
      ],
    },
  ],
});
