import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-003.js';

ruleTester(rule, {
  valid: [{ file: 'fragmentation/outer-inorder.pcap' }, { file: 'fragmentation/outer-shuffled.pcap' }, { file: 'fragmentation/inner-lan-576.pcap' }, { file: 'demo/demo.pcapng' }, { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' }, { file: 'fragmentation/inner-b4.pcap' }],
  invalid: [
    {
      file: 'fragmentation/inner-aftr.pcap',
      // T only: 'possible', so the MUST is reported as a warning (catalogue §1.2).
      errors: [{ messageId: 'innerFragmented', frames: [1, 2], confidence: 'possible', severity: 'warning', message: /RFC 6333 §6\.3 requires outer fragmentation .*give --internet to confirm/ }],
    },
  ],
});
