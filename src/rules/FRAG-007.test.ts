import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-007.js';

ruleTester(rule, {
  valid: [
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'fragmentation/outer-reversed.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/outer-tel.pcap' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-ipv6-2frags-bound-reverse.pcap' },
    { file: 'demo/demo.pcapng' },
    { file: 'fragmentation/outer-inorder.pcap', options: { mtu: 1500 } },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap', options: { mtu: 1280 } },
  ],
  invalid: [
    {
      file: 'fragmentation/outer-not8.pcap',
      errors: [{ messageId: 'notMultipleOf8', frames: [1], message: /carries 1444 bytes with M=1/ }],
    },
    {
      file: 'fragmentation/outer-inorder.pcap',
      options: { mtu: 1400 },
      errors: [
        {
          messageId: 'overMtu',
          frames: [1],
          message: /1496 bytes .* exceeds the 1400-byte up link MTU — sent by the B4/,
        },
        { messageId: 'overMtu', frames: [3], message: /exceeds the 1400-byte down link MTU — sent by the AFTR/ },
      ],
    },
  ],
});
