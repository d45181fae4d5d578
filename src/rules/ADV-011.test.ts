import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-011.js';

ruleTester(rule, {
  valid: [{ file: 'advisory/small.pcap' }, { file: 'advisory/udp-frag.pcap' }],
  invalid: [
    {
      file: 'advisory/dns.pcap',
      errors: [
        {
          messageId: 'dnsThroughSoftwire',
          frames: [1, 2, 3, 4, 9],
          message:
            /^5 DNS packets in 4 flows from 1 B4 went to port 53 through the softwire, to 8\.8\.8\.8 \(5\) \(frames 1–4, 9\)/,
        },
      ],
    },
  ],
});
