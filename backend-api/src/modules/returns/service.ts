import type { AdminReturnListQuery, ReturnRequestInput } from '@shopstream/contracts';
import { NotFound } from '@shopstream/server-kit';
import type { ReturnContext } from './context';
import { requestReturn } from './request-return';
import { returnsView } from './return-view';
import { approveReturn, receiveReturn, refundReturn, refuseReturn } from './staff-steps';

/** Returns (issue 17): the customer asks, staff approve or refuse, receive (restock or not) and refund. */
export function createReturnService(ctx: ReturnContext) {
  const ofOrder = async (number: string, userId?: string) => {
    const order = await ctx.orders.findByNumber(number, userId);
    if (!order) throw NotFound(`No order ${number}`);
    return { items: await returnsView(ctx, await ctx.repository.ofOrder(order.id)) };
  };
  return {
    request: (userId: string, number: string, input: ReturnRequestInput) =>
      requestReturn(ctx, userId, number, input),
    mine: (userId: string, number: string) => ofOrder(number, userId),
    ofOrder: (number: string) => ofOrder(number),
    queue: async (query: AdminReturnListQuery) => ({
      items: await returnsView(ctx, await ctx.repository.list(query)),
    }),
    approve: (id: string, staffId: string, note?: string) => approveReturn(ctx, id, staffId, note),
    refuse: (id: string, staffId: string, note?: string) => refuseReturn(ctx, id, staffId, note),
    receive: (id: string, staffId: string, restock: boolean) => receiveReturn(ctx, id, staffId, restock),
    refund: (id: string, staffId: string, amount?: number) => refundReturn(ctx, id, staffId, amount),
  };
}
export type ReturnService = ReturnType<typeof createReturnService>;
