import { describe, expect, it } from 'vitest';
import { describeFilter, filtersOf, isFilter, writeFilters } from './filters';

describe('report filters in the URL', () => {
  it('reads repeated f parameters, dropping malformed and repeated ones', () => {
    const params = new URLSearchParams(
      'range=last7&f=referrer:is:google.com&f=colour:is:red&f=device:is:mobile&f=referrer:is:google.com&f=page:like:/x',
    );
    expect(filtersOf(params)).toEqual(['referrer:is:google.com', 'device:is:mobile']);
  });

  it('adds, removes and replaces filters and keeps every other parameter', () => {
    const start = new URLSearchParams('range=last30&tz=UTC&f=device:is:mobile');
    const added = writeFilters(start, { add: isFilter('referrer', 'l.instagram.com') });
    expect(added.toString()).toBe(
      'range=last30&tz=UTC&f=device%3Ais%3Amobile&f=referrer%3Ais%3Al.instagram.com',
    );
    expect(filtersOf(writeFilters(added, { remove: 'device:is:mobile' }))).toEqual([
      'referrer:is:l.instagram.com',
    ]);
    expect(filtersOf(writeFilters(added, { replace: ['page:contains:/products'] }))).toEqual([
      'page:contains:/products',
    ]);
    expect(writeFilters(added, { replace: [] }).toString()).toBe('range=last30&tz=UTC');
  });

  it('keeps colons inside a value', () => {
    expect(filtersOf(new URLSearchParams('f=page:is:/a:b'))).toEqual(['page:is:/a:b']);
    expect(describeFilter('page:is:/a:b')).toBe('Page is /a:b');
    expect(describeFilter('utm_campaign:is_not:autumn')).toBe('UTM campaign is not autumn');
  });
});
