import { describe, expect, it } from 'vitest';
import {
  allowedGranularities,
  dayCount,
  defaultGranularity,
  isValidTimeZone,
  presetRange,
  previousPeriod,
  rangeToInstants,
  todayIn,
} from './date-range';

// 23:30 UTC on 31 March 2026 is already 1 April in Berlin (UTC+2) but still 31 March in New York.
const lateEvening = new Date('2026-03-31T23:30:00Z');

describe('presetRange', () => {
  it('takes "today" in the shop’s time zone, not the browser’s', () => {
    expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-04-01');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-03-31');
    expect(presetRange('today', lateEvening, 'Europe/Berlin')).toEqual({
      start: '2026-04-01',
      end: '2026-04-01',
    });
    expect(presetRange('yesterday', lateEvening, 'Europe/Berlin')).toEqual({
      start: '2026-03-31',
      end: '2026-03-31',
    });
  });

  it('counts the last 7 and 30 days including today', () => {
    expect(presetRange('last7', lateEvening, 'America/New_York')).toEqual({
      start: '2026-03-25',
      end: '2026-03-31',
    });
    const last30 = presetRange('last30', lateEvening, 'UTC');
    expect(last30).toEqual({ start: '2026-03-02', end: '2026-03-31' });
    expect(dayCount(last30)).toBe(30);
  });

  it('knows this month and last month, across a year boundary', () => {
    const newYear = new Date('2026-01-15T12:00:00Z');
    expect(presetRange('thisMonth', newYear, 'UTC')).toEqual({ start: '2026-01-01', end: '2026-01-15' });
    expect(presetRange('lastMonth', newYear, 'UTC')).toEqual({ start: '2025-12-01', end: '2025-12-31' });
    expect(presetRange('lastMonth', lateEvening, 'Europe/Berlin')).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
    });
  });
});

describe('previousPeriod', () => {
  it('is the same number of days just before', () => {
    expect(previousPeriod({ start: '2026-03-25', end: '2026-03-31' })).toEqual({
      start: '2026-03-18',
      end: '2026-03-24',
    });
    expect(previousPeriod({ start: '2026-03-01', end: '2026-03-01' })).toEqual({
      start: '2026-02-28',
      end: '2026-02-28',
    });
  });
});

describe('rangeToInstants', () => {
  it('turns shop days into UTC instants, with the end exclusive', () => {
    expect(rangeToInstants({ start: '2026-01-10', end: '2026-01-11' }, 'Europe/Berlin')).toEqual({
      from: '2026-01-09T23:00:00.000Z',
      to: '2026-01-11T23:00:00.000Z',
    });
  });

  it('gives a day of 23 hours when the clocks go forward', () => {
    // Berlin switches to summer time on 29 March 2026.
    const { from, to } = rangeToInstants({ start: '2026-03-29', end: '2026-03-29' }, 'Europe/Berlin');
    expect(from).toBe('2026-03-28T23:00:00.000Z');
    expect(to).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('granularity', () => {
  it('offers minutes only for a single day and hours up to a month', () => {
    expect(allowedGranularities({ start: '2026-03-01', end: '2026-03-01' })).toEqual(['minute', 'hour']);
    expect(allowedGranularities({ start: '2026-03-01', end: '2026-03-31' })).toEqual(['hour', 'day']);
    expect(allowedGranularities({ start: '2026-01-01', end: '2026-03-31' })).toEqual(['day']);
    expect(defaultGranularity({ start: '2026-03-01', end: '2026-03-01' })).toBe('hour');
    expect(defaultGranularity({ start: '2026-03-01', end: '2026-03-07' })).toBe('day');
  });
});

it('recognises IANA time zone names', () => {
  expect(isValidTimeZone('Europe/Berlin')).toBe(true);
  expect(isValidTimeZone('Mars/Olympus')).toBe(false);
});
