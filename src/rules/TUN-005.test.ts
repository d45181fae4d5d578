import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-005.js';

ruleTester(rule, {
  valid: [{ file: 'fragmentation/outer-inorder.pcap' }, { file: 'tunnel/flow-label.pcap' }],
  invalid: [
    {
      file: 'tunnel/tel-canonical.pcap',
      errors: [
        {
          messageId: 'present',
          frames: [1],
          message: /adds a Tunnel Encapsulation Limit option \(limit 4\) to its up packets.*1452 on a 1500-byte link/,
        },
      ],
    },
    {
      file: 'tunnel/tel-canonical.pcap',
      options: { mtu: 1492 },
      errors: [{ messageId: 'present', frames: [1], message: /1444 on this 1492-byte link/ }],
    },
    {
      file: 'tunnel/tel-pad1.pcap',
      errors: [
        {
          messageId: 'layout',
          frames: [1],
          severity: 'error',
          message: /not the RFC 2473 §5\.1 layout .*04 01 04 \| 00 \| 00 \| 00/,
        },
      ],
    },
    // Once per softwire and direction, not per packet: the demo's B4 B sends 5 TEL packets.
    { file: 'demo/demo.pcapng', errors: [{ messageId: 'present', frames: [18] }] },
  ],
});
