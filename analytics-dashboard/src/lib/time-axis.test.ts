import { describe, expect, it } from 'vitest';
import { tickIncrements, timeTickFormatter } from './time-axis';

describe('timeTickFormatter', () => {
  const t = Date.UTC(2026, 10, 25, 13, 5, 9) / 1000;

  it('writes ticks in the shop’s locale and zone, as precise as their spacing', () => {
    const german = timeTickFormatter('de-DE', 'Europe/Berlin');
    expect(german(t, 1)).toBe('14:05:09');
    expect(german(t, 300)).toBe('14:05');
    expect(german(t, 86_400)).toBe('25. Nov.');
    const american = timeTickFormatter('en-US', 'America/New_York');
    expect(american(t, 300)).toBe('08:05 AM');
  });
});

it('offers tick steps that are whole buckets', () => {
  expect(tickIncrements(86_400).slice(0, 3)).toEqual([86_400, 172_800, 259_200]);
  expect(tickIncrements(60)).toContain(3600);
});
