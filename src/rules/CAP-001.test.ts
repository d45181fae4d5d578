import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './CAP-001.js';

ruleTester(rule, {
  // A softwire inside other tunnels, and one whose B4 address ends in its private inner source, are DS-Lite.
  valid: [
    { file: 'demo/demo.pcapng' },
    { file: 'malformed/malformed.pcap' },
    { file: 'linktypes/sll2.pcap' },
    { file: 'carriage/nested.pcap' },
    { file: 'carriage/private-embedded.pcap' },
  ],
  invalid: [
    // A third-party file that holds only a pcap header.
    {
      file: 'third-party/snabbco-snabb/lwaftr-data/empty.pcap',
      errors: [
        {
          messageId: 'none',
          frames: [],
          message: /^no DS-Lite traffic in the tunnel capture: none of its 0 frames is IPv6 carrying IPv4/,
        },
      ],
    },
    // The AFTR's Internet side given as the tunnel capture: IPv4 only, the wrong interface.
    {
      file: 'twopoint/aftr-ok-internet.pcap',
      errors: [
        {
          messageId: 'none',
          frames: [],
          message: /none of its \d+ frames is IPv6 carrying IPv4 \(next header 4\), so no rule/,
        },
      ],
    },
    // IPv4 in IPv6 that is not DS-Lite: said for what it is.
    {
      file: 'carriage/srv6.pcap',
      errors: [
        {
          messageId: 'other',
          frames: [],
          message:
            /^no DS-Lite traffic in the tunnel capture: of its 10 frames, 10 carry IPv4 in IPv6 behind a Segment Routing Header \(SRv6\); that is not/,
        },
      ],
    },
    {
      file: 'carriage/map-e.pcap',
      errors: [
        {
          messageId: 'other',
          frames: [],
          message:
            /^no DS-Lite traffic in the tunnel capture: of its 4 frames, 4 carry IPv4 in IPv6 whose endpoint address holds the public inner IPv4 address \(MAP-E/,
        },
      ],
    },
    {
      file: 'third-party/zeek/tunnels/4in6.pcap',
      errors: [
        {
          messageId: 'other',
          frames: [],
          message: /of its 1 frame, 1 carry IPv4 in IPv6 whose endpoint address holds/,
        },
      ],
    },
  ],
});
