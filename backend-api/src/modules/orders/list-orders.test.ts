import { describe, expect, it } from 'vitest';
import { encodeCursor, orderFilterOf } from './list-orders';

describe('order list filter', () => {
  it('reads q as an order number with or without its prefix, else as part of an email', () => {
    expect(orderFilterOf({ q: '100042', limit: 20 })).toMatchObject({ number: 'SS-100042', emailLike: [] });
    expect(orderFilterOf({ q: 'ss-100042', limit: 20 })).toMatchObject({ number: 'SS-100042' });
    expect(orderFilterOf({ q: 'Ada_', limit: 20 })).toMatchObject({
      number: undefined,
      emailLike: ['%ada\\_%'],
    });
    expect(orderFilterOf({ q: '123', limit: 20 }).number).toBeUndefined();
  });

  it('takes a date alone as a whole UTC day', () => {
    const filter = orderFilterOf({ from: '2026-03-01', to: '2026-03-31', limit: 20 });
    expect(filter.from).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(filter.to).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(orderFilterOf({ to: '2026-03-31T12:00:00Z', limit: 20 }).to).toEqual(
      new Date('2026-03-31T12:00:00Z'),
    );
  });

  it('asks for one row more than the page, and continues after the cursor', () => {
    const last = { createdAt: new Date('2026-03-02T10:00:00Z'), id: '5b3f8c1e-2a4d-4e6f-8a0b-1c2d3e4f5a6b' };
    const filter = orderFilterOf({ cursor: encodeCursor(last), limit: 20, customerId: 'c1' });
    expect(filter).toMatchObject({ before: last, limit: 21, userId: 'c1' });
    expect(() => orderFilterOf({ cursor: 'not-a-cursor', limit: 20 })).toThrow();
  });
});
