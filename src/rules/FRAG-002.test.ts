import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-002.js';

ruleTester(rule, {
  valid: [
    // With the LAN side: fragments a LAN router made are forwarded as they came.
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    { file: 'twopoint/b4-ok-tunnel.pcap' },
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/inner-lan-576.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' },
    // Downstream inner fragmentation is the AFTR's (FRAG-003), and a 1500-byte LAN limit rules out bigger originals.
    { file: 'fragmentation/inner-aftr.pcap' },
    { file: 'fragmentation/inner-b4.pcap', options: { lanMtu: 1400 } },
    // The same 1380-byte cut with nothing that shows a 1420-byte link: no tunnel MTU explains it, so it is not judged.
    { file: 'mtu/unlearned.pcap' },
  ],
  invalid: [
    {
      // No MTU given and none common: a Packet Too Big told the link's 1420 bytes (frame 4).
      file: 'mtu/learned-ptb.pcap',
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [5, 6],
          confidence: 'likely',
          message:
            /into 1380 \+ 140 bytes at frames 5–6; the first fragment fills the 1380-byte tunnel MTU of the 1420-byte link MTU an ICMPv6 Packet Too Big announced \(frame 4\); give --mtu/,
        },
      ],
    },
    {
      // No MTU given: the 1360-byte tunnel MTU is learned from the whole 1400-byte tunnel packets (frame 5).
      file: 'twopoint/b4-mtu1400-tunnel.pcap',
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [7, 8],
          confidence: 'likely',
          message:
            /fragmented before encapsulation into 1356 \+ 164 bytes at frames 7–8; the first fragment fills the 1360-byte tunnel MTU of a link that carried 1400-byte tunnel packets \(learned from frame 5\); give --mtu/,
        },
      ],
    },
    {
      file: 'twopoint/b4-mtu1400-tunnel.pcap',
      options: sideOf('b4-mtu1400', 'lan'),
      errors: [
        { messageId: 'fragmentedWhole', frames: [7, 8], confidence: 'confirmed', related: [{ input: 1, frames: [7] }] },
      ],
    },
    {
      // Only the trailing fragment entered (the tunnel MTU above what the link carries): with the lan side, confirmed.
      file: 'twopoint/b4-firstlost-tunnel.pcap',
      options: sideOf('b4-firstlost', 'lan'),
      errors: [
        {
          messageId: 'firstPieceLost',
          frames: [5],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^inner IPv4 datagram \(1400 bytes, ID 0x[0-9a-f]{4}\) arrived whole on the B4's LAN side \(frames 5\), and only its fragments at data offsets 1256 entered the softwire \(frames 5\): the B4 fragmented the inner packet and the first 1256 bytes never entered/,
        },
      ],
    },
    {
      // From the tunnel alone: the missing first piece's size follows from the trailing piece's offset.
      file: 'twopoint/b4-firstlost-tunnel.pcap',
      errors: [
        {
          messageId: 'firstPieceMissing',
          frames: [5],
          confidence: 'likely',
          severity: 'error',
          message:
            /^only the trailing fragments of inner IPv4 datagram \(1400 bytes, ID 0x[0-9a-f]{4}\) entered the softwire, at data offsets 1256 \(frames 5\): the missing first piece would have been 1276 bytes, filling a 1280-byte tunnel MTU, so the B4 cut/,
        },
      ],
    },
    {
      // The LAN side shows the datagram whole: confirmed, and the heuristic does not report it again.
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng'),
      errors: [
        {
          messageId: 'fragmentedWhole',
          frames: [5, 6],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message:
            /^inner IPv4 datagram \(1500 bytes, ID 0x0401\) arrived whole on the B4's LAN side \(frames 5\) and entered the softwire as IPv4 fragments of 1460 \+ 60 bytes \(frames 5–6\)/,
        },
      ],
    },
    {
      // With the link MTU given, the finding states what the reference encapsulator sends instead (catalogue §6.4 C).
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng', { mtu: 1500 }),
      errors: [
        {
          messageId: 'fragmentedWhole',
          frames: [5, 6],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message: /; the reference encapsulator at link MTU 1500 sends it as 2 outer fragments of 1496 \+ 100 bytes$/,
        },
      ],
    },
    {
      file: 'twopoint/b4-bad-tunnel.pcapng',
      errors: [{ messageId: 'innerFragmented', frames: [5, 6], confidence: 'likely' }],
    },
    {
      file: 'fragmentation/inner-b4.pcap',
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [1, 2],
          confidence: 'likely',
          message:
            /\(1500 bytes, ID 0x7000\) fragmented before encapsulation into 1460 \+ 60 bytes at frames 1–2; the first fragment fills a 1460-byte tunnel MTU/,
        },
      ],
    },
    {
      file: 'fragmentation/inner-b4.pcap',
      options: { mtu: 1500 },
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [1, 2],
          message:
            /encapsulated whole it would be 1540 bytes, over the 1500-byte link MTU: RFC 6333 §5\.3 requires outer fragmentation/,
        },
      ],
    },
    {
      // The OpenWrt case: the link would have carried it whole (catalogue FRAG-002, "tunnel MTU below link capability").
      file: 'fragmentation/inner-b4.pcap',
      options: { mtuUp: 1600 },
      errors: [
        {
          messageId: 'innerFragmented',
          frames: [1, 2],
          message: /1540 bytes, within the 1600-byte link MTU: the tunnel MTU is set below what the link carries/,
        },
      ],
    },
    { file: 'fragmentation/inner-b4-df.pcap', errors: [{ messageId: 'innerFragmented', frames: [1, 2] }] },
  ],
});
