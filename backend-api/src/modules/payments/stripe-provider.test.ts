import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { toProviderEvent } from './stripe-provider';

const ORDER = '0b0f8a52-3f1e-4c59-9d0e-6f3a2b1c9d11';
const event = (type: string, object: Record<string, unknown>) =>
  ({ id: 'evt_1', type, object: 'event', data: { object } }) as unknown as Stripe.Event;

describe('Stripe events as the shop reads them', () => {
  it('reads a success with the captured amount, the currency in ISO case and our order id', () => {
    expect(
      toProviderEvent(
        event('payment_intent.succeeded', {
          id: 'pi_1',
          amount_received: 1299,
          currency: 'eur',
          metadata: { orderId: ORDER },
        }),
      ),
    ).toEqual({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      kind: 'payment_succeeded',
      orderId: ORDER,
      reference: 'pi_1',
      amount: 1299,
      currency: 'EUR',
    });
  });

  it('ignores an order id that is not one of ours, and finds refunds by their PaymentIntent', () => {
    const refunded = toProviderEvent(
      event('charge.refunded', {
        id: 'ch_1',
        amount_refunded: 300,
        currency: 'usd',
        payment_intent: { id: 'pi_2' },
        metadata: { orderId: 'robert"); drop table orders;--' },
      }),
    );
    expect(refunded).toMatchObject({
      kind: 'charge_refunded',
      orderId: null,
      reference: 'pi_2',
      currency: 'USD',
    });
  });

  it('names a failure by its message and leaves other event types alone', () => {
    expect(
      toProviderEvent(
        event('payment_intent.payment_failed', { id: 'pi_3', metadata: {}, last_payment_error: null }),
      ),
    ).toMatchObject({ kind: 'payment_failed', message: 'The payment failed' });
    expect(toProviderEvent(event('customer.created', { id: 'cus_1' }))).toMatchObject({ kind: 'ignored' });
  });
});
