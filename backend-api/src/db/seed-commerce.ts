import type { OrderStatus } from '@shopstream/contracts';
import type pg from 'pg';

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

/**
 * Discount codes and a few orders per demo customer in various states. Idempotent: codes are upserted by code,
 * and a customer who has any order already gets none. Demo orders are history: they neither move stock nor go
 * through the outbox (the analytics service simulates its own traffic).
 */
export async function seedCommerce(pool: pg.Pool, customerEmails: string[]) {
  for (const code of DEMO_DISCOUNT_CODES) {
    await pool.query(
      `insert into discount_codes (code, kind, value, minimum_subtotal, usage_limit) values ($1, $2, $3, $4, $5)
       on conflict (code) do nothing`,
      [code.code, code.kind, code.value, code.minimumSubtotal, code.usageLimit],
    );
  }
  const { rows: staffRows } = await pool.query<{ id: string; email: string }>(
    "select id, email from users where role = 'staff' order by created_at limit 1",
  );
  const staff = staffRows[0] ?? null;
  const { rows: variantRows } = await pool.query<{
    id: string;
    productId: string;
    sku: string;
    productTitle: string;
    variantTitle: string;
    options: Record<string, string>;
    price: number;
  }>(
    `select v.id, v.product_id as "productId", v.sku, p.title as "productTitle", v.title as "variantTitle", v.options, v.price
     from variants v join products p on p.id = v.product_id
     where p.status = 'active' and v.active and v.currency = 'EUR' order by v.sku limit 40`,
  );
  if (variantRows.length === 0) return { orders: 0 };

  let created = 0;
  for (const [customerIndex, email] of customerEmails.entries()) {
    const { rows: users } = await pool.query<{ id: string; name: string }>(
      'select id, name from users where email = $1',
      [email],
    );
    const user = users[0];
    if (!user) continue;
    const has = await pool.query('select 1 from orders where user_id = $1 limit 1', [user.id]);
    if (has.rowCount) continue;
    const plans = DEMO_ORDER_PLANS.filter((_, i) => (i + customerIndex) % 4 !== 3);
    for (const [planIndex, plan] of plans.entries()) {
      const lines = [0, 1]
        .slice(0, 1 + ((customerIndex + planIndex) % 2))
        .map((k) => variantRows[(customerIndex * 7 + planIndex * 3 + k * 11) % variantRows.length]!)
        .map((variant, position) => ({ ...variant, quantity: 1 + ((position + planIndex) % 2), position }));
      const subtotal = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
      const shipping = subtotal >= 5000 ? 0 : 499;
      const tax = Math.round(((subtotal + shipping) * 1900) / 10_000);
      const status = plan.path.at(-1)!;
      const placedAt = new Date(Date.now() - plan.daysAgo * 86_400_000 - (planIndex + 1) * 3_600_000);
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ id: string }>(
          `insert into orders (number, user_id, email, status, currency, subtotal, discount, shipping, tax, total,
             shipping_option_id, shipping_option_name, shipping_address, carrier, tracking_number, card_brand,
             card_last4, payment_reference, paid_at, created_at, updated_at)
           values ('SS-' || nextval('order_number_seq'), $1, $2, $3, 'EUR', $4, 0, $5, $6, $7, 'standard',
             'Standard delivery', $8, $9, $10, 'visa', '4242', $11, $12, $12, $12)
           returning id`,
          [
            user.id,
            email,
            status,
            subtotal,
            shipping,
            tax,
            subtotal + shipping + tax,
            JSON.stringify({
              fullName: user.name,
              line1: `${10 + customerIndex} Market Street`,
              line2: null,
              city: 'Berlin',
              region: null,
              postalCode: '10115',
              country: 'DE',
              phone: null,
            }),
            plan.path.includes('fulfilled') ? 'DHL' : null,
            plan.path.includes('fulfilled')
              ? `JD01460000${String(customerIndex * 10 + planIndex).padStart(6, '0')}`
              : null,
            `test_ch_demo${customerIndex}${planIndex}`,
            placedAt,
          ],
        );
        const orderId = rows[0]!.id;
        for (const line of lines) {
          await client.query(
            `insert into order_lines (order_id, variant_id, product_id, sku, product_title, variant_title, options,
               unit_price, quantity, line_total, position) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              orderId,
              line.id,
              line.productId,
              line.sku,
              line.productTitle,
              line.variantTitle,
              JSON.stringify(line.options),
              line.price,
              line.quantity,
              line.price * line.quantity,
              line.position,
            ],
          );
        }
        for (const [step, to] of plan.path.entries()) {
          const byStaff = step >= 2 && staff;
          await client.query(
            `insert into order_events (order_id, from_status, to_status, actor_type, actor_id, actor_email, note, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              orderId,
              step === 0 ? null : plan.path[step - 1],
              to,
              step === 0 ? 'customer' : byStaff ? 'staff' : 'system',
              step === 0 ? user.id : byStaff ? staff.id : null,
              step === 0 ? email : byStaff ? staff.email : null,
              step === 1 ? 'Payment captured' : null,
              new Date(placedAt.getTime() + step * 36 * 3_600_000 * (plan.daysAgo > 0 ? 1 : 0) + step * 1000),
            ],
          );
        }
        await client.query('commit');
        created += 1;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    }
  }
  return { orders: created };
}
