import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventInput,
  findUnstorableProperty,
  MAX_PROPERTIES_CHARS,
  MAX_PROPERTIES_DEPTH,
  MAX_PROPERTY_ITEMS,
  MAX_PROPERTY_KEY_CHARS,
  MAX_PROPERTY_KEYS,
  MAX_PROPERTY_TEXT_CHARS,
} from './events';
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

  it('takes properties that serialise to exactly the limit, escapes counted, and refuses one more', () => {
    // Each `"` is written as `\"`: 2 characters for 1.
    const exactly = (chars: number) => {
      const filler = MAX_PROPERTIES_CHARS - '{"a":""}'.length;
      const quotes = Math.floor(Math.min(filler, 1000) / 2);
      const properties: Record<string, string> = { a: '"'.repeat(quotes) };
      let left = chars - JSON.stringify(properties).length;
      for (let key = 0; left > 0; key++) {
        const text = 'x'.repeat(Math.max(0, Math.min(MAX_PROPERTY_TEXT_CHARS, left - 9)));
        properties[`k${String(key).padStart(2, '0')}`] = text;
        left = chars - JSON.stringify(properties).length;
      }
      return properties;
    };
    for (const chars of [MAX_PROPERTIES_CHARS - 1, MAX_PROPERTIES_CHARS]) {
      const properties = exactly(chars);
      expect(JSON.stringify(properties).length).toBe(chars);
      expect(findUnstorableProperty(properties)).toBeNull();
    }
    const over = exactly(MAX_PROPERTIES_CHARS);
    over.a = `${over.a}"`;
    expect(findUnstorableProperty(over)?.message).toBe('must serialise to at most 8192 characters');
  });

  it('decides every generated value as the written rules do (paths included)', () => {
    // The rules, written plainly and recursively (fine for the small values generated here).
    const rule = (value: unknown, path: (string | number)[]): { path: (string | number)[] } | null => {
      if (typeof value === 'string')
        return value.includes('\0') || !value.isWellFormed() || value.length > MAX_PROPERTY_TEXT_CHARS
          ? { path }
          : null;
      if (value === null || typeof value === 'boolean') return null;
      if (typeof value === 'number') return Number.isFinite(value) ? null : { path };
      if (typeof value !== 'object' || path.length >= MAX_PROPERTIES_DEPTH) return { path };
      if (Array.isArray(value)) {
        if (value.length > MAX_PROPERTY_ITEMS) return { path };
        for (const [index, item] of value.entries()) {
          const found = rule(item, [...path, index]);
          if (found) return found;
        }
        return null;
      }
      const keys = Object.keys(value);
      if (keys.length > MAX_PROPERTY_KEYS) return { path };
      for (const key of keys)
        if (
          key.includes('\0') ||
          !key.isWellFormed() ||
          key.length > MAX_PROPERTY_KEY_CHARS ||
          key.includes('.') ||
          key.startsWith('$')
        )
          return { path: [...path, key] };
      for (const key of keys) {
        const found = rule((value as Record<string, unknown>)[key], [...path, key]);
        if (found) return found;
      }
      return null;
    };
    const expected = (properties: unknown) =>
      rule(properties, []) ??
      (JSON.stringify(properties).length > MAX_PROPERTIES_CHARS ? { path: [] } : null);
    const text = fc.oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('a.b', '$x', 'x\u0000', '\ud800', '"\\', 'k'.repeat(65), 'v'.repeat(1025)),
      },
      {
        weight: 1,
        arbitrary: fc.string({
          unit: fc.constantFrom('"', '\\', '\n', 'é', 'x'),
          minLength: 900,
          maxLength: 1024,
        }),
      },
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(text, tie('value'), { maxKeys: 5 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 14 }), (properties) => {
        expect(findUnstorableProperty(properties)?.path ?? null).toEqual(expected(properties)?.path ?? null);
      }),
      { numRuns: 600, seed: 20261201 },
    );
  });

  it('refuses no custom event for its name, whatever the name (`constructor` is not a schema)', () => {
    for (const event of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(EventInput.safeParse({ type: 'track', event }).success).toBe(true);
  });

  it('names the limit when a batch holds more than 500 events', () => {
    const events = Array.from({ length: 501 }, () => ({ type: 'page' }));
    expect(SegmentBatch.safeParse({ batch: events }).error?.issues[0]?.message).toBe(
      'must hold at most 500 events',
    );
    expect(isTextCheckedPerItem(SegmentBatch)).toBe(true);
  });
});
