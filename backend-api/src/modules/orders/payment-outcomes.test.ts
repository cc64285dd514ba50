import { describe, expect, it } from 'vitest';
import { reconcileAction } from './payment-outcomes';

const state = (status: string) => ({ status, amountReceived: 0, currency: 'EUR', failure: null });

describe('what the reconciling sweeper does with the provider’s answer', () => {
  it('pays on succeeded and cancels on canceled', () => {
    expect(reconcileAction(state('succeeded'))).toEqual({ kind: 'paid' });
    expect(reconcileAction(state('canceled'))).toEqual({
      kind: 'unpaid',
      why: 'Payment cancelled at the provider',
    });
  });

  it('waits while the payment is in progress or the shopper may still pay', () => {
    for (const status of ['processing', 'requires_action', 'requires_payment_method', 'other'])
      expect(reconcileAction(state(status))).toEqual({ kind: 'wait' });
  });
});
