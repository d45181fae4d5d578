import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-006.js';

ruleTester(rule, {
  valid: [
    { file: 'demo/demo.pcapng' },
    { file: 'linktypes/two-interfaces.pcapng' },
    { file: 'third-party/nDPI/4in6tunnel.pcap' },
  ],
  invalid: [
    {
      file: 'malformed/malformed.pcap',
      errors: [
        { messageId: 'badIhl', frames: [6], message: /IHL 3 is below the minimum of 5/ },
        {
          messageId: 'badChecksum',
          frames: [7],
          message:
            /checksum 0x[0-9a-f]{4} does not verify \(up, encapsulated by the B4, or forwarded from a LAN host\)/,
        },
      ],
    },
  ],
});
