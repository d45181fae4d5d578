import { ruleTester } from '../../test/helpers/rule-tester.js';
import { fixture, sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-014.js';

ruleTester(rule, {
  valid: [
    // The out-of-order set (frames 10–11 on the Internet side) was delivered.
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/aftr-bad-tunnel.pcapng' },
    // The tunnel capture lost a small datagram of the same flow near then: the sets' absence proves nothing.
    {
      file: 'twopoint/aftr-bad-tunnel-partial.pcap',
      options: { internet: { path: fixture('twopoint/aftr-bad-internet.pcapng') } },
    },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'outOfOrderDropped',
          input: 1,
          frames: [14, 15, 16, 17],
          confidence: 'likely',
          message: /^2 IPv4 fragment set\(s\) .* \(frames 14–17\) never entered the softwire, while 1 in-order/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcap'),
      errors: [
        {
          messageId: 'outOfOrderDropped',
          input: 1,
          frames: [14, 15, 16, 17],
          confidence: 'possible',
          severity: 'warning',
        },
      ],
    },
  ],
});
