import type { CheckoutRequest, OrderTransitionRequest } from '@shopstream/contracts';
import type { Transaction } from '../../db/transaction';
import type { ProviderEvent } from '../payments/provider';
import type { OrderContext, OrderMoney } from './context';
import { customerView } from './customer-view';
import { expireReservations } from './expire-reservations';
import { getOrder, orderById } from './get-order';
import { listOrders, type OrderListQuery } from './list-orders';
import { applyPaymentEvent, reconcilePayments } from './payment-outcomes';
import { placeOrder } from './place-order';
import { placedOrder } from './placed-order';
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
    /** The placed order as its customer sees it (the checkout's answer reaches the shopper's browser). */
    checkout: async (
      caller: { userId: string | null; token: string | null },
      key: string,
      body: CheckoutRequest,
    ) => {
      const placed = await placeOrder(ctx, caller, key, body);
      return { ...placed, order: customerView(placed.order) };
    },
    expireReservations: (now?: Date) => expireReservations(ctx, now),
    /** A verified payment provider event, applied in the transaction that records it (payments module). */
    applyPaymentEvent: (tx: Transaction, event: ProviderEvent) => applyPaymentEvent(ctx, tx, event),
    reconcilePayments: (afterSeconds: number, now?: Date) => reconcilePayments(ctx, afterSeconds, now),
    placedOrder: (caller: { userId: string | null; token: string | null }, orderId: string) =>
      placedOrder(ctx, caller, orderId),
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
