import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-003.js';

const AFTR = { aftrs: ['2001:db8:0:ffff::1'] };
ruleTester(rule, {
  valid: [
    { file: 'demo/demo.pcapng', options: AFTR },
    { file: 'tunnel/unknown-aftr.pcap' },
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    {
      file: 'tunnel/unknown-aftr.pcap',
      options: AFTR,
      errors: [
        {
          messageId: 'notConfigured',
          frames: [2],
          severity: 'info',
          message: /between 2001:db8:100:1::2 and 2001:db8:0:eeee::1, which is not a configured AFTR/,
        },
      ],
    },
    {
      file: 'third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6.pcap',
      options: { aftrs: ['8:9:a:b:c:d:e:f'] },
      errors: [
        {
          messageId: 'neverUp',
          frames: [1],
          severity: 'warning',
          confidence: 'possible',
          message: /never sent a packet up in this capture/,
        },
      ],
    },
  ],
});
