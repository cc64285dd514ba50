import type { GuestOrderLookupRequest, Order } from '@shopstream/contracts';
import { NotFound } from '@shopstream/server-kit';
import type { Database } from '../../db/client';
import { RateLimited } from '../accounts/service';
import type { AccountTokenLimits } from '../accounts/token-limits';
import type { MailService } from '../mail/service';
import { customerView } from '../orders/customer-view';
import { findOrderByNumberAndEmail, findOrderEmail } from '../orders/guest-orders';
import type { OrderLinks } from './links';

/** A link from the lookup page works for a day; the one in the order's own mails for longer. */
export const LOOKUP_LINK_TTL_SECONDS = 86_400;

const noSuchLink = () => NotFound('This link does not open an order: it may have expired; ask for a new one');

/**
 * Guests find their orders again (issue 16): the order number and the email go in, and a signed link goes
 * out by mail to that email, so knowing an order number shows a stranger nothing; the answer is the same
 * whether or not such an order exists.
 */
export function createGuestOrderService(deps: {
  db: Database;
  orderById: (id: string) => Promise<Order | null>;
  mail: MailService;
  links: OrderLinks;
  limits: AccountTokenLimits;
}) {
  return {
    async requestLink(input: GuestOrderLookupRequest, ip: string | null) {
      const wait = await deps.limits.consume('order-lookup', input.email.trim().toLowerCase(), ip);
      if (wait) throw RateLimited(wait.retryAfterSeconds);
      const order = await findOrderByNumberAndEmail(deps.db, input.number, input.email);
      if (!order) return;
      const token = deps.links.token(order, LOOKUP_LINK_TTL_SECONDS);
      await deps.mail.enqueue(deps.db, {
        template: 'order-link',
        to: order.email,
        data: {
          orderNumber: order.number,
          orderUrl: `${deps.mail.links.storefrontUrl}/orders/view?token=${token}`,
        },
      });
    },

    async view(token: string): Promise<Order> {
      const read = deps.links.read(token);
      if (!read) throw noSuchLink();
      const email = await findOrderEmail(deps.db, read.orderId);
      if (!email || !deps.links.verify(read, email)) throw noSuchLink();
      const order = await deps.orderById(read.orderId);
      if (!order) throw noSuchLink();
      return customerView(order);
    },
  };
}
export type GuestOrderService = ReturnType<typeof createGuestOrderService>;
