import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-003.js';

ruleTester(rule, {
  valid: [{ file: 'fragmentation/outer-inorder.pcap' }, { file: 'fragmentation/outer-shuffled.pcap' }, { file: 'fragmentation/inner-lan-576.pcap' }, { file: 'demo/demo.pcapng' }, { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' }, { file: 'fragmentation/inner-b4.pcap' }],
  invalid: [
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [{ messageId: 'fragmentedWhole', frames: [7, 8], confidence: 'confirmed', related: [{ input: 1, frames: [7] }], message: /^inner IPv4 datagram \(1400 bytes, ID 0x3101\) arrived whole on the AFTR's Internet side \(frames 7\) and entered the softwire as IPv4 fragments of 1236 \+ 184 bytes/ }],
    },
    // Tunnel side alone: the first fragment fills a common 1240-byte tunnel MTU, but the Internet path may have cut it.
    { file: 'twopoint/aftr-bad-tunnel.pcapng', errors: [{ messageId: 'innerFragmented', frames: [7, 8], confidence: 'possible', severity: 'warning' }] },
    {
      file: 'fragmentation/inner-aftr.pcap',
      // T only: 'possible', so the MUST is reported as a warning (catalogue §1.2).
      errors: [{ messageId: 'innerFragmented', frames: [1, 2], confidence: 'possible', severity: 'warning', message: /RFC 6333 §6\.3 requires outer fragmentation .*give --internet to confirm/ }],
    },
  ],
});
