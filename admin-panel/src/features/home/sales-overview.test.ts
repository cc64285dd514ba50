import { describe, expect, it } from 'vitest';
import { change } from './sales-overview';

describe('change against the previous period', () => {
  it('rounds to whole percent with a sign, and says "new" when there was nothing before', () => {
    expect(change(150, 100)).toBe('+50 %');
    expect(change(50, 200)).toBe('−75 %');
    expect(change(100, 100)).toBe('±0 %');
    expect(change(0, 0)).toBe('±0 %');
    expect(change(10, 0)).toBe('new');
  });
});
