import { describe, expect, it } from 'vitest';
import { formatCardNumber, formatExpiry, luhnValid, parseExpiry, readCard } from './card';

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

  it('inserts the slash in an expiry typed as digits on a phone keypad', () => {
    expect(formatExpiry('1229')).toBe('12/29');
    expect(formatExpiry('1')).toBe('1');
    expect(formatExpiry('12')).toBe('12');
    expect(formatExpiry('122')).toBe('12/2');
    // Deleting back over the slash leaves the month, so the shopper can fix it.
    expect(formatExpiry('12/')).toBe('12');
    expect(formatExpiry('12/29')).toBe('12/29');
    expect(formatExpiry('12 / 29')).toBe('12/29');
    expect(formatExpiry('1/29')).toBe('01/29');
    expect(formatExpiry('12/2029')).toBe('12/29');
    expect(formatExpiry('12290')).toBe('12/29');
    expect(formatExpiry('ab12cd29')).toBe('12/29');
    expect(parseExpiry(formatExpiry('1229'), new Date('2026-11-25T00:00:00Z'))).toEqual({
      expMonth: 12,
      expYear: 2029,
    });
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
