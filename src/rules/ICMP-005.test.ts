import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-005.js';

ruleTester(rule, {
  // nat-ttl1-ok and nat-ttl1-src are answered (the source is ADDR-002's business).
  valid: [...natValid('nat-ttl1-silent'), { file: 'nat/nat-ttl1-ok-tunnel.pcap' }],
  invalid: [
    {
      file: 'nat/nat-ttl1-silent-tunnel.pcap',
      options: natSide('nat-ttl1-silent'),
      errors: [
        {
          messageId: 'noTimeExceeded',
          frames: [22],
          severity: 'warning',
          confidence: 'likely',
          message:
            /^B4 2001:db8:1::2 sent UDP 192\.168\.1\.10 → 198\.51\.100\.80 \(ID 0x0ddd\) with TTL 1 \(frame 22\) and no ICMPv4 Time Exceeded came back/,
        },
      ],
    },
    // From the tunnel capture alone too.
    {
      file: 'nat/nat-ttl1-silent-tunnel.pcap',
      errors: [{ messageId: 'noTimeExceeded', frames: [22], severity: 'warning', confidence: 'likely' }],
    },
  ],
});
