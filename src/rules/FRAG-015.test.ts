import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-015.js';

ruleTester(rule, {
  valid: [
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/inner-lan-576.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' },
    { file: 'fragmentation/inner-b4.pcap' },
    { file: 'fragmentation/inner-aftr.pcap' },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'dfCleared',
          frames: [9],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [11] }],
          message:
            /ID 0x3104, DF=1 crossed the AFTR with DF=1 \(frames 11 on the Internet side\) and left it with DF=0 \(frames 9 on the tunnel\)/,
        },
      ],
    },
    {
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng'),
      errors: [
        {
          messageId: 'dfCleared',
          frames: [9],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [11] }],
          message:
            /crossed the B4 with DF=1 \(frames 11 on the LAN side\) and left it with DF=0 \(frames 9 on the tunnel\)/,
        },
      ],
    },
    {
      file: 'fragmentation/inner-b4-df.pcap',
      errors: [
        {
          messageId: 'dfFragmented',
          frames: [1, 2],
          confidence: 'likely',
          message: /travels as 2 fragments with DF=1 .* the B4 or a router on its LAN/,
        },
      ],
    },
  ],
});
