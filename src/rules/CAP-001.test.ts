import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './CAP-001.js';

ruleTester(rule, {
  valid: [{ file: 'demo/demo.pcapng' }, { file: 'malformed/malformed.pcap' }, { file: 'linktypes/sll2.pcap' }],
  invalid: [
    // A third-party file that holds only a pcap header.
    { file: 'third-party/snabbco-snabb/lwaftr-data/empty.pcap', errors: [{ messageId: 'none', frames: [], message: /^no DS-Lite traffic in the tunnel capture: none of its 0 frames is IPv6 carrying IPv4/ }] },
    // The AFTR's Internet side given as the tunnel capture: IPv4 only, the wrong interface.
    { file: 'twopoint/aftr-ok-internet.pcap', errors: [{ messageId: 'none', frames: [], message: /none of its \d+ frames is IPv6 carrying IPv4 \(next header 4\), so no rule/ }] },
  ],
});
