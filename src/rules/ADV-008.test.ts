import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-008.js';

ruleTester(rule, {
  // effective-mtu's outer-fragmented datagrams are UDP too: not valid here.
  valid: [{ file: 'advisory/small.pcap' }, { file: 'advisory/mss.pcap' }, { file: 'advisory/blackhole.pcap' }],
  invalid: [
    {
      file: 'advisory/udp-frag.pcap',
      errors: [
        {
          messageId: 'fragmentedUdp',
          frames: [1, 3],
          message:
            /^2 UDP datagrams too big for the tunnel crossed the softwire in fragments, by application port: 4500 1 outer-fragmented; 27015 1 in inner fragments \(frames 1, 3\)/,
        },
      ],
    },
    {
      file: 'advisory/effective-mtu.pcap',
      errors: [
        { messageId: 'fragmentedUdp', frames: [1, 4], message: /^2 UDP datagrams .* port: 5001 2 outer-fragmented/ },
      ],
    },
  ],
});
