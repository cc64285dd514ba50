import type { FastifyBaseLogger } from 'fastify';
import type { WithTransaction } from '../../db/transaction';
import type { CartService } from '../carts/service';
import type { DiscountService } from '../discounts/service';
import type { InventoryService } from '../inventory/service';
import type { MailService } from '../mail/service';
import type { Outbox } from '../outbox/events';
import type { PaymentProvider } from '../payments/provider';
import type { Pricing } from '../pricing/service';
import type { ShippingService } from '../shipping/service';
import type { OrderRepository } from './repository';

export interface Actor {
  type: 'customer' | 'staff' | 'system';
  id: string | null;
  email: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null, email: null };

interface OrderServiceOptions {
  reservationTtlMinutes: number;
  /** Charge attempts for a retryable processor error. */
  paymentAttempts?: number;
}

/** What every order operation works with: its own repository and the other modules' service functions. */
export interface OrderContext {
  repository: OrderRepository;
  withTransaction: WithTransaction;
  carts: CartService;
  discounts: DiscountService;
  inventory: InventoryService;
  outbox: Outbox;
  shipping: ShippingService;
  pricing: Pricing;
  payments: PaymentProvider;
  log: FastifyBaseLogger;
  /** The account's email (for the timeline), from the accounts module. */
  emailOf: (userId: string) => Promise<string | null>;
  /** The customer's mail about their order, enqueued in the order's transaction. */
  mail?: MailService;
  options: OrderServiceOptions;
  /**
   * Money after payment, from the refunds module (which depends on this one, so it is handed in once both
   * exist): cancelling a paid order, refunding the rest, and what was refunded since an instant.
   */
  money?: OrderMoney;
}

export interface OrderMoney {
  cancel(
    number: string,
    input: { note?: string | null; noteVisibility?: 'internal' | 'customer' },
    staffId: string,
  ): Promise<unknown>;
  refundRest(number: string, note: string | undefined, staffId: string): Promise<unknown>;
  refundedSince(start: Date, currency: string): Promise<number>;
}
