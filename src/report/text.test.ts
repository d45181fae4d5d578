import { describe, expect, it } from 'vitest';
import { agree } from '../model/words.js';
import { counted } from './text.js';

describe('number agreement (the one place wording decides singular and plural)', () => {
  it.each([
    [1, 'softwire', '1 softwire'],
    [2, 'softwire', '2 softwires'],
    [0, 'byte', '0 bytes'],
    [1, 'address', '1 address'],
    [3, 'reply', '3 replys'],
  ])('counted(%d, %s)', (n, noun, text) => {
    expect(counted(n, noun)).toBe(text);
  });
  it('counted takes an irregular plural', () => {
    expect(counted(3, 'reply', 'replies')).toBe('3 replies');
  });
  it.each([
    ['1 softwires (2 B4s)', '1 softwire (2 B4s)'],
    ['2 softwires (1 B4s)', '2 softwires (1 B4)'],
    ['FAIL: 1 errors, 1 warnings, 3 info', 'FAIL: 1 error, 1 warning, 3 info'],
    ['of which 1 non-first outer fragments', 'of which 1 non-first outer fragment'],
    ['1 down tunnel packets from the AFTR', '1 down tunnel packet from the AFTR'],
    ['1 external addresses', '1 external address'],
    ['1 replies', '1 reply'],
    ['wrote 1 frames', 'wrote 1 frame'],
    ['(1 B4s)', '(1 B4)'],
  ])('%s → %s', (text, want) => {
    expect(agree(text)).toBe(want);
  });
  it.each([
    ['11 packets'],
    ['21 frames'],
    ['0.1 packets'],
    ['1.5 bytes'],
    ['1,000 packets'],
    ['frames 10–1 packets'],
    ['1 of 4 packets'],
    ['1 s'],
    ['2001:db8::1 packets'],
    ['1 info'],
  ])('leaves %s alone', (text) => {
    expect(agree(text)).toBe(text);
  });
  it('is idempotent', () => {
    const s = 'FAIL: 1 errors, 2 warnings; 1 softwires';
    expect(agree(agree(s))).toBe(agree(s));
  });
});
