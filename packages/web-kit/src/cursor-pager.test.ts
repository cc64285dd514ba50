import { describe, expect, it } from 'vitest';
import { firstPage, nextPage, previousPage } from './cursor-pager';

describe('cursor trail', () => {
  it('goes forward with the API’s next cursor and back through the pages already seen', () => {
    const second = nextPage(firstPage, 'c2');
    const third = nextPage(second, 'c3');
    expect(third).toEqual([undefined, 'c2', 'c3']);
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(previousPage(third))).toEqual(firstPage);
  });

  it('stays put at the ends: no next cursor, or already on the first page', () => {
    expect(nextPage(firstPage, null)).toBe(firstPage);
    expect(previousPage(firstPage)).toBe(firstPage);
  });
});
