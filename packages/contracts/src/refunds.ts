import { z } from 'zod';

/**
 * Partial refunds and returns (issue 17).
 *
 * Routes:
 *   POST /admin/orders/:number/refunds        RefundRequest → Order                   (staff)
 *        409 refund_exceeds_captured (more than remains of the charge, or more units than remain of a line),
 *        409 conflict (the order was never captured, or is cancelled), 502 refund_failed (the provider refused).
 *   POST /me/orders/:number/returns           ReturnRequestInput → 201 Return         (signed in)
 *        409 return_not_allowed (not delivered, outside the return window, more units than remain).
 *   GET  /me/orders/:number/returns           → ReturnList                            (signed in)
 *   GET  /admin/returns                       AdminReturnListQuery → ReturnList       (staff)
 *   GET  /admin/orders/:number/returns        → ReturnList                            (staff)
 *   POST /admin/returns/:id/approve           ReturnDecision → Return                 (staff)
 *   POST /admin/returns/:id/refuse            ReturnDecision → Return                 (staff)
 *   POST /admin/returns/:id/receive           ReturnReceipt → Return                  (staff)
 *   POST /admin/returns/:id/refund            ReturnRefundRequest → Return            (staff)
 */

const Quantity = z.number().int().min(1).max(10_000);
const Reason = z.string().trim().min(1, 'is required').max(500);

export const RefundLineInput = z.strictObject({
  lineId: z.uuid(),
  quantity: Quantity,
  restock: z.boolean().default(false).describe('Put the units back on the shelf'),
});

export const RefundRequest = z
  .strictObject({
    lines: z.array(RefundLineInput).max(100).default([]).describe('Lines refunded, with quantities'),
    amount: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .optional()
      .describe("Minor units. Without it, the lines' value as paid (their share of discount and tax)"),
    reason: Reason.describe('Required; on the timeline and in the customer’s mail'),
  })
  .refine((request) => request.lines.length > 0 || request.amount !== undefined, {
    message: 'give an amount or at least one line',
    path: ['amount'],
  });
export type RefundRequest = z.input<typeof RefundRequest>;

export const ReturnStatus = z.enum(['requested', 'approved', 'refused', 'received', 'refunded']);
export type ReturnStatus = z.infer<typeof ReturnStatus>;

export const ReturnRequestInput = z.strictObject({
  lines: z
    .array(z.strictObject({ lineId: z.uuid(), quantity: Quantity }))
    .min(1, 'choose at least one line')
    .max(100),
  reason: Reason,
});
export type ReturnRequestInput = z.infer<typeof ReturnRequestInput>;

export const Return = z.object({
  id: z.uuid(),
  orderNumber: z.string(),
  email: z.string(),
  status: ReturnStatus,
  reason: z.string(),
  staffNote: z.string().nullable().describe('What staff told the customer when deciding'),
  restocked: z.boolean().nullable().describe('Set once received'),
  lines: z.array(
    z.object({
      lineId: z.uuid(),
      sku: z.string(),
      productTitle: z.string(),
      variantTitle: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
    }),
  ),
  refundedAmount: z.number().int().nullable().describe('Minor units, once refunded'),
  currency: z.string(),
  requestedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Return = z.infer<typeof Return>;

export const ReturnList = z.object({ items: z.array(Return) });
export type ReturnList = z.infer<typeof ReturnList>;

export const ReturnIdParams = z.strictObject({ id: z.uuid() });

export const AdminReturnListQuery = z.strictObject({
  status: ReturnStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AdminReturnListQuery = z.infer<typeof AdminReturnListQuery>;

export const ReturnDecision = z.strictObject({
  note: z.string().trim().max(500).optional().describe('Shown to the customer and mailed'),
});
export type ReturnDecision = z.infer<typeof ReturnDecision>;

export const ReturnReceipt = z.strictObject({
  restock: z.boolean().describe('Put the returned units back on the shelf'),
});
export type ReturnReceipt = z.infer<typeof ReturnReceipt>;

export const ReturnRefundRequest = z.strictObject({
  amount: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .optional()
    .describe("Minor units; without it, the returned lines' value as paid"),
});
export type ReturnRefundRequest = z.infer<typeof ReturnRefundRequest>;
