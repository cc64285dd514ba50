import { describe, expect, it } from 'vitest';
import { startOfDayIn } from './settings';

describe("the shop's day", () => {
  it('starts at local midnight, whatever the offset', () => {
    const lateEvening = new Date('2026-04-01T22:30:00Z');
    expect(startOfDayIn('UTC', lateEvening).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    // 00:30 on 2 April in Berlin (summer time, UTC+2): the day began at 22:00 UTC.
    expect(startOfDayIn('Europe/Berlin', lateEvening).toISOString()).toBe('2026-04-01T22:00:00.000Z');
    expect(startOfDayIn('America/New_York', lateEvening).toISOString()).toBe('2026-04-01T04:00:00.000Z');
    // A half-hour zone: India is UTC+5:30, so its midnight is not on a UTC hour.
    expect(startOfDayIn('Asia/Kolkata', lateEvening).toISOString()).toBe('2026-04-01T18:30:00.000Z');
  });

  it('keeps the day of a change to summer time (23 hours long)', () => {
    expect(startOfDayIn('Europe/Berlin', new Date('2026-03-29T12:00:00Z')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
  });
});
