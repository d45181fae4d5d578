import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ATK-002.js';

ruleTester(rule, {
  valid: [{ file: 'security/small-flood.pcap' }, { file: 'demo/demo.pcapng' }, { file: 'lab/two_b4s-tunnel.pcap' }],
  invalid: [
    {
      // Snabb's generated lwAFTR load: 128 B4s send one packet each at one instant, and nothing more (the first two count as
      // the AFTR's until it is recognised by its many peers). In packets that is a
      // flood (a load generator and a scan look alike); skip ATK-002 or raise minSoftwires for load-test captures.
      file: 'third-party/igalia-snabb/snabbvmx/v4v6-256.pcap',
      errors: [
        {
          messageId: 'flood',
          confidence: 'likely',
          frames: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
          message: /^126 of the 128 softwires/,
        },
      ],
    },
    {
      file: 'security/flood.pcap',
      errors: [
        {
          messageId: 'flood',
          frames: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
          confidence: 'likely',
          message:
            /^120 of the 121 softwires in the capture carried a single packet each, from their B4, and were never heard again \(first frames 2–11\)/,
        },
      ],
    },
    {
      file: 'security/small-flood.pcap',
      options: { ruleOptions: { 'ATK-002': { minSoftwires: 20 } } },
      errors: [
        {
          messageId: 'flood',
          confidence: 'likely',
          frames: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
          message: /^20 of the 21 softwires/,
        },
      ],
    },
  ],
});
