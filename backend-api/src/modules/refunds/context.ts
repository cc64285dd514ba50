import type { FastifyBaseLogger } from 'fastify';
import type { WithTransaction } from '../../db/transaction';
import type { MailService } from '../mail/service';
import type { OrderSettlement } from '../orders/settlement';
import type { Outbox } from '../outbox/events';
import type { PaymentProvider } from '../payments/provider';
import type { RefundRepository } from './repository';

export interface Actor {
  type: 'customer' | 'staff' | 'system';
  id: string | null;
  email: string | null;
}

/** What every refund operation works with: its own repository and the other modules' functions. */
export interface RefundContext {
  repository: RefundRepository;
  withTransaction: WithTransaction;
  orders: OrderSettlement;
  payments: PaymentProvider;
  outbox: Outbox;
  mail?: MailService;
  log: FastifyBaseLogger;
  /** The account's email (for the timeline), from the accounts module. */
  emailOf: (userId: string) => Promise<string | null>;
}

/** Money for the timeline ("€12.50"): the shop's screens format it again in their locale. */
export const moneyText = (minor: number, currency: string) => {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 10 ** digits);
};
