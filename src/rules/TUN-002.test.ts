import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-002.js';

ruleTester(rule, {
  valid: [
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap' },
    { file: 'third-party/igalia-snabb/snabbvmx/v4v6-256.pcap' },
    { file: 'fragmentation/outer-shuffled.pcap' },
    { file: 'fragmentation/outer-tel.pcap' },
  ],
  invalid: [
    {
      file: 'fragmentation/outer-tl-mismatch.pcap',
      errors: [
        { messageId: 'reassembled', frames: [1, 2], message: /Payload Length 1500 but inner IPv4 Total Length 1400/ },
      ],
    },
    {
      file: 'malformed/malformed.pcap',
      errors: [
        // Frame 4 claims 200 bytes of payload for a 40-byte inner packet; frame 8 the reverse.
        { messageId: 'mismatch', frames: [4], message: /Payload Length 200 but inner IPv4 Total Length 40 \+ 0 bytes/ },
        { messageId: 'mismatch', frames: [8], message: /Payload Length 40 but inner IPv4 Total Length 60/ },
      ],
    },
  ],
});
