import { randomUUID } from 'node:crypto';

/**
 * How the shop takes payments: a card processor this API charges (the offline test provider), or a provider
 * whose payment the shopper completes in the browser and whose webhooks say how it ended (Stripe).
 */
export type PaymentProvider = CardPaymentProvider | IntentPaymentProvider;

/** Card details come to this API, which charges them and learns the outcome at once. */
export interface CardPaymentProvider {
  readonly name?: 'test';
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Gives back part or all of a captured charge. `idempotencyKey` is ours, stable per refund: asking again with
   * it never refunds twice.
   */
  refund(request: RefundRequest): Promise<RefundResult>;
}

/**
 * The shopper pays in the provider's own form (no card details reach this API); the checkout only creates
 * the payment, and signed webhooks (or the reconciling sweeper asking the provider) settle the order.
 */
export interface IntentPaymentProvider {
  readonly name: 'stripe';
  /** Idempotent per `idempotencyKey`: asked again, the provider answers the same payment. */
  createIntent(request: IntentRequest): Promise<{ reference: string; clientSecret: string }>;
  retrieveIntent(reference: string): Promise<IntentState>;
  /** As a card provider's: a refusal is answered `failed`, not thrown. */
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Checks the signature on the raw body; throws `InvalidWebhook` when it does not match. */
  verifyWebhook(rawBody: Buffer, signature: string): ProviderEvent;
}

export const isIntentProvider = (provider: PaymentProvider): provider is IntentPaymentProvider =>
  'createIntent' in provider;

export interface IntentRequest {
  orderId: string;
  orderNumber: string;
  amount: number;
  currency: string;
  email: string;
  idempotencyKey: string;
}

/** Where a payment stands at the provider. */
export interface IntentState {
  reference: string;
  status: 'succeeded' | 'processing' | 'requires_action' | 'canceled' | 'requires_payment_method' | 'other';
  /** Minor units captured so far. */
  amountReceived: number;
  currency: string;
  orderId: string | null;
  /** Why the last attempt failed, when one did. */
  failure: string | null;
}

/** A provider event, reduced to what the shop acts on. */
export type ProviderEvent = {
  id: string;
  type: string;
  /** Ours, from the payment's metadata, when the event carries it. */
  orderId: string | null;
  /** The provider's payment (PaymentIntent) the event is about, when known. */
  reference: string | null;
} & (
  | { kind: 'payment_succeeded'; amount: number; currency: string }
  | { kind: 'payment_failed'; message: string }
  | { kind: 'payment_canceled' }
  | { kind: 'charge_succeeded'; brand: string | null; last4: string | null }
  | { kind: 'charge_refunded'; amountRefunded: number; currency: string }
  | { kind: 'dispute'; status: string; reason: string; amount: number; currency: string; closed: boolean }
  | { kind: 'ignored' }
);

/** A webhook whose signature does not match its body, or whose body is not an event. */
export class InvalidWebhook extends Error {}

export interface RefundRequest {
  /** The charge's reference, as `charge` answered it. */
  reference: string;
  /** Minor units. */
  amount: number;
  currency: string;
  idempotencyKey: string;
  reason?: string;
}

export type RefundResult =
  | { outcome: 'succeeded' | 'pending'; reference: string }
  | { outcome: 'failed'; message: string };

export interface ChargeRequest {
  /** Ours, stable per order: a processor may use it to deduplicate. */
  orderId: string;
  amount: number;
  currency: string;
  card: { number: string; expMonth: number; expYear: number; cvc: string };
}

export type ChargeResult =
  | { outcome: 'succeeded'; reference: string }
  | { outcome: 'declined'; message: string }
  | { outcome: 'retryable_error'; message: string };

export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  failsOnce: '4000000000000119',
} as const;

/** Behaves like a processor's test mode, offline: one card succeeds, one is declined, one fails once then works. */
export function createTestPaymentProvider(): CardPaymentProvider & { charges: number; refunds: number } {
  const failedOnce = new Set<string>();
  /** What each charge of this process captured and how much of it was refunded. */
  const captured = new Map<string, { amount: number; currency: string; refunded: number }>();
  /** Refunds by idempotency key: asking again answers the first answer. */
  const answered = new Map<string, RefundResult>();
  const provider = {
    name: 'test' as const,
    charges: 0,
    refunds: 0,
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      provider.charges += 1;
      const number = request.card.number.replace(/\s+/g, '');
      const now = new Date();
      const expired =
        request.card.expYear < now.getUTCFullYear() ||
        (request.card.expYear === now.getUTCFullYear() && request.card.expMonth < now.getUTCMonth() + 1);
      if (expired) return { outcome: 'declined', message: 'The card has expired.' };
      if (number === TEST_CARDS.declined) return { outcome: 'declined', message: 'Your card was declined.' };
      if (number === TEST_CARDS.failsOnce && !failedOnce.has(request.orderId)) {
        failedOnce.add(request.orderId);
        return { outcome: 'retryable_error', message: 'The card processor had a temporary error.' };
      }
      if (number === TEST_CARDS.succeeds || number === TEST_CARDS.failsOnce) {
        const reference = `test_ch_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
        captured.set(reference, { amount: request.amount, currency: request.currency, refunded: 0 });
        return { outcome: 'succeeded', reference };
      }
      return {
        outcome: 'declined',
        message: 'Your card was declined: use a test card such as 4242 4242 4242 4242.',
      };
    },
    async refund(request: RefundRequest): Promise<RefundResult> {
      const earlier = answered.get(request.idempotencyKey);
      if (earlier) return earlier;
      provider.refunds += 1;
      // Charges of another process (or before a restart) are not known here; they are refunded as asked.
      const charge = captured.get(request.reference);
      let result: RefundResult;
      if (!Number.isInteger(request.amount) || request.amount <= 0) {
        result = {
          outcome: 'failed',
          message: 'The refund amount must be a positive whole number of minor units.',
        };
      } else if (charge && charge.currency !== request.currency) {
        result = { outcome: 'failed', message: `The charge was in ${charge.currency}.` };
      } else if (charge && charge.refunded + request.amount > charge.amount) {
        result = { outcome: 'failed', message: 'The refund is more than what remains of the charge.' };
      } else {
        if (charge) charge.refunded += request.amount;
        result = {
          outcome: 'succeeded',
          reference: `test_re_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        };
      }
      answered.set(request.idempotencyKey, result);
      return result;
    },
  };
  return provider;
}

export const cardBrandOf = (number: string) => {
  const digits = number.replace(/\s+/g, '');
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
};

/** Which provider a charge reference belongs to (the orders table keeps only the reference). */
export const providerOfReference = (reference: string | null) =>
  reference === null ? null : reference.startsWith('test_') ? 'test' : 'stripe';
