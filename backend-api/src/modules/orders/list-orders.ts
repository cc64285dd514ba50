import type { AdminOrderListQuery, MyOrderListQuery, OrderList } from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import { z } from 'zod';
import type { OrderContext } from './context';
import { toSummary } from './order-view';
import type { OrderFilter } from './repository';

export type OrderListQuery = Partial<AdminOrderListQuery> & MyOrderListQuery & { userId?: string };

const Cursor = z.object({ t: z.iso.datetime(), id: z.uuid() });

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return null;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this list' }]);
  }
}

export const encodeCursor = (row: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify({ t: row.createdAt.toISOString(), id: row.id })).toString('base64url');

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

/** A date alone is a whole UTC day: `from` is its start, `to` includes it. */
const dayStart = (bound: string) => (bound.length === 10 ? new Date(`${bound}T00:00:00Z`) : new Date(bound));

/**
 * The filter of a list query. `q` is an order number (with or without `SS-`, four to ten digits) or part
 * of an email. Pure.
 */
export function orderFilterOf(query: OrderListQuery): OrderFilter {
  const q = query.q?.toUpperCase();
  const isNumber = q !== undefined && /^(SS-)?[0-9]{4,10}$/.test(q);
  const cursor = decodeCursor(query.cursor);
  return {
    userId: query.userId ?? query.customerId,
    status: query.status,
    from: query.from ? dayStart(query.from) : undefined,
    to: query.to
      ? query.to.length === 10
        ? new Date(dayStart(query.to).getTime() + 86_400_000)
        : new Date(query.to)
      : undefined,
    emailLike: [query.email, isNumber ? undefined : query.q]
      .filter((text): text is string => !!text)
      .map(likePattern),
    number: isNumber ? (q.startsWith('SS-') ? q : `SS-${q}`) : undefined,
    minTotal: query.minTotal,
    maxTotal: query.maxTotal,
    before: cursor ? { createdAt: new Date(cursor.t), id: cursor.id } : undefined,
    limit: query.limit + 1,
  };
}

/** Orders, newest first, a page at a time. */
export async function listOrders(
  { repository }: Pick<OrderContext, 'repository'>,
  query: OrderListQuery,
): Promise<OrderList> {
  const rows = await repository.list(orderFilterOf(query));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
