import { ORDER_TRANSITIONS, type OrderStatus } from '@shopstream/contracts';
import { AppError } from '@shopstream/server-kit';
import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition } from './state-machine';

const STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

describe('order state machine', () => {
  it('moves an order forward along its life and nowhere else', () => {
    expect(canTransition('pending', 'paid')).toBe(true);
    expect(canTransition('paid', 'fulfilled')).toBe(true);
    expect(canTransition('fulfilled', 'delivered')).toBe(true);
    expect(canTransition('delivered', 'refunded')).toBe(true);
    expect(canTransition('pending', 'fulfilled')).toBe(false);
    expect(canTransition('delivered', 'paid')).toBe(false);
    expect(canTransition('paid', 'paid')).toBe(false);
  });

  it('keeps cancelled and refunded orders final', () => {
    for (const to of STATUSES) {
      expect(canTransition('cancelled', to)).toBe(false);
      expect(canTransition('refunded', to)).toBe(false);
    }
  });

  it('refuses a move with a 409 that names what is allowed instead', () => {
    for (const from of STATUSES)
      for (const to of STATUSES) {
        if (canTransition(from, to)) {
          expect(() => assertTransition(from, to)).not.toThrow();
          continue;
        }
        let error: unknown;
        try {
          assertTransition(from, to);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(409);
        expect((error as AppError).message).toContain(`cannot become ${to}`);
      }
    expect(() => assertTransition('refunded', 'paid')).toThrow(/it is final/);
    expect(() => assertTransition('pending', 'delivered')).toThrow(/it can become paid or cancelled/);
  });
});
