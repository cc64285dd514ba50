import { describe, expect, it } from 'vitest';
import { ApiError, describeProblem, parseProblem } from './problem';

describe('problem details', () => {
  it('says the detail and lists the field errors', () => {
    const problem = parseProblem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The body is invalid',
      errors: [{ field: 'variants.0.sku', message: 'is already used' }],
    });
    expect(describeProblem(400, problem)).toBe('The body is invalid — variants.0.sku: is already used');
    expect(new ApiError(400, problem).fieldErrors).toEqual({ 'variants.0.sku': 'is already used' });
  });

  it('falls back to a readable sentence when the body is not a problem', () => {
    expect(parseProblem('<html>')).toBeNull();
    expect(describeProblem(503, null)).toBe('The server failed; try again in a moment.');
    expect(describeProblem(403, null)).toBe('You are not allowed to do this.');
  });

  it('shortens a long list of field errors', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    expect(describeProblem(400, { type: 't', title: 'Invalid', status: 400, errors })).toMatch(
      /and 2 more\)$/,
    );
  });
});
