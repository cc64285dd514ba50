import type { OrderStatus } from '@shopstream/contracts';
import { AppError, Conflict, ErrorCode } from '@shopstream/server-kit';
import type { Transaction } from '../../db/transaction';
import type { Actor, OrderContext } from './context';
import { recordChange } from './order-changes';
import { addressOf } from './order-view';
import type { OrderLineRow, OrderRow } from './repository';
import { assertTransition } from './state-machine';

/** Units of one line of an order. */
export interface LineUnits {
  lineId: string;
  quantity: number;
}

/**
 * What the refunds and returns modules change on an order after its payment, always inside their own transaction
 * and under the order's row lock (`lock`). The CHECKs on `orders.refunded` and the lines' quantities hold the
 * limits in the database too.
 */
export function createSettlement(ctx: OrderContext) {
  const { repository } = ctx;
  return {
    /** Locks the order (by number or id) and reads its lines; undefined when there is none. */
    async lock(tx: Transaction, by: { number: string } | { id: string }) {
      const row =
        'number' in by ? await repository.lockByNumber(tx, by.number) : await repository.lockById(tx, by.id);
      if (!row) return undefined;
      return { row, lines: await repository.linesOf(tx, row.id) };
    },

    /**
     * Counts a refund against the order (amount and units); refused when more than remains. A failed refund
     * gives them back with `undo`.
     */
    async holdRefund(tx: Transaction, row: OrderRow, amount: number, units: LineUnits[]) {
      if (!(await repository.addRefunded(tx, row.id, amount)))
        throw new AppError(
          ErrorCode.RefundExceedsCaptured,
          `At most ${(row.paidAt ? row.total : 0) - row.refunded} (minor units of ${row.currency}) can still be refunded on order ${row.number}`,
        );
      for (const unit of units)
        if (!(await repository.addRefundedUnits(tx, row.id, unit.lineId, unit.quantity)))
          throw new AppError(
            ErrorCode.RefundExceedsCaptured,
            'More units than remain of a line of the order, or a line of another order',
          );
    },

    async undoRefund(tx: Transaction, row: OrderRow, amount: number, units: LineUnits[]) {
      await repository.addRefunded(tx, row.id, -amount);
      for (const unit of units) await repository.addRefundedUnits(tx, row.id, unit.lineId, -unit.quantity);
    },

    /** Puts units of lines back on the shelf, once per unit (lines whose variant was deleted are counted, not stocked). */
    async restock(tx: Transaction, row: OrderRow, units: LineUnits[]) {
      const quantities: { variantId: string; quantity: number }[] = [];
      for (const unit of units) {
        if (unit.quantity <= 0) continue;
        const line = await repository.addRestockedUnits(tx, row.id, unit.lineId, unit.quantity);
        if (!line) throw Conflict('Those units were already put back on the shelf');
        if (line.variantId) quantities.push({ variantId: line.variantId, quantity: unit.quantity });
      }
      await ctx.inventory.restock(tx, quantities);
    },

    /** A step on the timeline that changes no status (a refund, a return). */
    note: (tx: Transaction, row: OrderRow, actor: Actor, note: string, visibility: 'internal' | 'customer') =>
      recordChange(ctx, tx, {
        orderId: row.id,
        from: row.status,
        to: row.status,
        actor,
        note,
        noteVisibility: visibility,
      }),

    /** Moves the order along the state machine, on the timeline. */
    async move(
      tx: Transaction,
      row: OrderRow,
      to: OrderStatus,
      actor: Actor,
      note: string | null,
      visibility: 'internal' | 'customer' = 'internal',
    ) {
      assertTransition(row.status, to);
      const updated = await repository.setStatus(tx, row.id, to);
      await recordChange(ctx, tx, {
        orderId: row.id,
        from: row.status,
        to,
        actor,
        note,
        noteVisibility: visibility,
      });
      return updated;
    },

    /** The order as its mails need it. */
    forMail: (row: OrderRow, lines?: OrderLineRow[]) => ({ ...row, shippingAddress: addressOf(row), lines }),

    deliveredAt: (orderId: string) => repository.deliveredAt(orderId),
    findByNumber: (number: string, userId?: string) => repository.findByNumber(number, userId),
    findById: (id: string) => repository.findById(repository.db, id),
    linesOf: (orderId: string) => repository.linesOf(repository.db, orderId),
  };
}
export type OrderSettlement = ReturnType<typeof createSettlement>;
export type { OrderLineRow, OrderRow } from './repository';
