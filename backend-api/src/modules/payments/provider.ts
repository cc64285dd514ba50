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
  refund(reference: string, amount: number): Promise<void>;
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
  refund(reference: string, amount: number, idempotencyKey?: string): Promise<void>;
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
export function createTestPaymentProvider(): CardPaymentProvider & { charges: number } {
  const failedOnce = new Set<string>();
  const provider = {
    name: 'test' as const,
    charges: 0,
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
        return { outcome: 'succeeded', reference: `test_ch_${randomUUID().replace(/-/g, '').slice(0, 24)}` };
      }
      return {
        outcome: 'declined',
        message: 'Your card was declined: use a test card such as 4242 4242 4242 4242.',
      };
    },
    async refund() {},
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
