import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './SEC-001.js';

ruleTester(rule, {
  valid: [
    ...natValid('nat-public'),
    // A source the operator authorised is allowed.
    { file: 'nat/nat-public-tunnel.pcap', options: natSide('nat-public', { authorisedSources: ['198.18.0.0/15'] }) },
    // From the tunnel alone too.
    { file: 'nat/nat-public-tunnel.pcap', options: { authorisedSources: ['198.18.0.0/15'] } },
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    {
      // Without the Internet side: what the B4 sent, not yet what the AFTR did.
      file: 'nat/nat-public-tunnel.pcap',
      errors: [
        {
          messageId: 'sent',
          frames: [22],
          confidence: 'confirmed',
          severity: 'info',
          message:
            /^B4 2001:db8:3::2 sent 1 inner IPv4 packet from sources neither RFC 1918 nor 192\.0\.0\.0\/29 nor authorised \(198\.18\.7\.7; frames 22\): the AFTR must drop it \(RFC 6333 §11\); give --internet/,
        },
      ],
    },
    {
      // A flood of one-packet softwires from public sources: one finding, its first B4s named.
      file: 'third-party/igalia-snabb/snabbvmx/v4v6-256.pcap',
      errors: [
        {
          messageId: 'sent',
          frames: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
          confidence: 'confirmed',
          severity: 'info',
          message:
            /^126 B4s sent 126 inner IPv4 packets from sources .* \(fc00:1:2:3:4:5:0:80: 193\.5\.1\.100; .*; …; frames 3–12\)/,
        },
      ],
    },
    {
      file: 'nat/nat-public-tunnel.pcap',
      options: natSide('nat-public'),
      errors: [
        {
          messageId: 'forwarded',
          frames: [22],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [22] }],
          message:
            /^B4 2001:db8:3::2 sent UDP 198\.18\.7\.7:40001 → .* and the AFTR forwarded it as 203\.0\.113\.2 \(frames 22\)/,
        },
      ],
    },
  ],
});
