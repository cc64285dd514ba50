import { z } from 'zod';
import { CurrencyCode } from './money';

/**
 * Discount code contracts (issue 6). Staff routes:
 *   GET    /admin/discount-codes            DiscountCodeListQuery → DiscountCodeList
 *   POST   /admin/discount-codes            DiscountCodeInput → 201 DiscountCode (409 when the code exists)
 *   GET    /admin/discount-codes/:id        → DiscountCode
 *   PATCH  /admin/discount-codes/:id        DiscountCodePatch → DiscountCode
 *   DELETE /admin/discount-codes/:id        → 204 (codes already used are deactivated instead: 200 DiscountCode)
 * Customers apply a code with POST /cart/discount.
 */

export const DiscountKind = z.enum(['percentage', 'fixed']);
export type DiscountKind = z.infer<typeof DiscountKind>;

const Code = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _')
  .transform((code) => code.toUpperCase());

const DiscountCodeFields = z.strictObject({
  code: Code,
  kind: DiscountKind,
  value: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .describe('Percent (1-100) for percentage; minor units for fixed'),
  currency: CurrencyCode.default('EUR').describe('Of a fixed amount and of minimumSubtotal'),
  minimumSubtotal: z.number().int().min(0).max(100_000_000).default(0).describe('Minor units'),
  usageLimit: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .nullish()
    .describe('Total redemptions; null = unlimited'),
  startsAt: z.iso.datetime().nullish(),
  endsAt: z.iso.datetime().nullish(),
  active: z.boolean().default(true),
});

export const DiscountCodeInput = DiscountCodeFields.refine(
  (body) => body.kind !== 'percentage' || body.value <= 100,
  { message: 'a percentage must be between 1 and 100', path: ['value'] },
).refine((body) => !body.startsAt || !body.endsAt || body.startsAt < body.endsAt, {
  message: 'endsAt must be after startsAt',
  path: ['endsAt'],
});
export type DiscountCodeInput = z.infer<typeof DiscountCodeInput>;

export const DiscountCodePatch = z
  .strictObject({
    kind: DiscountKind.optional(),
    value: DiscountCodeFields.shape.value.optional(),
    minimumSubtotal: z.number().int().min(0).max(100_000_000).optional(),
    usageLimit: z.number().int().min(1).max(10_000_000).nullish(),
    startsAt: z.iso.datetime().nullish(),
    endsAt: z.iso.datetime().nullish(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type DiscountCodePatch = z.infer<typeof DiscountCodePatch>;

export const DiscountCode = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: DiscountKind,
  value: z.number().int(),
  currency: CurrencyCode,
  minimumSubtotal: z.number().int(),
  usageLimit: z.number().int().nullable(),
  timesUsed: z.number().int(),
  startsAt: z.iso.datetime().nullable(),
  endsAt: z.iso.datetime().nullable(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DiscountCode = z.infer<typeof DiscountCode>;

export const DiscountCodeListQuery = z.strictObject({
  q: z.string().trim().max(40).optional().describe('Part of the code'),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type DiscountCodeListQuery = z.infer<typeof DiscountCodeListQuery>;

export const DiscountCodeList = z.object({ items: z.array(DiscountCode), nextCursor: z.string().nullable() });
export type DiscountCodeList = z.infer<typeof DiscountCodeList>;
