import { describe, expect, it } from 'vitest';
import { ProblemDetails } from './problem';

describe('ProblemDetails', () => {
  it('types the sub-code of a conflict, so a client can switch on it', () => {
    const parsed = ProblemDetails.parse({
      type: 'x',
      title: 'The cart is empty',
      status: 409,
      code: 'cart_empty',
    });
    expect(parsed.code).toBe('cart_empty');
  });

  it('reads a code this build does not know as none and keeps the rest of the problem', () => {
    const parsed = ProblemDetails.parse({
      type: 'x',
      title: 'Gone fishing',
      status: 409,
      code: 'gone_fishing',
      detail: 'd',
    });
    expect(parsed).toMatchObject({ title: 'Gone fishing', status: 409, detail: 'd' });
    expect(parsed.code).toBeUndefined();
  });
});
