import { describe, expect, it } from 'vitest';
import { ApiError, describeProblem, parseProblem } from './problem';

const invalidDiscount = {
  type: 'https://shopstream.dev/problems/validation_failed',
  title: 'Validation failed',
  status: 400,
  code: 'validation_failed',
  detail: 'The request is invalid',
  errors: [{ field: 'body.code', message: 'is not a valid discount code' }],
};

describe('problem details', () => {
  it('shows a shopper the app’s sentence for a field, never `body.code: …`', () => {
    const error = new ApiError(400, parseProblem(invalidDiscount), {
      fields: { code: "This discount code doesn't exist" },
    });
    expect(error.message).toBe("This discount code doesn't exist");
    expect(error.fieldError('body.code')).toBe("This discount code doesn't exist");
    expect(error.message).not.toContain('body.');
  });

  it('names a field in words when the app has no sentence for it', () => {
    const problem = parseProblem({
      ...invalidDiscount,
      errors: [
        { field: 'body.variants.0.sku', message: 'is already used' },
        { field: 'body.minimumSubtotal', message: 'must not be negative' },
      ],
    });
    expect(describeProblem(400, problem)).toBe(
      'Variants 1 sku is already used. Minimum subtotal must not be negative.',
    );
    expect(new ApiError(400, problem).fieldErrors).toEqual({
      'variants.0.sku': 'Variants 1 sku is already used.',
      minimumSubtotal: 'Minimum subtotal must not be negative.',
    });
  });

  it('switches on the problem’s code, sub-codes such as discount_not_applicable included', () => {
    const problem = parseProblem({
      type: 'x',
      title: 'Discount not applicable',
      status: 409,
      code: 'discount_not_applicable',
      detail: 'minimum subtotal not reached',
    });
    const messages = {
      codes: { discount_not_applicable: 'This code needs a bigger basket.', conflict: 'Something changed.' },
    };
    const error = new ApiError(409, problem, messages);
    expect(error.message).toBe('This code needs a bigger basket.');
    expect(error.hasCode('discount_not_applicable')).toBe(true);
    expect(error.hasCode('out_of_stock')).toBe(false);
  });

  it('falls back to a readable sentence when the body is not a problem', () => {
    expect(parseProblem('<html>')).toBeNull();
    expect(describeProblem(503, null)).toBe('The server failed; try again in a moment.');
    expect(describeProblem(403, null)).toBe('You are not allowed to do this.');
    expect(describeProblem(0, null)).toMatch(/cannot be reached/);
  });
});
