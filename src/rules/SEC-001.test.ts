import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './SEC-001.js';

ruleTester(rule, {
  valid: [
    ...natValid('nat-public'),
    // A source the operator authorised is allowed.
    { file: 'nat/nat-public-tunnel.pcap', options: natSide('nat-public', { authorisedSources: ['198.18.0.0/15'] }) },
  ],
  invalid: [
    {
      file: 'nat/nat-public-tunnel.pcap',
      options: natSide('nat-public'),
      errors: [{ messageId: 'forwarded', frames: [22], confidence: 'confirmed', related: [{ input: 1, frames: [22] }], message: /^B4 2001:db8:3::2 sent UDP 198\.18\.7\.7:40001 → .* and the AFTR forwarded it as 203\.0\.113\.2 \(frames 22\)/ }],
    },
  ],
});
