import { describe, expect, it } from 'vitest';
import { parseReportSearch, reportParams, writeReportSearch } from './report-search';

const now = new Date('2026-11-25T10:00:00Z');
const parse = (query: string, shopTimeZone = 'Europe/Berlin') =>
  parseReportSearch(new URLSearchParams(query), shopTimeZone, now);

describe('parseReportSearch', () => {
  it('shows the last 7 days in the shop’s time zone when the URL says nothing', () => {
    expect(parse('')).toEqual({
      preset: 'last7',
      range: { start: '2026-11-19', end: '2026-11-25' },
      granularity: 'day',
      timeZone: 'Europe/Berlin',
      timeZoneOverride: null,
      site: null,
      filters: [],
    });
  });

  it('reads a site filter, and ignores one that is not a site id', () => {
    expect(parse('site=e2e-shop').site).toBe('e2e-shop');
    expect(parse('site=a%20b').site).toBeNull();
    expect(parse(`site=${'x'.repeat(65)}`).site).toBeNull();
  });

  it('reads a preset, a granularity and a time zone', () => {
    const search = parse('range=today&granularity=minute&tz=Pacific/Auckland');
    expect(search.preset).toBe('today');
    // 10:00 UTC is 23:00 in Auckland on 25 November.
    expect(search.range).toEqual({ start: '2026-11-25', end: '2026-11-25' });
    expect(search.granularity).toBe('minute');
    expect(search.timeZoneOverride).toBe('Pacific/Auckland');
  });

  it('reads a custom range and puts reversed dates in order', () => {
    expect(parse('range=custom&from=2026-10-31&to=2026-10-01').range).toEqual({
      start: '2026-10-01',
      end: '2026-10-31',
    });
  });

  it('falls back to defaults for anything it cannot trust', () => {
    const search = parse('range=custom&from=yesterday&to=2026-13-40&granularity=second&tz=Nowhere/Town');
    expect(search.preset).toBe('last7');
    expect(search.granularity).toBe('day');
    expect(search.timeZone).toBe('Europe/Berlin');
    expect(parse('range=custom&from=1900-01-01&to=2026-01-01').preset).toBe('last7');
  });

  it('refuses a granularity too fine for the range', () => {
    expect(parse('range=last30&granularity=minute').granularity).toBe('day');
  });
});

describe('writeReportSearch', () => {
  it('sets a preset and drops the custom dates and granularity', () => {
    const params = new URLSearchParams(
      'range=custom&from=2026-10-01&to=2026-10-02&granularity=hour&device=mobile',
    );
    expect(writeReportSearch(params, { preset: 'last30' }).toString()).toBe('range=last30&device=mobile');
  });

  it('writes a custom range and a time zone, and removes the override', () => {
    let params = writeReportSearch(new URLSearchParams(), {
      custom: { start: '2026-10-01', end: '2026-10-05' },
    });
    params = writeReportSearch(params, { timeZone: 'Asia/Tokyo' });
    expect(params.toString()).toBe('range=custom&from=2026-10-01&to=2026-10-05&tz=Asia%2FTokyo');
    expect(writeReportSearch(params, { timeZone: null }).has('tz')).toBe(false);
  });
});

it('carries only the report parameters between screens', () => {
  expect(reportParams(new URLSearchParams('range=today&tz=UTC&next=/x'))).toBe('?range=today&tz=UTC');
  expect(reportParams(new URLSearchParams('site=e2e-shop&range=today'))).toBe('?range=today&site=e2e-shop');
  expect(reportParams(new URLSearchParams(''))).toBe('');
});
