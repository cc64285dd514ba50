import { describe, expect, it } from 'vitest';
import { ApiProblem } from './client-api';

describe('what shoppers read when the API refuses', () => {
  it('says "This discount code doesn’t exist", never `body.code: …`', () => {
    const refused = new ApiProblem(400, {
      type: 'https://shopstream.dev/problems/validation_failed',
      title: 'Validation failed',
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'body.code', message: 'is not a valid discount code' }],
    });
    expect(refused.message).toBe('This discount code doesn’t exist.');
    expect(refused.message).not.toMatch(/body\.|is not a valid/);
  });

  it('names other fields in words, and switches on a code before any text', () => {
    const invalid = new ApiProblem(400, {
      type: 'x',
      title: 'Validation failed',
      status: 400,
      errors: [{ field: 'body.email', message: 'must be an email address' }],
    });
    expect(invalid.message).toBe('Email must be an email address.');
    expect(invalid.fieldError('email')).toBe('Email must be an email address.');
    const soldOut = new ApiProblem(409, {
      type: 'x',
      title: 'Out of stock',
      status: 409,
      code: 'out_of_stock',
    });
    expect(soldOut.message).toBe('Part of your cart has just sold out. Please review your cart.');
  });
});
