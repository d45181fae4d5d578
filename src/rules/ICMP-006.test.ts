import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-006.js';

ruleTester(rule, {
  valid: natValid('nat-echo-lost'),
  invalid: [
    {
      // Absence-based: a pcap carries no drop counters, so `possible`, a warning (catalogue §10.4).
      file: 'nat/nat-echo-lost-tunnel.pcap',
      options: natSide('nat-echo-lost'),
      errors: [
        {
          messageId: 'replyDropped',
          input: 1,
          frames: [33],
          severity: 'warning',
          confidence: 'possible',
          related: [{ input: 0, frames: [11, 32] }],
          message:
            /^an ICMP query reply from 198\.51\.100\.81 to external 203\.0\.113\.2 id 20003 \(frames 33 on the Internet side\), for B4 2001:db8:3::2 192\.168\.1\.10 id 4660\/icmp whose query left 0\.002 s before, never went down a softwire/,
        },
      ],
    },
  ],
});
