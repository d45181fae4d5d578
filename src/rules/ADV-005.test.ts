import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-005.js';

ruleTester(rule, {
  // blackhole-ok: sent twice, then a Packet Too Big and smaller segments.
  valid: [{ file: 'advisory/blackhole-ok.pcap' }, { file: 'advisory/udp-frag.pcap' }, { file: 'advisory/small.pcap' }],
  invalid: [
    {
      file: 'advisory/blackhole.pcap',
      errors: [
        {
          messageId: 'blackHole',
          frames: [3, 5, 7, 9],
          confidence: 'possible',
          message:
            /^1 full-size DF=1 TCP segment went through the softwire 4 or more times each with no ICMPv4 Fragmentation Needed to their source and no ICMPv6 Packet Too Big to the AFTR in the capture, e\.g\. 1500 bytes from 198\.51\.100\.80:443 to 192\.168\.1\.10:50000, sequence 1001, sent 4 times/,
        },
      ],
    },
  ],
});
