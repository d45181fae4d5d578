import { describe, expect, it } from 'vitest';
import { natValid, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { decapsulatedEcn, rule } from './QOS-004.js';

describe('the RFC 6040 §4.2 decapsulation table', () => {
  // Rows: inner Not-ECT, ECT(0), ECT(1), CE; columns: outer Not-ECT, ECT(0), ECT(1), CE (code points 0, 2, 1, 3; -1 drop).
  const table: [number, number[]][] = [
    [0, [0, 0, 0, -1]],
    [2, [2, 2, 1, 3]],
    [1, [1, 1, 1, 3]],
    [3, [3, 3, 3, 3]],
  ];
  it.each(table)('inner %d', (inner, row) => {
    expect([0, 2, 1, 3].map((outer) => decapsulatedEcn(inner, outer))).toEqual(row);
  });
});

ruleTester(rule, {
  valid: [
    ...natValid(),
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    // ECT(1) under ECT(0), and ECT(0) under ECT(1), both come out ECT(1).
    { file: 'twopoint/b4-qos-tunnel.pcap', options: sideOf('b4-qos', 'lan') },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-qos-tunnel.pcap',
      options: sideOf('aftr-qos', 'internet'),
      errors: [
        {
          messageId: 'wrong',
          frames: [7, 8],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [7, 8] }],
          message:
            /^the AFTR decapsulated 2 datagram\(s\) .*, 1 of them Not-ECT under a CE outer, which must be dropped \(.*Not-ECT, CE → Not-ECT, drop \(1\); ECT\(0\), CE → ECT\(0\), CE \(1\)/,
        },
      ],
    },
  ],
});
