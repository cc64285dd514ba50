import { describe, expect, it } from 'vitest';
import { availabilityOf } from './cart-lines';

describe('cart line availability', () => {
  it('says whether a line can be bought as it stands', () => {
    expect(availabilityOf({ sellable: false, available: 10, quantity: 1 })).toBe('unavailable');
    expect(availabilityOf({ sellable: true, available: 0, quantity: 1 })).toBe('out_of_stock');
    expect(availabilityOf({ sellable: true, available: -2, quantity: 1 })).toBe('out_of_stock');
    expect(availabilityOf({ sellable: true, available: 2, quantity: 3 })).toBe('insufficient_stock');
    expect(availabilityOf({ sellable: true, available: 3, quantity: 3 })).toBe('in_stock');
  });
});
