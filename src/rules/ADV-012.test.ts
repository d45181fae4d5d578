import { natSide, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADV-012.js';

ruleTester(rule, {
  valid: [
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    // Without the Internet side there is nothing to judge.
    { file: 'twopoint/aftr-inbound-tunnel.pcap' },
    // Outside the configured pool: not the AFTR's.
    {
      file: 'twopoint/aftr-inbound-tunnel.pcap',
      options: sideOf('aftr-inbound', 'internet', 'pcap', { natPools: ['192.0.2.0/24'] }),
    },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-inbound-tunnel.pcap',
      options: sideOf('aftr-inbound', 'internet'),
      errors: [
        {
          messageId: 'inboundSyns',
          frames: [5, 6, 7],
          input: 1,
          message:
            /^3 SYNs from the Internet to the AFTR's addresses found no mapping and entered no softwire, to 203\.0\.113\.1:8080 \(2\), 203\.0\.113\.1:22 \(1\) \(frames 5–7 on the Internet side\)/,
        },
      ],
    },
    {
      // NAT-012's case: the AFTR answered the unsolicited SYN with a reset.
      file: 'nat/nat-syn-answered-tunnel.pcap',
      options: natSide('nat-syn-answered'),
      errors: [{ messageId: 'inboundSyns', frames: [22], input: 1, message: /^1 SYN from the Internet/ }],
    },
  ],
});
