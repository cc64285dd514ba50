import { AppError, ErrorCode } from '@shopstream/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { Transaction, WithTransaction } from '../../db/transaction';
import type { PaymentOutcome } from '../orders/payment-outcomes';
import { type IntentPaymentProvider, InvalidWebhook, type ProviderEvent } from './provider';
import type { PaymentEventRepository } from './repository';

export interface WebhookDeps {
  provider: IntentPaymentProvider;
  repository: PaymentEventRepository;
  withTransaction: WithTransaction;
  /** The orders module's answer to an event, in the transaction that records it. */
  applyToOrder: (
    tx: Transaction,
    event: ProviderEvent,
  ) => Promise<{ orderId: string | null; outcome: PaymentOutcome }>;
  log: FastifyBaseLogger;
}

/**
 * Takes a provider's webhook: the signature is checked on the raw body, the event id recorded and the event
 * applied to its order in one transaction, so each event changes the shop once. A replay or a duplicate finds
 * its id taken and changes nothing; a failure rolls the record back too, and the provider's retry applies it.
 */
export function createWebhookService(deps: WebhookDeps) {
  return {
    async receive(rawBody: Buffer, signature: string | undefined) {
      if (!signature) throw new AppError(ErrorCode.BadRequest, 'The Stripe-Signature header is missing');
      let event: ProviderEvent;
      try {
        event = deps.provider.verifyWebhook(rawBody, signature);
      } catch (error) {
        if (error instanceof InvalidWebhook) throw new AppError(ErrorCode.BadRequest, error.message);
        throw error;
      }
      const result = await deps.withTransaction(async (tx) => {
        if (
          !(await deps.repository.record(tx, {
            id: event.id,
            provider: deps.provider.name,
            type: event.type,
          }))
        )
          return { duplicate: true, outcome: 'unchanged' as PaymentOutcome, orderId: null };
        const applied = await deps.applyToOrder(tx, event);
        if (applied.orderId) await deps.repository.linkOrder(tx, event.id, applied.orderId);
        return { duplicate: false, ...applied };
      });
      deps.log.info(
        {
          event: event.id,
          type: event.type,
          orderId: result.orderId,
          outcome: result.outcome,
          duplicate: result.duplicate,
        },
        'payment webhook',
      );
      return { received: true as const, duplicate: result.duplicate };
    },
  };
}
export type WebhookService = ReturnType<typeof createWebhookService>;
