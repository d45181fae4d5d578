import { fixture, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './CAP-002.js';

ruleTester(rule, {
  valid: [
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    // Without a second capture there is nothing for it to judge.
    { file: 'demo/demo.pcapng' },
  ],
  invalid: [
    // Another case's Internet side: another time span and other traffic, nothing pairs.
    {
      file: 'twopoint/aftr-ok-tunnel.pcap',
      options: { internet: { path: fixture('nat/nat-ok-internet.pcap') } },
      errors: [
        {
          messageId: 'unpaired',
          frames: [],
          input: 1,
          message: /^the internet capture contributed nothing: none of its datagrams \(\d+ unpaired\) matched/,
        },
      ],
    },
    {
      file: 'twopoint/b4-ok-tunnel.pcap',
      options: { lan: { path: fixture('twopoint/aftr-ok-internet.pcap') } },
      errors: [
        {
          messageId: 'unpaired',
          frames: [],
          input: 1,
          message: /^the lan capture contributed nothing: .*--lan-offset/,
        },
      ],
    },
  ],
});
