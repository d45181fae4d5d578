import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-015.js';

ruleTester(rule, {
  valid: [{ file: 'fragmentation/outer-inorder.pcap' }, { file: 'fragmentation/outer-shuffled.pcap' }, { file: 'fragmentation/inner-lan-576.pcap' }, { file: 'demo/demo.pcapng' }, { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' }, { file: 'fragmentation/inner-b4.pcap' }, { file: 'fragmentation/inner-aftr.pcap' }],
  invalid: [{ file: 'fragmentation/inner-b4-df.pcap', errors: [{ messageId: 'dfFragmented', frames: [1, 2], confidence: 'likely', message: /travels as 2 fragments with DF=1 .* the B4 or a router on its LAN/ }] }],
});
