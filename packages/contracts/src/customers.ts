import { z } from 'zod';
import { Address, AdminUser, Role } from './accounts';
import { CurrencyCode } from './money';

/**
 * Request and response contracts of the staff customer routes:
 *   GET  /admin/customers                  → CustomerList      (staff) accounts, or guest buyers with kind=guest
 *   GET  /admin/customers/:id              → CustomerDetail    (staff)
 *   POST /admin/customers/:id/notes        → CustomerNote      (staff)
 *   GET  /admin/reports/sales              → SalesReport       (staff)
 * A customer's orders are GET /admin/users/:id/orders; role changes stay PATCH /admin/users/:id.
 */

const Timestamp = z.iso.datetime();

export const MoneyAmount = z.object({
  amount: z.number().int().describe('Integer minor units of the currency'),
  currency: CurrencyCode,
});
export type MoneyAmount = z.infer<typeof MoneyAmount>;

/** What a customer's orders add up to. Paid orders only: pending, cancelled and refunded ones are not spent. */
export const CustomerOrderSummary = z.object({
  orderCount: z.number().int().describe('Orders paid (fulfilled and delivered included; refunded not)'),
  spent: z.array(MoneyAmount).describe('Totals of those orders, one entry per currency; the lifetime value'),
  firstOrderAt: Timestamp.nullable(),
  lastOrderAt: Timestamp.nullable(),
});
export type CustomerOrderSummary = z.infer<typeof CustomerOrderSummary>;

export const CustomerKind = z.enum(['account', 'guest']);
export type CustomerKind = z.infer<typeof CustomerKind>;

export const CustomerListQuery = z.strictObject({
  kind: CustomerKind.default('account').describe('account: registered accounts; guest: buyers without one'),
  role: Role.optional().describe('Accounts only'),
  q: z.string().trim().max(254).optional().describe('Part of the email (or the name of an account)'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const CustomerListItem = z.object({
  kind: CustomerKind,
  id: z.uuid().nullable().describe('The account; null for a guest buyer'),
  email: z.string(),
  name: z.string().describe("The account's name, or the name on the guest's last order"),
  role: Role.nullable(),
  disabled: z.boolean(),
  since: Timestamp.describe('Registered at, or the first order of a guest'),
  orders: CustomerOrderSummary,
});
export type CustomerListItem = z.infer<typeof CustomerListItem>;

export const CustomerList = z.object({
  items: z.array(CustomerListItem),
  nextCursor: z.string().nullable(),
});
export type CustomerList = z.infer<typeof CustomerList>;

export const CustomerNote = z.object({
  id: z.uuid(),
  body: z.string(),
  author: z.object({ id: z.uuid(), email: z.string(), name: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type CustomerNote = z.infer<typeof CustomerNote>;

export const CustomerNoteInput = z.strictObject({ body: z.string().trim().min(1).max(2000) });
export type CustomerNoteInput = z.infer<typeof CustomerNoteInput>;

export const CustomerDetail = z.object({
  account: AdminUser,
  addresses: z.array(Address),
  orders: CustomerOrderSummary,
  notes: z.array(CustomerNote).describe('Oldest first'),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

const TimeZoneName = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

export const SalesReportQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(366).default(30),
  timeZone: TimeZoneName.default('UTC').describe('Days are counted in this time zone'),
  topProducts: z.coerce.number().int().min(1).max(20).default(5),
  currency: CurrencyCode.optional().describe(
    "Revenue of orders in this currency; by default the currency most of the period's orders are in",
  ),
});
export type SalesReportQuery = z.infer<typeof SalesReportQuery>;

export const SalesDay = z.object({
  date: z.iso.date(),
  orders: z.number().int(),
  revenue: z.number().int().describe('Minor units of the report currency'),
});
export type SalesDay = z.infer<typeof SalesDay>;

export const SalesReport = z.object({
  currency: CurrencyCode.nullable().describe(
    'Revenue is of orders in this currency (orders count every currency); null when nothing sold',
  ),
  timeZone: z.string(),
  current: z.array(SalesDay).describe('The last `days` days, today last'),
  previous: z.array(SalesDay).describe('The `days` days before them, in the same order'),
  topProducts: z.array(
    z.object({
      productId: z.uuid().nullable(),
      title: z.string(),
      units: z.number().int(),
      revenue: z.number().int(),
    }),
  ),
});
export type SalesReport = z.infer<typeof SalesReport>;
