import { describe, expect, it } from 'vitest';
import { checkoutScope, fingerprint } from './fingerprint';

const body = {
  email: 'ada@example.com',
  shippingAddress: { fullName: 'Ada', line1: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  shippingOptionId: 'standard',
  payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' },
};

describe('checkout request fingerprint', () => {
  it('is the same for the same body whatever the order of its keys', () => {
    const reordered = {
      payment: { cvc: '123', expYear: 2099, expMonth: 12, cardNumber: '4242424242424242' },
      shippingOptionId: 'standard',
      shippingAddress: {
        country: 'DE',
        postalCode: '10115',
        city: 'Berlin',
        line1: 'Main 1',
        fullName: 'Ada',
      },
      email: 'ada@example.com',
    };
    expect(fingerprint(reordered)).toBe(fingerprint(body));
    expect(fingerprint(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for any other value, nested or in an array', () => {
    expect(fingerprint({ ...body, shippingOptionId: 'express' })).not.toBe(fingerprint(body));
    expect(fingerprint({ ...body, payment: { ...body.payment, cvc: '124' } })).not.toBe(fingerprint(body));
    expect(fingerprint({ lines: [1, 2] })).not.toBe(fingerprint({ lines: [2, 1] }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: '1' }));
  });

  it("scopes keys to the customer, else to the guest cart's hashed token", () => {
    expect(checkoutScope({ userId: 'u1', token: 'guest-token-abcdefgh' })).toBe('user:u1');
    const guest = checkoutScope({ userId: null, token: 'guest-token-abcdefgh' });
    expect(guest).toMatch(/^guest:[0-9a-f]{64}$/);
    expect(guest).not.toContain('guest-token');
    expect(checkoutScope({ userId: null, token: null })).toBeNull();
  });
});
