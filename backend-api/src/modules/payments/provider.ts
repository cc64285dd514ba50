import { randomUUID } from 'node:crypto';

/** A card processor. The test provider ships; a real one implements the same interface. */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(reference: string, amount: number): Promise<void>;
}

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
export function createTestPaymentProvider(): PaymentProvider & { charges: number } {
  const failedOnce = new Set<string>();
  const provider = {
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
