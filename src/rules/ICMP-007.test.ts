import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-007.js';

ruleTester(rule, {
  // The NAT cases whose AFTR answers with a 28-byte quote are invalid cases below (info).
  valid: [
    { file: 'icmp/endpoint-ok.pcap' },
    { file: 'icmp/endpoint6-ok.pcap' },
    ...natValid('nat-ttl1-ok', 'nat-b4-icmp', 'nat-quota'),
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    {
      file: 'nat/nat-ttl1-ok-tunnel.pcap',
      options: natSide('nat-ttl1-ok'),
      errors: [
        {
          messageId: 'couldQuoteMore',
          frames: [23],
          severity: 'info',
          message:
            /^the AFTR quotes less of the original than fits in 576 bytes in 1 ICMPv4 error\(s\), e\.g\. 11\/0 from 192\.0\.0\.1 to 192\.168\.1\.10 quoting 28 bytes of a 92-byte datagram/,
        },
      ],
    },
    {
      file: 'icmp/endpoint-bad.pcap',
      errors: [
        {
          messageId: 'mtuZero',
          frames: [2],
          message:
            /^the AFTR sent 1 ICMPv4 Fragmentation Needed with Next-Hop MTU 0 into the softwire, e\.g\. 3\/4 from 192\.0\.0\.1 to 192\.168\.1\.10 quoting 100 bytes of a 100-byte datagram/,
        },
        {
          messageId: 'shortQuote',
          frames: [4],
          message:
            /quoting less than the IP header and 8 bytes of the original, e\.g\. 11\/0 from 192\.0\.0\.1 .* quoting 20 bytes/,
        },
        {
          messageId: 'couldQuoteMore',
          frames: [6],
          severity: 'info',
          message:
            /quotes less of the original than fits in 576 bytes in 1 ICMPv4 error\(s\), e\.g\. 3\/1 .* quoting 28 bytes of a 1000-byte datagram/,
        },
      ],
    },
    {
      file: 'icmp/endpoint6-bad.pcap',
      errors: [
        {
          messageId: 'shortQuote6',
          frames: [2],
          message:
            /^the AFTR sent 1 ICMPv6 error\(s\) about tunnel packets quoting less than the IPv6 header and 8 bytes, e\.g\. 1\/1 from 2001:db8:0:ffff::1 to 2001:db8:100:1::2 quoting 40 bytes of a 240-byte packet/,
        },
        {
          messageId: 'couldQuoteMore6',
          frames: [4],
          severity: 'info',
          message:
            /^the AFTR quotes less of the tunnel packet than fits in 1280 bytes in 1 ICMPv6 error\(s\), e\.g\. 1\/1 .* quoting 68 bytes of a 1000-byte packet/,
        },
      ],
    },
  ],
});
