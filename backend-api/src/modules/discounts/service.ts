import type {
  DiscountCode,
  DiscountCodeInput,
  DiscountCodeList,
  DiscountCodeListQuery,
  DiscountCodePatch,
} from '@shopstream/contracts';
import { Conflict, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type pg from 'pg';
import { z } from 'zod';
import type { DiscountRule } from '../shipping/pricing';

const COLUMNS = `id, code, kind, value, currency, minimum_subtotal as "minimumSubtotal", usage_limit as "usageLimit",
  times_used as "timesUsed", starts_at as "startsAt", ends_at as "endsAt", active, created_at as "createdAt",
  updated_at as "updatedAt"`;

interface DiscountRow extends DiscountRule {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

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

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Discount codes: staff CRUD, and the lookup the cart and checkout price with. */
export function createDiscountService(pool: pg.Pool) {
  const byId = async (id: string) =>
    (await pool.query<DiscountRow>(`select ${COLUMNS} from discount_codes where id = $1`, [id])).rows[0];

  return {
    async findRule(id: string): Promise<DiscountRow | null> {
      return (await byId(id)) ?? null;
    },

    async findByCode(code: string): Promise<DiscountRow | null> {
      const { rows } = await pool.query<DiscountRow>(
        `select ${COLUMNS} from discount_codes where code = $1`,
        [code.toUpperCase()],
      );
      return rows[0] ?? null;
    },

    async list(query: DiscountCodeListQuery): Promise<DiscountCodeList> {
      const cursor = decodeCursor(query.cursor);
      const params: unknown[] = [];
      const where: string[] = [];
      if (query.q) {
        params.push(`%${query.q.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`);
        where.push(`code like $${params.length}`);
      }
      if (query.active) {
        params.push(query.active === 'true');
        where.push(`active = $${params.length}`);
      }
      if (cursor) {
        params.push(cursor.code);
        where.push(`code > $${params.length}`);
      }
      params.push(query.limit + 1);
      const { rows } = await pool.query<DiscountRow>(
        `select ${COLUMNS} from discount_codes ${where.length ? `where ${where.join(' and ')}` : ''}
         order by code limit $${params.length}`,
        params,
      );
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
        const { rows } = await pool.query<DiscountRow>(
          `insert into discount_codes (code, kind, value, currency, minimum_subtotal, usage_limit, starts_at, ends_at, active)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
          [
            input.code,
            input.kind,
            input.value,
            input.currency,
            input.minimumSubtotal,
            input.usageLimit ?? null,
            input.startsAt ?? null,
            input.endsAt ?? null,
            input.active,
          ],
        );
        return toDto(rows[0]!);
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
      const { rows } = await pool.query<DiscountRow>(
        `update discount_codes set kind = $2, value = $3, minimum_subtotal = $4, usage_limit = $5, starts_at = $6,
           ends_at = $7, active = $8, updated_at = now() where id = $1 returning ${COLUMNS}`,
        [
          id,
          next.kind,
          next.value,
          next.minimumSubtotal,
          next.usageLimit,
          next.startsAt,
          next.endsAt,
          next.active,
        ],
      );
      return toDto(rows[0]!);
    },

    /** A code some order used is deactivated instead, so the orders keep their record. */
    async remove(id: string): Promise<DiscountCode | null> {
      const current = await byId(id);
      if (!current) throw NotFound('No such discount code');
      const used = await pool.query('select 1 from orders where discount_code_id = $1 limit 1', [id]);
      if (used.rowCount) {
        const { rows } = await pool.query<DiscountRow>(
          `update discount_codes set active = false, updated_at = now() where id = $1 returning ${COLUMNS}`,
          [id],
        );
        return toDto(rows[0]!);
      }
      await pool.query('delete from discount_codes where id = $1', [id]);
      return null;
    },
  };
}
export type DiscountService = ReturnType<typeof createDiscountService>;
