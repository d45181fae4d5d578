import { sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-002.js';

ruleTester(rule, {
  valid: [
    // Time Exceeded relayed as 3/1; Packet Too Big 1400 on DF=1 relayed with 1360; on DF=0 not relayed (the AFTR fragments).
    { file: 'twopoint/aftr-relay-ok-tunnel.pcap', options: sideOf('aftr-relay-ok', 'internet') },
    // Without the side the source is on, nothing is judged.
    { file: 'twopoint/aftr-relay-bad-tunnel.pcapng' },
    { file: 'twopoint/b4-relay-tunnel.pcap' },
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-relay-bad-tunnel.pcapng',
      options: sideOf('aftr-relay-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'wrongCode',
          frames: [6],
          related: [{ input: 1, frames: [6] }],
          confidence: 'confirmed',
          message:
            /^the AFTR relayed an ICMPv6 Destination Unreachable about UDP 198\.51\.100\.80 → 192\.168\.1\.10 ID 0x3a01 \(frame 6\) as ICMPv4 3\/3 \(frame 6\), not 3\/1/,
        },
        {
          messageId: 'wrongMtu',
          frames: [8],
          related: [{ input: 1, frames: [8] }],
          message:
            /^the AFTR relayed an ICMPv6 Packet Too Big \(MTU 1400, frame 8\) about UDP 198\.51\.100\.80 → 192\.168\.1\.10 ID 0x3a02 as Fragmentation Needed with Next-Hop MTU 1400 \(frame 8\), not 1360: RFC 2473 §8\.3 subtracts the 40-byte tunnel header/,
        },
        {
          messageId: 'notRelayed',
          frames: [10],
          confidence: 'likely',
          message:
            /^the AFTR got an ICMPv6 Time Exceeded about its tunnel packet carrying UDP 198\.51\.100\.80 → 192\.168\.1\.10 ID 0x3a03 \(frame 10\) and relayed nothing to 198\.51\.100\.80 on the AFTR's Internet side within 0\.2 s/,
        },
      ],
    },
    {
      file: 'twopoint/b4-relay-tunnel.pcap',
      options: sideOf('b4-relay', 'lan'),
      errors: [
        {
          messageId: 'notRelayed',
          frames: [8],
          severity: 'warning',
          confidence: 'possible',
          message:
            /^the B4 got an ICMPv6 Destination Unreachable about its tunnel packet carrying UDP 192\.168\.1\.10 → 198\.51\.100\.80 ID 0x0a02 \(frame 8\) and relayed nothing to 192\.168\.1\.10 on the B4's LAN side/,
        },
      ],
    },
  ],
});
