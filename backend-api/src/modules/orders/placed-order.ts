import type { Order } from '@shopstream/contracts';
import { NotFound } from '@shopstream/server-kit';
import type { OrderContext } from './context';
import { customerView } from './customer-view';
import { checkoutScope } from './fingerprint';
import { orderById } from './get-order';

/**
 * An order as its customer sees it, to the guest cart or account whose checkout placed it (its Idempotency-Key
 * record holds that scope): the confirmation page polls it while a webhook settles the payment.
 */
export async function placedOrder(
  ctx: OrderContext,
  caller: { userId: string | null; token: string | null },
  orderId: string,
): Promise<Order> {
  const scope = checkoutScope(caller);
  const order =
    scope && (await ctx.repository.placedBy(scope, orderId)) ? await orderById(ctx, orderId) : null;
  if (!order) throw NotFound('No such order was placed from this browser or account');
  return customerView(order);
}
