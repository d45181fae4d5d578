import { fixture, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-020.js';

const pools = (name: string) => ({ internet: { path: fixture(`nat-pools/${name}-internet.pcap`) } });

ruleTester(rule, {
  valid: [
    ...natValid(),
    // One AFTR whose two B4s share an external address: paired pooling, not overlapping pools.
    { file: 'nat-pools/one-aftr-tunnel.pcap', options: pools('one-aftr') },
    { file: 'demo/demo.pcapng', options: { natPools: ['203.0.113.0/25', '203.0.113.128/25'] } },
  ],
  invalid: [
    {
      file: 'nat-pools/two-aftrs-tunnel.pcap',
      options: pools('two-aftrs'),
      errors: [
        {
          messageId: 'shared',
          frames: [1, 3],
          confidence: 'likely',
          related: [{ input: 1, frames: [1, 3] }],
          message:
            /^external address 203\.0\.113\.1 serves B4s of two AFTRs: 2001:db8:100:1::2 through AFTR 2001:db8:0:ffff::1 .* and 2001:db8:200:1::2 through AFTR 2001:db8:0:fffe::1/,
        },
      ],
    },
    {
      file: 'demo/demo.pcapng',
      options: { natPools: ['203.0.113.0/24', '203.0.113.128/25'] },
      errors: [
        {
          messageId: 'configured',
          frames: [],
          confidence: 'confirmed',
          message: /^the configured NAT pools 203\.0\.113\.0\/24 and 203\.0\.113\.128\/25 overlap/,
        },
      ],
    },
  ],
});
