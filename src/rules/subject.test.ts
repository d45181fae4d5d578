import { describe, expect, it } from 'vitest';
import { displayFilter } from '../model/words.js';
import { flowText } from './subject.js';

describe('displayFilter', () => {
  it.each([
    [[], ''],
    [[12], 'frame.number == 12'],
    [[12, 13], 'frame.number in {12, 13}'],
    [[1, 2, 3, 7], 'frame.number in {1..3, 7}'],
    [[1, 3, 4, 5, 6, 9, 10], 'frame.number in {1, 3..6, 9, 10}'],
  ])('%j → %s', (frames, filter) => {
    expect(displayFilter(frames)).toBe(filter);
  });
});

describe('flowText', () => {
  it('puts the internal (B4) end first whatever the direction', () => {
    const a = 0xc0a8010a | 0;
    const b = 0xc6336450 | 0;
    expect(flowText(17, a, 40000, b, 5001, 'up')).toBe('udp 192.168.1.10:40000 ⇄ 198.51.100.80:5001');
    expect(flowText(17, b, 5001, a, 40000, 'down')).toBe('udp 192.168.1.10:40000 ⇄ 198.51.100.80:5001');
    expect(flowText(6, a, -1, b, -1, 'up')).toBe('tcp 192.168.1.10 ⇄ 198.51.100.80');
  });
});
