import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TUN-001.js';

ruleTester(rule, {
  valid: [
    { file: 'demo/demo.pcapng' },
    { file: 'third-party/nDPI/4in6tunnel.pcap' },
    { file: 'linktypes/sections-be.pcapng' },
  ],
  invalid: [
    {
      file: 'malformed/malformed.pcap',
      errors: [
        {
          messageId: 'notIpv4',
          frames: [5],
          confidence: 'confirmed',
          message: /IP version 5, not 4 \(up, sent by the B4\)/,
        },
      ],
    },
    {
      file: 'third-party/suricata-verify/bug-7964-01/wrong-version-ipv4-ipv6.pcap',
      errors: [{ messageId: 'notIpv4', frames: [1] }],
    },
  ],
});
