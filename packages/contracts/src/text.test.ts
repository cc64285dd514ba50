import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findUnstorableText, isStorableText, storable, Text } from './text';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps pairs and other control characters', () => {
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\udc00\ud800')).toBe(false);
    expect(isStorableText('emoji \ud83d\ude00 tab\t line\n bell\u0007')).toBe(true);
  });

  it('names the path of the first bad value or key, however deep', () => {
    expect(findUnstorableText({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
      path: ['a', 2, 'c'],
      inKey: false,
    });
    expect(findUnstorableText({ 'k\u0000': 1 })).toEqual({ path: ['k\u0000'], inKey: true });
    let deep: unknown = 'bad\ud800';
    for (let level = 0; level < 20_000; level += 1) deep = { d: deep };
    expect(findUnstorableText(deep)?.path).toHaveLength(20_000);
    expect(findUnstorableText({ fine: ['yes', 2, null, true] })).toBeNull();
  });

  it('wraps a schema so the text check runs first and names the field', () => {
    const schema = storable(z.object({ name: z.string().max(5) }));
    const result = schema.safeParse({ name: 'a\u0000' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(['name']);
    expect(schema.parse({ name: 'abc' })).toEqual({ name: 'abc' });
    expect(Text().max(3).safeParse('ab\u0000').success).toBe(false);
    expect(Text().max(3).safeParse('abcd').success).toBe(false);
  });
});
