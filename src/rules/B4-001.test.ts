import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './B4-001.js';

ruleTester(rule, {
  // Two LAN hosts with their own addresses; a host-based B4 (192.0.0.2) is one host whatever its TTLs.
  valid: [{ file: 'advisory/cpe-hosts.pcap' }, { file: 'advisory/mss.pcap' }, { file: 'demo/demo.pcapng' }],
  invalid: [
    {
      file: 'advisory/cpe-nat44.pcap',
      errors: [
        {
          messageId: 'oneSource',
          frames: [1, 2, 3, 4, 5, 6],
          confidence: 'possible',
          message:
            /^every connection the B4 opened came from one address, 192\.168\.0\.2, while the TTLs of its SYNs show initial TTLs 64 and 128 \(6 SYNs, frames 1–6\): several hosts behind one address/,
        },
      ],
    },
  ],
});
