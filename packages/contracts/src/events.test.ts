import { describe, expect, it } from 'vitest';
import { EventInput, findUnstorableProperty, MAX_PROPERTIES_DEPTH, MAX_PROPERTY_KEYS } from './events';
import { SegmentBatch } from './segment';
import { isTextCheckedPerItem } from './text';

/** `levels` objects nested in one another, `properties` itself being the first. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < levels; level++) value = { inner: value };
  return value;
}

const track = (properties: unknown) => ({ type: 'track', event: 'Custom', properties });
const issuesOf = (input: unknown) =>
  EventInput.safeParse(input).error?.issues.map((issue) => ({ path: issue.path, message: issue.message }));

describe('event properties storable by construction', () => {
  it('refuses a key with a dot or starting with $, wherever it is, naming it', () => {
    expect(issuesOf(track({ 'a.b': 1 }))).toEqual([
      { path: ['properties', 'a.b'], message: 'key must not contain "."' },
    ]);
    expect(issuesOf(track({ list: [{ $where: 1 }] }))).toEqual([
      { path: ['properties', 'list', 0, '$where'], message: 'key must not start with "$"' },
    ]);
    expect(EventInput.safeParse(track({ price$: 1, 'a-b_c': 2 })).success).toBe(true);
  });

  it('refuses NUL in a key or a value of the properties and in the event’s own text', () => {
    expect(issuesOf(track({ 'a\u0000b': 1 }))?.[0]?.path).toEqual(['properties', 'a\u0000b']);
    expect(issuesOf(track({ a: { b: 'x\u0000' } }))?.[0]?.path).toEqual(['properties', 'a', 'b']);
    expect(issuesOf({ type: 'page', page: { title: 'x\u0000' } })?.[0]?.path).toEqual(['page', 'title']);
    expect(issuesOf({ type: 'track', event: 'Lone \ud800' })?.[0]?.path).toEqual(['event']);
  });

  it(`takes properties ${MAX_PROPERTIES_DEPTH} levels deep and refuses ${MAX_PROPERTIES_DEPTH + 1}`, () => {
    expect(EventInput.safeParse(track(nested(MAX_PROPERTIES_DEPTH))).success).toBe(true);
    const issues = issuesOf(track(nested(MAX_PROPERTIES_DEPTH + 1)));
    expect(issues).toHaveLength(1);
    expect(issues?.[0]?.message).toMatch(/deeper than 8 levels/);
  });

  it('refuses properties nested 5,000 levels deep without exhausting the stack', () => {
    const issues = issuesOf(track(nested(5000)));
    expect(issues?.[0]?.message).toMatch(/deeper than 8 levels/);
    let arrays: unknown = 1;
    for (let level = 0; level < 200_000; level++) arrays = [arrays];
    expect(findUnstorableProperty({ arrays })?.path).toHaveLength(MAX_PROPERTIES_DEPTH);
  });

  it('bounds keys per object, key length and total size', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_PROPERTY_KEYS + 1 }, (_, i) => [`k${i}`, i]));
    expect(issuesOf(track(wide))?.[0]?.message).toBe('must have at most 100 keys');
    expect(issuesOf(track({ ['k'.repeat(65)]: 1 }))?.[0]?.message).toMatch(/at most 64 characters/);
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    expect(issuesOf(track(big))?.[0]?.message).toBe('must serialise to at most 8192 characters');
  });

  it('names the limit when a batch holds more than 500 events', () => {
    const events = Array.from({ length: 501 }, () => ({ type: 'page' }));
    expect(SegmentBatch.safeParse({ batch: events }).error?.issues[0]?.message).toBe(
      'must hold at most 500 events',
    );
    expect(isTextCheckedPerItem(SegmentBatch)).toBe(true);
  });
});
