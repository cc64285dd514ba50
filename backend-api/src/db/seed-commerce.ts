import type { OrderStatus } from '@shopstream/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { createOutbox, type OrderTopic } from '../modules/outbox/events';
import { createOutboxRepository } from '../modules/outbox/repository';
import { computeTotals } from '../modules/pricing/service';
import type { Database } from './client';
import { discountCodes, orderEvents, orderLines, orders, products, users, variants } from './schema';

/** Demo discount codes; shipping options come with the migration. */
export const DEMO_DISCOUNT_CODES = [
  { code: 'WELCOME10', kind: 'percentage', value: 10, minimumSubtotal: 0, usageLimit: null },
  { code: 'SAVE5', kind: 'fixed', value: 500, minimumSubtotal: 2500, usageLimit: 1000 },
] as const;

/** The path each demo order took, and how many days ago it was placed. */
const DEMO_ORDER_PLANS: { path: OrderStatus[]; daysAgo: number }[] = [
  { path: ['pending', 'paid', 'fulfilled', 'delivered'], daysAgo: 12 },
  { path: ['pending', 'paid', 'fulfilled'], daysAgo: 3 },
  { path: ['pending', 'paid'], daysAgo: 0 },
  { path: ['pending', 'paid', 'cancelled'], daysAgo: 6 },
  { path: ['pending', 'paid', 'fulfilled', 'delivered', 'refunded'], daysAgo: 20 },
];

/** The analytics events of each step of a demo order's path, as the order operations publish them. */
const TOPICS_OF: Partial<Record<OrderStatus, OrderTopic[]>> = {
  paid: ['placed', 'paid'],
  fulfilled: ['fulfilled'],
  cancelled: ['cancelled'],
  refunded: ['refunded'],
};

/**
 * Discount codes and a few orders per demo customer in various states. Idempotent: codes are upserted by code,
 * and a customer who has any order already gets none. Demo orders are history: they move no stock, but their
 * events go through the outbox like a real order's (paid, fulfilled, cancelled, refunded, each at the time of
 * its step), so once analytics runs its revenue ledger agrees with PostgreSQL.
 */
export async function seedCommerce(db: Database, customerEmails: string[]) {
  const outbox = createOutbox(createOutboxRepository());
  await db
    .insert(discountCodes)
    .values(DEMO_DISCOUNT_CODES.map((code) => ({ ...code })))
    .onConflictDoNothing({ target: discountCodes.code });
  const [staff = null] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.role, 'staff'))
    .orderBy(asc(users.createdAt))
    .limit(1);
  const variantRows = await db
    .select({
      id: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      productTitle: products.title,
      variantTitle: variants.title,
      options: variants.options,
      price: variants.price,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.status, 'active'), eq(variants.active, true), eq(variants.currency, 'EUR')))
    .orderBy(asc(variants.sku))
    .limit(40);
  if (variantRows.length === 0) return { orders: 0 };

  let created = 0;
  for (const [customerIndex, email] of customerEmails.entries()) {
    const [user] = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.email, email));
    if (!user) continue;
    const has = await db.select({ id: orders.id }).from(orders).where(eq(orders.userId, user.id)).limit(1);
    if (has.length > 0) continue;
    const plans = DEMO_ORDER_PLANS.filter((_, i) => (i + customerIndex) % 4 !== 3);
    for (const [planIndex, plan] of plans.entries()) {
      const lines = [0, 1]
        .slice(0, 1 + ((customerIndex + planIndex) % 2))
        .map((k) => variantRows[(customerIndex * 7 + planIndex * 3 + k * 11) % variantRows.length]!)
        .map((variant, position) => ({ ...variant, quantity: 1 + ((position + planIndex) % 2), position }));
      // Priced as checkout prices them for the demo shop (prices include VAT; DE 19 %).
      const { totals } = computeTotals({
        lineTotals: lines.map((line) => line.price * line.quantity),
        discount: 0,
        currency: 'EUR',
        shipping: { price: 499, freeOver: 5000 },
        tax: { rateBasisPoints: 1900, included: true },
      });
      const { subtotal, shipping, tax } = totals;
      const placedAt = new Date(Date.now() - plan.daysAgo * 86_400_000 - (planIndex + 1) * 3_600_000);
      const fulfilled = plan.path.includes('fulfilled');
      const trackingNumber = fulfilled
        ? `JD01460000${String(customerIndex * 10 + planIndex).padStart(6, '0')}`
        : null;
      await db.transaction(async (tx) => {
        const [order] = await tx
          .insert(orders)
          .values({
            number: sql`'SS-' || nextval('order_number_seq')`,
            userId: user.id,
            email,
            status: plan.path.at(-1)!,
            currency: 'EUR',
            subtotal,
            shipping,
            tax,
            total: totals.total,
            taxIncluded: true,
            taxRateBasisPoints: 1900,
            shippingOptionId: 'standard',
            shippingOptionName: 'Standard delivery',
            shippingAddress: {
              fullName: user.name,
              line1: `${10 + customerIndex} Market Street`,
              line2: null,
              city: 'Berlin',
              region: null,
              postalCode: '10115',
              country: 'DE',
              phone: null,
            },
            carrier: fulfilled ? 'DHL' : null,
            trackingNumber,
            cardBrand: 'visa',
            cardLast4: '4242',
            paymentReference: `test_ch_demo${customerIndex}${planIndex}`,
            paidAt: placedAt,
            createdAt: placedAt,
            updatedAt: placedAt,
          })
          .returning({ id: orders.id, number: orders.number, total: orders.total });
        const orderId = order!.id;
        await tx.insert(orderLines).values(
          lines.map((line) => ({
            orderId,
            variantId: line.id,
            productId: line.productId,
            sku: line.sku,
            productTitle: line.productTitle,
            variantTitle: line.variantTitle,
            options: line.options,
            unitPrice: line.price,
            quantity: line.quantity,
            lineTotal: line.price * line.quantity,
            position: line.position,
          })),
        );
        const stepAt = (step: number) =>
          new Date(placedAt.getTime() + step * 36 * 3_600_000 * (plan.daysAgo > 0 ? 1 : 0) + step * 1000);
        const forEvent = {
          id: orderId,
          number: order!.number,
          userId: user.id,
          total: order!.total,
          subtotal,
          discount: 0,
          shipping,
          tax,
          currency: 'EUR',
          carrier: fulfilled ? 'DHL' : null,
          trackingNumber,
          lines: lines.map((line) => ({
            productId: line.productId,
            sku: line.sku,
            productTitle: line.productTitle,
            unitPrice: line.price,
            quantity: line.quantity,
          })),
        };
        for (const [step, to] of plan.path.entries()) {
          for (const topic of TOPICS_OF[to] ?? []) {
            await outbox.enqueueOrderEvent(tx, topic, forEvent, stepAt(step));
          }
        }
        await tx.insert(orderEvents).values(
          plan.path.map((to, step) => {
            const byStaff = step >= 2 && staff;
            return {
              orderId,
              fromStatus: step === 0 ? null : plan.path[step - 1]!,
              toStatus: to,
              actorType:
                step === 0 ? ('customer' as const) : byStaff ? ('staff' as const) : ('system' as const),
              actorId: step === 0 ? user.id : byStaff ? staff.id : null,
              actorEmail: step === 0 ? email : byStaff ? staff.email : null,
              note: step === 1 ? 'Payment captured' : null,
              createdAt: stepAt(step),
            };
          }),
        );
      });
      created += 1;
    }
  }
  return { orders: created };
}
