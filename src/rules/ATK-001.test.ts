import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ATK-001.js';

ruleTester(rule, {
  // Clean fragments; the reassembly fixtures' overlaps are their own tests (anomalies), the duplicates of outer sets are not inner overlaps.
  valid: [{ file: 'security/no-overlap.pcap' }, { file: 'fragmentation/inner-b4.pcap' }, { file: 'demo/demo.pcapng' }],
  invalid: [
    {
      file: 'security/overlap.pcap',
      errors: [
        {
          messageId: 'overlap',
          frames: [1, 2, 3],
          message:
            /^1 inner IPv4 fragment group overlapped in 1 softwire, 1 of them with bytes that differ where the pieces meet \(e\.g\. ID 0x4242 from 192\.168\.1\.10 in B4 2001:db8:100:1::2's softwire; frames 1–3\)/,
        },
      ],
    },
  ],
});
