import type {
  DiscountCode,
  DiscountCodeInput,
  DiscountCodeList,
  DiscountCodeListQuery,
  DiscountCodePatch,
} from '@shopstream/contracts';
import { Conflict, NotFound, ValidationFailed } from '@shopstream/server-kit';
import { z } from 'zod';
import type { Transaction } from '../../db/transaction';
import type { DiscountRule } from '../pricing/discount-rules';
import type { DiscountRepository, DiscountRow } from './repository';

const toDto = (row: DiscountRow): DiscountCode => ({
  ...row,
  startsAt: row.startsAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const Cursor = z.object({ code: z.string().max(40) });
const decodeCursor = (cursor: string | undefined) => {
  if (!cursor) return null;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this list' }]);
  }
};

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/**
 * Discount codes: staff CRUD, the lookup the cart and checkout price with, and redeem/release in the
 * caller's transaction. `usedByAnOrder` asks the orders module whether an order keeps a record of the code.
 */
export function createDiscountService(
  repository: DiscountRepository,
  deps: { usedByAnOrder: (discountCodeId: string) => Promise<boolean> },
) {
  const byId = repository.findById;

  return {
    async findRule(id: string): Promise<(DiscountRule & { id: string }) | null> {
      return (await byId(id)) ?? null;
    },

    async findByCode(code: string): Promise<(DiscountRule & { id: string }) | null> {
      return (await repository.findByCode(code.toUpperCase())) ?? null;
    },

    /** Counts one use in the caller's transaction; false when the code is inactive or used up. */
    redeem: (tx: Transaction, id: string) => repository.redeem(tx, id),

    /** Gives a use back in the caller's transaction. */
    release: (tx: Transaction, id: string) => repository.release(tx, id),

    async list(query: DiscountCodeListQuery): Promise<DiscountCodeList> {
      const cursor = decodeCursor(query.cursor);
      const rows = await repository.list({
        codeLike: query.q ? `%${query.q.toUpperCase().replace(/[\\%_]/g, '\\$&')}%` : undefined,
        active: query.active ? query.active === 'true' : undefined,
        afterCode: cursor?.code,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toDto),
        nextCursor:
          rows.length > query.limit && last
            ? Buffer.from(JSON.stringify({ code: last.code })).toString('base64url')
            : null,
      };
    },

    async get(id: string) {
      const row = await byId(id);
      if (!row) throw NotFound('No such discount code');
      return toDto(row);
    },

    async create(input: DiscountCodeInput) {
      try {
        const row = await repository.insert({
          code: input.code,
          kind: input.kind,
          value: input.value,
          currency: input.currency,
          minimumSubtotal: input.minimumSubtotal,
          usageLimit: input.usageLimit ?? null,
          startsAt: input.startsAt ? new Date(input.startsAt) : null,
          endsAt: input.endsAt ? new Date(input.endsAt) : null,
          active: input.active,
        });
        return toDto(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw Conflict(`The code ${input.code} exists already`);
        throw error;
      }
    },

    async update(id: string, patch: DiscountCodePatch) {
      const current = await byId(id);
      if (!current) throw NotFound('No such discount code');
      const next = {
        kind: patch.kind ?? current.kind,
        value: patch.value ?? current.value,
        minimumSubtotal: patch.minimumSubtotal ?? current.minimumSubtotal,
        usageLimit: patch.usageLimit === undefined ? current.usageLimit : patch.usageLimit,
        startsAt:
          patch.startsAt === undefined ? current.startsAt : patch.startsAt ? new Date(patch.startsAt) : null,
        endsAt: patch.endsAt === undefined ? current.endsAt : patch.endsAt ? new Date(patch.endsAt) : null,
        active: patch.active ?? current.active,
      };
      const errors = [];
      if (next.kind === 'percentage' && next.value > 100)
        errors.push({ field: 'body.value', message: 'a percentage must be between 1 and 100' });
      if (next.startsAt && next.endsAt && next.startsAt >= next.endsAt)
        errors.push({ field: 'body.endsAt', message: 'endsAt must be after startsAt' });
      if (next.usageLimit !== null && next.usageLimit < current.timesUsed)
        errors.push({ field: 'body.usageLimit', message: `is below the ${current.timesUsed} uses so far` });
      if (errors.length) throw ValidationFailed(errors);
      const row = await repository.update(id, next);
      if (!row) throw NotFound('No such discount code');
      return toDto(row);
    },

    /** A code some order used is deactivated instead, so the orders keep their record. */
    async remove(id: string): Promise<DiscountCode | null> {
      const current = await byId(id);
      if (!current) throw NotFound('No such discount code');
      if (await deps.usedByAnOrder(id)) {
        const row = await repository.update(id, { active: false });
        return toDto(row!);
      }
      await repository.delete(id);
      return null;
    },
  };
}
export type DiscountService = ReturnType<typeof createDiscountService>;
