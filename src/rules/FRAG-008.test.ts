import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './FRAG-008.js';

ruleTester(rule, {
  valid: [{ file: 'fragmentation/outer-inorder.pcap' }, { file: 'fragmentation/outer-reversed.pcap' }, { file: 'fragmentation/outer-shuffled.pcap' }, { file: 'fragmentation/outer-tel.pcap' }, { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap' }, { file: 'third-party/snabbco-snabb/lwaftr-data/tcp-ipv6-2frags-bound-reverse.pcap' }, { file: 'demo/demo.pcapng' }],
  invalid: [
    { file: 'fragmentation/outer-overlap-same.pcap', errors: [{ messageId: 'overlap', frames: [1, 2], message: /identical bytes where they meet; overlapping piece at frame 2/ }] },
    { file: 'fragmentation/outer-overlap-diff.pcap', errors: [{ messageId: 'overlap', frames: [1, 2], message: /inconsistent bytes .* requires the AFTR to discard the whole datagram/ }] },
  ],
});
