import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-003.js';

ruleTester(rule, {
  valid: [{ file: 'advisory/small.pcap' }, { file: 'advisory/mss.pcap' }, { file: 'icmp/endpoint-bad.pcap' }],
  invalid: [
    {
      file: 'advisory/effective-mtu.pcap',
      errors: [
        {
          messageId: 'oversizedDf',
          frames: [1, 4],
          message:
            /^2 up DF=1 datagrams larger than the tunnel carries whole crossed only because the B4 cut the tunnel packet into outer fragments of at most 1496 bytes \(datagrams up to 1500 bytes; e\.g\. 1500 bytes from 192\.168\.1\.10 to 198\.51\.100\.80, frames 1, 4\): the softwire's IPv4 MTU is the link MTU less 40, below 1500/,
        },
        {
          messageId: 'fragNeeded',
          frames: [3],
          message:
            /^1 ICMPv4 Fragmentation Needed carried an MTU below 1500 to hosts through the softwire \(1460; e\.g\. MTU 1460 from 192\.0\.0\.1 to 192\.168\.1\.10, frames 3\)/,
        },
      ],
    },
    {
      // The AFTR's own Fragmentation Needed with MTU 1452 (ICMP-007's passing case) is evidence too.
      file: 'icmp/endpoint-ok.pcap',
      errors: [
        {
          messageId: 'fragNeeded',
          frames: [4],
          message: /^1 ICMPv4 Fragmentation Needed carried an MTU below 1500 to hosts through the softwire \(1452;/,
        },
      ],
    },
  ],
});
