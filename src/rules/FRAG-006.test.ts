import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-006.js';

const p2 = { dfProfile: 'rfc2473' } as const;
ruleTester(rule, {
  valid: [
    // rfc6333: the oversized DF=1 datagram was outer-fragmented, as the profile wants.
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet', 'pcap', { mtu: 1500 }) },
    // rfc2473: ICMP 3/4 for the DF=1 datagrams is what the profile wants.
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng', { mtu: 1500, ...p2 }),
    },
    { file: 'twopoint/b4-bad-tunnel.pcapng', options: sideOf('b4-bad', 'lan', 'pcapng', { mtu: 1500, ...p2 }) },
    { file: 'fragmentation/outer-inorder.pcap' },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng', { mtu: 1500 }),
      errors: [
        {
          messageId: 'icmpInsteadOfFragmenting',
          input: 1,
          frames: [9, 10],
          confidence: 'confirmed',
          message:
            /ID 0x3103, DF=1 arrived .* Fragmentation Needed \(next-hop MTU 1460, frame 10\) .* the AFTR must fragment .*RFC 6333 §6\.3/,
        },
      ],
    },
    {
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng', { mtu: 1500 }),
      errors: [
        {
          messageId: 'icmpInsteadOfFragmenting',
          input: 1,
          frames: [9, 10],
          confidence: 'confirmed',
          message: /ID 0x0403, DF=1 arrived on the B4's LAN side .* the B4 must fragment .*RFC 6333 §5\.3/,
        },
      ],
    },
    {
      // rfc2473 and a DF=1 datagram outer-fragmented: tolerated (info), seen on the tunnel alone.
      file: 'twopoint/aftr-ok-tunnel.pcap',
      options: p2,
      errors: [
        {
          messageId: 'fragmentedDf',
          frames: [11, 12],
          severity: 'info',
          confidence: 'confirmed',
          message: /^down inner IPv4 datagram \(1500 bytes, ID 0x3003\) with DF=1 was outer-fragmented/,
        },
      ],
    },
  ],
});
