import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-003.js';

ruleTester(rule, {
  valid: [
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/inner-lan-576.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' },
    { file: 'fragmentation/inner-b4.pcap' },
  ],
  invalid: [
    {
      // No MTU given and none common: the tunnel MTU follows from the AFTR's own outer fragments (1344 bytes: a 1344–1351-byte link).
      file: 'mtu/learned-outer.pcap',
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [5, 6],
          confidence: 'possible',
          severity: 'warning',
          message:
            /into 1308 \+ 212 bytes at frames 5–6; the first fragment fills the 1308-byte tunnel MTU of a link whose outer fragments came at 1344 bytes \(frame 3: its MTU is 1344–1351\); give --mtu/,
        },
      ],
    },
    {
      // Only the trailing fragment entered (the tunnel MTU above what the link carries): with the internet side, confirmed.
      file: 'twopoint/aftr-firstlost-tunnel.pcap',
      options: sideOf('aftr-firstlost', 'internet'),
      errors: [
        {
          messageId: 'firstPieceLost',
          frames: [5],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^inner IPv4 datagram \(1400 bytes, ID 0x[0-9a-f]{4}\) arrived whole on the AFTR's Internet side \(frames 5\), and only its fragments at data offsets 1256 entered the softwire \(frames 5\): the AFTR fragmented the inner packet and the first 1256 bytes never entered/,
        },
      ],
    },
    {
      // From the tunnel alone: the missing first piece's size follows from the trailing piece's offset.
      file: 'twopoint/aftr-firstlost-tunnel.pcap',
      errors: [
        {
          messageId: 'firstPieceMissing',
          frames: [5],
          confidence: 'possible',
          severity: 'warning',
          message:
            /^only the trailing fragments of inner IPv4 datagram \(1400 bytes, ID 0x[0-9a-f]{4}\) entered the softwire, at data offsets 1256 \(frames 5\): the missing first piece would have been 1276 bytes, filling a 1280-byte tunnel MTU, so the AFTR cut/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'fragmentedWhole',
          frames: [7, 8],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [7] }],
          message:
            /^inner IPv4 datagram \(1400 bytes, ID 0x3101\) arrived whole on the AFTR's Internet side \(frames 7\) and entered the softwire as IPv4 fragments of 1236 \+ 184 bytes/,
        },
      ],
    },
    // Tunnel side alone: the first fragment fills a common 1240-byte tunnel MTU, but the Internet path may have cut it.
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      errors: [{ messageId: 'innerFragmented', frames: [7, 8], confidence: 'possible', severity: 'warning' }],
    },
    {
      file: 'fragmentation/inner-aftr.pcap',
      // T only: 'possible', so the MUST is reported as a warning (catalogue §1.2).
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [1, 2],
          confidence: 'possible',
          severity: 'warning',
          message: /RFC 6333 §6\.3 requires outer fragmentation .*give --internet to confirm/,
        },
      ],
    },
  ],
});
