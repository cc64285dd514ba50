// CPU per Stripe webhook in backend-api: a first delivery of payment_intent.succeeded (signature, event
// recorded, order paid: stock, outbox, mail, cart) and a duplicate (signature, event found taken), beside a
// bare reference in the same run (an injected GET /health) and the SDK's signature check alone.
// In-process (app.inject), on its own PostgreSQL database, the SDK pointed at stripe-mock for the checkouts.
// Run from the repository root: npx tsx bench/stripe-webhooks/run.ts   (BENCH_EVENTS=300, STRIPE_MOCK_URL)
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import Stripe from 'stripe';
import { addToCart, checkout, makeCheckoutBody } from '../../backend-api/test/support/commerce';
import { makeProduct, makeUser } from '../../backend-api/test/support/factories';
import { startTestApp } from '../../backend-api/test/support/test-app';

const events = Number(process.env.BENCH_EVENTS ?? 300);
const SECRET = 'whsec_bench_secret';
const sdk = new Stripe('sk_test_bench');
const ctx = await startTestApp({
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: SECRET,
  STRIPE_API_BASE: process.env.STRIPE_MOCK_URL ?? 'http://127.0.0.1:12111',
});
try {
  const staff = await makeUser(ctx, { role: 'staff' });
  const variantId = (await makeProduct(ctx, staff, { price: 2500, stock: events * 2 })).variants[0]!.id;
  const { payment: _card, ...body } = makeCheckoutBody();
  const signed: { payload: string; signature: string }[] = [];
  for (let i = 0; i < events; i++) {
    const shopper = await addToCart(ctx, variantId, 1);
    const order = (await checkout(ctx, shopper, body)).json();
    const reference = (await ctx.sql.query('select payment_reference from orders where id = $1', [order.id]))
      .rows[0].payment_reference;
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: reference,
          object: 'payment_intent',
          amount_received: order.totals.total,
          currency: 'eur',
          metadata: { orderId: order.id },
        },
      },
    });
    signed.push({ payload, signature: sdk.webhooks.generateTestHeaderString({ payload, secret: SECRET }) });
  }

  const post = (event: (typeof signed)[number]) =>
    ctx.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      payload: event.payload,
    });
  async function measure(name: string, run: (i: number) => Promise<unknown> | unknown) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < events; i++) await run(i);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    console.log(
      `${name.padEnd(38)} ${((used.user + used.system) / events).toFixed(0).padStart(6)} µs CPU/event  ${(wall / events).toFixed(2).padStart(7)} ms wall/event`,
    );
  }
  for (let i = 0; i < 50; i++) await ctx.app.inject({ url: '/health' });
  console.log(
    `${events} events; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on a shared machine`,
  );
  await measure('reference: GET /health (inject)', () => ctx.app.inject({ url: '/health' }));
  await measure('SDK signature check alone', (i) =>
    sdk.webhooks.constructEvent(signed[i]!.payload, signed[i]!.signature, SECRET),
  );
  await measure('webhook, first delivery (order paid)', async (i) => {
    const answer = await post(signed[i]!);
    if (answer.statusCode !== 200 || answer.json().duplicate) throw new Error(answer.body);
  });
  await measure('webhook, duplicate (nothing changes)', async (i) => {
    const answer = await post(signed[i]!);
    if (!answer.json().duplicate) throw new Error(answer.body);
  });
  const paid = (await ctx.sql.query("select count(*)::int as n from orders where status = 'paid'")).rows[0].n;
  console.log(`orders paid: ${paid} of ${events}`);
} finally {
  await ctx.close();
}
