import type { CheckoutRequest, OrderTransitionRequest } from '@shopstream/contracts';
import type { OrderContext, OrderMoney } from './context';
import { customerView } from './customer-view';
import { expireReservations } from './expire-reservations';
import { getOrder, orderById } from './get-order';
import { listOrders, type OrderListQuery } from './list-orders';
import { placeOrder } from './place-order';
import { createSettlement } from './settlement';
import { todayStats } from './today-stats';
import { transitionOrder } from './transition-order';

/** Orders: checkout, the reservation sweeper, staff transitions, lists and today's figures. One operation per file. */
export function createOrderService(ctx: OrderContext) {
  return {
    /** Hands in the refunds module's operations (it is built after this service, from `settlement`). */
    useMoney: (money: OrderMoney) => {
      ctx.money = money;
    },
    /** What the refunds and returns modules change on an order, inside their transactions. */
    settlement: createSettlement(ctx),
    orderById: (id: string) => orderById(ctx, id),
    checkout: (caller: { userId: string | null; token: string | null }, key: string, body: CheckoutRequest) =>
      placeOrder(ctx, caller, key, body),
    expireReservations: (now?: Date) => expireReservations(ctx, now),
    transition: (number: string, request: OrderTransitionRequest, staffId: string) =>
      transitionOrder(ctx, number, request, staffId),
    getForCustomer: async (userId: string, number: string) =>
      customerView(await getOrder(ctx, number, userId)),
    getForStaff: (number: string) => getOrder(ctx, number),
    list: (query: OrderListQuery) => listOrders(ctx, query),
    todayStats: (shop: { currency: string; timeZone: string }, now?: Date) => todayStats(ctx, shop, now),
    /** Whether an order keeps a record of the discount code (it is then deactivated, not deleted). */
    usesDiscountCode: (discountCodeId: string) => ctx.repository.usesDiscountCode(discountCodeId),
  };
}
export type OrderService = ReturnType<typeof createOrderService>;
