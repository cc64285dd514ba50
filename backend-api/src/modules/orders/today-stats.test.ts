import { describe, expect, it } from 'vitest';
import { shopDay } from './today-stats';

describe("the shop's day", () => {
  it('starts at midnight in the shop time zone, not UTC', () => {
    // 23:30 UTC on 30 November is already 1 December in Berlin (UTC+1).
    const day = shopDay('Europe/Berlin', new Date('2026-11-30T23:30:00Z'));
    expect(day.date).toBe('2026-12-01');
    expect(day.start.toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('is still the previous day west of UTC', () => {
    const day = shopDay('America/New_York', new Date('2026-12-01T03:00:00Z'));
    expect(day.date).toBe('2026-11-30');
    expect(day.start.toISOString()).toBe('2026-11-30T05:00:00.000Z');
  });

  it('follows daylight saving time (Berlin on the last Sunday of March)', () => {
    const day = shopDay('Europe/Berlin', new Date('2026-03-29T12:00:00Z'));
    expect(day.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    const next = shopDay('Europe/Berlin', new Date('2026-03-30T12:00:00Z'));
    expect(next.start.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});
