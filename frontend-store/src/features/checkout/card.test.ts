import { describe, expect, it } from 'vitest';
import { formatCardNumber, luhnValid, parseExpiry, readCard } from './card';

describe('card fields', () => {
  it('accepts the test provider cards and rejects a mistyped number', () => {
    expect(luhnValid('4242 4242 4242 4242')).toBe(true);
    expect(luhnValid('4000 0000 0000 0002')).toBe(true);
    expect(luhnValid('4000 0000 0000 0119')).toBe(true);
    expect(luhnValid('4242 4242 4242 4241')).toBe(false);
    expect(luhnValid('4242')).toBe(false);
  });

  it('groups the number in fours as it is typed', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('42-42 4')).toBe('4242 4');
  });

  it('reads the expiry and refuses a month that has ended', () => {
    const now = new Date('2026-11-25T00:00:00Z');
    expect(parseExpiry('12/30', now)).toEqual({ expMonth: 12, expYear: 2030 });
    expect(parseExpiry('11/2026', now)).toEqual({ expMonth: 11, expYear: 2026 });
    expect(parseExpiry('10/26', now)).toBeUndefined();
    expect(parseExpiry('13/30', now)).toBeUndefined();
    expect(parseExpiry('soon', now)).toBeUndefined();
  });

  it('names every wrong field at once', () => {
    expect(readCard({ cardNumber: '1234', expiry: 'x', cvc: '1' })).toEqual({
      errors: {
        cardNumber: 'Enter a valid card number.',
        expiry: 'Enter the expiry date as MM/YY, not in the past.',
        cvc: 'Enter the 3 or 4 digits on the back of the card.',
      },
    });
    expect(readCard({ cardNumber: '4242 4242 4242 4242', expiry: '12/40', cvc: '123' })).toEqual({
      card: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' },
    });
  });
});
