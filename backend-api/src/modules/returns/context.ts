import type { WithTransaction } from '../../db/transaction';
import type { MailService } from '../mail/service';
import type { OrderSettlement } from '../orders/settlement';
import type { RefundService } from '../refunds/service';
import type { ReturnRepository } from './repository';

/** What every return operation works with. */
export interface ReturnContext {
  repository: ReturnRepository;
  withTransaction: WithTransaction;
  orders: OrderSettlement;
  refunds: Pick<RefundService, 'refundForReturn'>;
  mail?: MailService;
  emailOf: (userId: string) => Promise<string | null>;
  /** The shop's return window, from the settings module. */
  returnWindowDays: () => Promise<number>;
}
