// Tests for label contrast on phase colours.
import { describe, expect, it } from 'vitest';
import { textOn } from './colors';

describe('textOn', () => {
  it('uses white on dark phase colours and black on light ones', () => {
    expect(textOn('#0072B2')).toBe('#ffffff');
    expect(textOn('#882255')).toBe('#ffffff');
    expect(textOn('#F0E442')).toBe('#000000');
    expect(textOn('#CCCCCC')).toBe('#000000');
    expect(textOn('#E69F00')).toBe('#000000');
    expect(textOn('bogus')).toBe('#000000');
  });
});
