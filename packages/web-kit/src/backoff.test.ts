import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from half a second and never exceeds 30 seconds', () => {
    const low = (attempt: number) => backoffDelay(attempt, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, () => 1);
    expect([0, 1, 2, 3, 4].map(high)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect([0, 1, 2, 3, 4].map(low)).toEqual([250, 500, 1000, 2000, 4000]);
    expect(high(20)).toBe(30_000);
    expect(low(20)).toBe(15_000);
  });

  it('spreads retries between half and all of the ceiling', () => {
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
  });
});
