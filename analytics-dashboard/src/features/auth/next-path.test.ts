import { expect, it } from 'vitest';
import { safeNext } from './next-path';

it('returns after sign-in only to a page of this app', () => {
  expect(safeNext('/overview?range=last7')).toBe('/overview?range=last7');
  expect(safeNext('https://evil.test')).toBe('/live');
  expect(safeNext('//evil.test/x')).toBe('/live');
  expect(safeNext('/\\evil.test')).toBe('/live');
  expect(safeNext(null)).toBe('/live');
});
