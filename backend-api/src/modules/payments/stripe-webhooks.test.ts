import { randomUUID } from 'node:crypto';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckoutRequest } from '@shopstream/contracts';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addToCart,
  checkout,
  makeCheckoutBody,
  type Shopper,
  shopperHeaders,
  stockOf,
} from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { type FixtureStripeMock, startStripeMockWithFixtures } from '../../../test/support/stripe-mock';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { IntentPaymentProvider, IntentRequest } from './provider';
import { createStripeProvider } from './stripe-provider';

/**
 * The Stripe provider against stripe-mock (Stripe's official mock API, started by scripts/provision.sh) and
 * webhooks signed by the SDK's own test helper, posted to the real endpoint. stripe-mock is stateless: it
 * answers fixtures, so the assertions are about what this API does with each event, on a real PostgreSQL.
 */
const STRIPE_MOCK_URL = process.env.STRIPE_MOCK_URL ?? 'http://127.0.0.1:12111';
const WEBHOOK_SECRET = 'whsec_shopstream_test_secret';
const sdk = new Stripe('sk_test_signing_only');

let ctx: TestApp;
let staff: TestUser;
/** What the SDK sent to stripe-mock, read on the wire by a pass-through proxy between them. */
const sent: { method: string; path: string; idempotencyKey: string | undefined; body: URLSearchParams }[] =
  [];
let proxy: Server;
/** When set, the SDK's retrievals of this one PaymentIntent go to a stripe-mock of the test's own instead. */
let intentAnsweredBy: { reference: string; mock: FixtureStripeMock } | null = null;

/** Forwards every call to stripe-mock unchanged, keeping a copy of what the SDK sent. */
async function startRecordingProxy(target: string) {
  const upstream = new URL(target);
  proxy = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      sent.push({
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        idempotencyKey: incoming.headers['idempotency-key'] as string | undefined,
        body: new URLSearchParams(body.toString()),
      });
      const to =
        intentAnsweredBy &&
        incoming.method === 'GET' &&
        incoming.url === `/v1/payment_intents/${intentAnsweredBy.reference}`
          ? { socketPath: intentAnsweredBy.mock.socketPath }
          : { host: upstream.hostname, port: upstream.port };
      const call = forward(
        {
          ...to,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      call.on('error', () => outgoing.writeHead(502).end());
      call.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}
/** What the tests wrap around the real SDK-backed provider: a hook before the checkout gets its answer. */
let beforeIntentAnswer: ((request: IntentRequest, reference: string) => Promise<void>) | null = null;
const refunds: { reference: string; amount: number; idempotencyKey?: string }[] = [];

beforeAll(async () => {
  const reachable = await fetch(`${STRIPE_MOCK_URL}/v1/payment_intents`, {
    headers: { authorization: 'Bearer sk_test_123' },
  }).then(
    () => true,
    () => false,
  );
  if (!reachable)
    throw new Error(
      `stripe-mock does not answer at ${STRIPE_MOCK_URL}: run npm run provision (or set STRIPE_MOCK_URL)`,
    );
  const apiBase = await startRecordingProxy(STRIPE_MOCK_URL);
  const env = {
    STRIPE_SECRET_KEY: 'sk_test_shopstream',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: apiBase,
    RESERVATION_TTL_MINUTES: '15',
  };
  const stripe = createStripeProvider({
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    apiBase,
  });
  // The real provider (every call goes to stripe-mock through the SDK), observed by the tests.
  const observed: IntentPaymentProvider = {
    ...stripe,
    async createIntent(request) {
      const intent = await stripe.createIntent(request);
      if (beforeIntentAnswer) await beforeIntentAnswer(request, intent.reference);
      return intent;
    },
    async refund(request) {
      const answer = await stripe.refund(request);
      refunds.push({
        reference: request.reference,
        amount: request.amount,
        idempotencyKey: request.idempotencyKey,
      });
      return answer;
    },
  };
  ctx = await startTestApp(env, { payments: observed });
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(async () => {
  await ctx?.close();
  proxy?.close();
});
beforeEach(() => {
  beforeIntentAnswer = null;
  refunds.length = 0;
  sent.length = 0;
});

const stripeBody = (): CheckoutRequest => {
  const { payment: _card, ...body } = makeCheckoutBody({ email: `stripe-${randomUUID()}@example.com` });
  return body;
};

interface Placed {
  id: string;
  number: string;
  status: string;
  clientSecret: string | null;
  totals: { total: number; currency: string };
  timeline: { from: string | null; to: string; note: string | null }[];
}

/** A product of `stock` units, `quantity` of them in a new guest cart, checked out with Stripe. */
async function placeWithStripe(options: { stock?: number; quantity?: number; variantId?: string } = {}) {
  const variantId =
    options.variantId ??
    (await makeProduct(ctx, staff, { price: 2500, stock: options.stock ?? 5 })).variants[0]!.id;
  const shopper = await addToCart(ctx, variantId, options.quantity ?? 1);
  const response = await checkout(ctx, shopper, stripeBody());
  expect(response.statusCode, response.body).toBe(201);
  const order = response.json() as Placed;
  const reference = await referenceOf(order.id);
  return { order, shopper, variantId, reference };
}

const referenceOf = async (orderId: string) =>
  (await ctx.sql.query('select payment_reference from orders where id = $1', [orderId])).rows[0]
    .payment_reference as string;

const orderRow = async (orderId: string) =>
  (await ctx.sql.query('select status, paid_at, cart_id from orders where id = $1', [orderId])).rows[0];

const timelineOf = async (orderId: string) =>
  (
    await ctx.sql.query(
      'select from_status as "from", to_status as "to", note from order_events where order_id = $1 order by created_at, id',
      [orderId],
    )
  ).rows as { from: string | null; to: string; note: string | null }[];

/** A Stripe event as Stripe sends it, its signature made by the SDK's own helper. */
function signedEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; secret?: string } = {},
) {
  const payload = JSON.stringify({
    id: options.id ?? `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const signature = sdk.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
  });
  return { payload, signature };
}

const intentObject = (
  order: { id: string; totals: { total: number; currency: string } },
  reference: string,
  overrides: Record<string, unknown> = {},
) => ({
  id: reference,
  object: 'payment_intent',
  amount: order.totals.total,
  amount_received: order.totals.total,
  currency: order.totals.currency.toLowerCase(),
  metadata: { orderId: order.id },
  status: 'succeeded',
  last_payment_error: null,
  ...overrides,
});

function post(event: { payload: string; signature?: string }, contentType = 'application/json') {
  return ctx.app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: {
      'content-type': contentType,
      ...(event.signature ? { 'stripe-signature': event.signature } : {}),
    },
    payload: event.payload,
  });
}

const succeeded = (order: Placed, reference: string, id?: string) =>
  signedEvent('payment_intent.succeeded', intentObject(order, reference), { id });

const eventCount = async () =>
  Number((await ctx.sql.query('select count(*)::int as n from payment_events')).rows[0].n);

describe('checkout with Stripe', () => {
  it('reserves stock, creates a PaymentIntent at Stripe and answers its client secret with the pending order', async () => {
    const { order, variantId, reference } = await placeWithStripe({ quantity: 2 });
    expect(order.status).toBe('pending');
    expect(order.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
    expect(reference).toMatch(/^pi_\w+$/);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 5, reserved: 2 });
    // No card reached this API, and no processor reference reaches the customer.
    expect(JSON.stringify(order)).not.toContain(reference);
    // What the SDK asked of Stripe, as it went over the wire.
    const created = sent.filter((call) => call.method === 'POST' && call.path === '/v1/payment_intents');
    expect(created).toHaveLength(1);
    expect(created[0]!.idempotencyKey).toBe(`order-${order.id}`);
    expect(Object.fromEntries(created[0]!.body)).toMatchObject({
      amount: String(order.totals.total),
      currency: 'eur',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[orderId]': order.id,
      'metadata[orderNumber]': order.number,
    });
  });

  it('refuses card details when Stripe takes the payment', async () => {
    const variantId = (await makeProduct(ctx, staff, { stock: 3 })).variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 1);
    const response = await checkout(ctx, shopper, makeCheckoutBody());
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'body.payment' })]);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('answers a replay of the checkout with the same order and its client secret', async () => {
    const variantId = (await makeProduct(ctx, staff, { stock: 3 })).variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 1);
    const body = stripeBody();
    const key = randomUUID();
    const first = await checkout(ctx, shopper, body, key);
    const again = await checkout(ctx, shopper, body, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ id: first.json().id, status: 'pending' });
    expect(again.json().clientSecret).toMatch(/_secret_/);
    // Asked again with the order's idempotency key: Stripe answers the same PaymentIntent (stripe-mock cannot show it).
    const keys = sent
      .filter((call) => call.path === '/v1/payment_intents')
      .map((call) => call.idempotencyKey);
    expect(keys).toEqual([`order-${first.json().id}`, `order-${first.json().id}`]);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 1 });
  });
});

describe('POST /webhooks/stripe', () => {
  it('pays the order on payment_intent.succeeded; the confirmation page sees it, nobody else does', async () => {
    const { order, shopper, variantId, reference } = await placeWithStripe({ quantity: 2 });
    const poll = (who: Shopper) =>
      ctx.app.inject({ url: `/checkout/orders/${order.id}`, headers: shopperHeaders(who) });
    expect((await poll(shopper)).json().status).toBe('pending');

    const answer = await post(succeeded(order, reference));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ received: true, duplicate: false });

    const seen = await poll(shopper);
    expect(seen.json()).toMatchObject({ id: order.id, status: 'paid' });
    expect(seen.json().timeline.map((e: { to: string }) => e.to)).toEqual(['pending', 'paid']);
    expect(JSON.stringify(seen.json())).not.toContain(reference);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });
    // Another browser, or nobody, learns nothing of the order.
    const stranger = await addToCart(ctx, variantId, 1);
    expect((await poll(stranger)).statusCode).toBe(404);
    expect((await poll({})).statusCode).toBe(404);
  });

  it('pays the order from the webhook alone when the shopper closed the tab: stock taken, mail and analytics event queued', async () => {
    const { order, shopper, variantId, reference } = await placeWithStripe();
    // The client is gone: nothing more comes from it. Only Stripe speaks.
    expect((await post(succeeded(order, reference))).statusCode).toBe(200);

    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', paid_at: expect.any(Date) });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 0 });
    const mail = await ctx.sql.query('select template, recipient from mail_outbox where dedupe_key = $1', [
      `order-placed:${order.id}`,
    ]);
    expect(mail.rows).toHaveLength(1);
    const events = await ctx.sql.query('select topic from outbox where order_id = $1 order by id', [
      order.id,
    ]);
    expect(events.rows.map((row) => row.topic)).toEqual(['order.placed', 'order.paid']);
    // The cart it came from is emptied, though its browser never came back.
    expect((await ctx.app.inject({ url: '/cart', headers: shopperHeaders(shopper) })).json().lines).toEqual(
      [],
    );
    const timeline = await timelineOf(order.id);
    expect(timeline.at(-1)).toEqual({ from: 'pending', to: 'paid', note: 'Payment captured' });
  });

  it('takes a duplicate or replayed event once: 200, and nothing changes', async () => {
    const { order, variantId, reference } = await placeWithStripe();
    const event = succeeded(order, reference);
    expect((await post(event)).json()).toEqual({ received: true, duplicate: false });
    const before = { stock: await stockOf(ctx, variantId), timeline: await timelineOf(order.id) };
    const [again, concurrent] = await Promise.all([post(event), post(event)]);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(concurrent.json()).toEqual({ received: true, duplicate: true });
    // The same news in another event (a redelivery with a new id) changes nothing either.
    expect((await post(succeeded(order, reference))).json().duplicate).toBe(false);
    expect(await stockOf(ctx, variantId)).toEqual(before.stock);
    expect(await timelineOf(order.id)).toEqual(before.timeline);
    const mails = await ctx.sql.query('select count(*)::int as n from mail_outbox where dedupe_key = $1', [
      `order-placed:${order.id}`,
    ]);
    expect(mails.rows[0].n).toBe(1);
  });

  it('cancels the order and releases its stock on payment_intent.payment_failed, keeping the cart', async () => {
    const { order, shopper, variantId, reference } = await placeWithStripe({ quantity: 2 });
    const failed = signedEvent(
      'payment_intent.payment_failed',
      intentObject(order, reference, {
        status: 'requires_payment_method',
        amount_received: 0,
        last_payment_error: { message: 'Your card was declined.', type: 'card_error' },
      }),
    );
    expect((await post(failed)).statusCode).toBe(200);
    expect((await orderRow(order.id)).status).toBe('cancelled');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 5, reserved: 0 });
    expect((await timelineOf(order.id)).at(-1)).toEqual({
      from: 'pending',
      to: 'cancelled',
      note: 'Payment failed: Your card was declined.; stock released',
    });
    const cart = (await ctx.app.inject({ url: '/cart', headers: shopperHeaders(shopper) })).json();
    expect(cart.lines).toEqual([expect.objectContaining({ variantId, quantity: 2 })]);
  });

  it('cancels the order and releases its stock on payment_intent.canceled', async () => {
    const { order, variantId, reference } = await placeWithStripe();
    const canceled = signedEvent(
      'payment_intent.canceled',
      intentObject(order, reference, { status: 'canceled', amount_received: 0 }),
    );
    expect((await post(canceled)).statusCode).toBe(200);
    expect((await orderRow(order.id)).status).toBe('cancelled');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 5, reserved: 0 });
    expect((await timelineOf(order.id)).at(-1)?.note).toBe(
      'Payment cancelled at the provider; stock released',
    );
  });

  it('handles a success that arrives before the checkout has answered', async () => {
    const variantId = (await makeProduct(ctx, staff, { price: 2500, stock: 5 })).variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 1);
    const early: number[] = [];
    // Stripe's webhook wins the race: it lands after the PaymentIntent exists, before our answer leaves.
    beforeIntentAnswer = async (request, reference) => {
      const answer = await post(
        signedEvent(
          'payment_intent.succeeded',
          intentObject(
            { id: request.orderId, totals: { total: request.amount, currency: request.currency } },
            reference,
          ),
        ),
      );
      early.push(answer.statusCode);
    };
    const response = await checkout(ctx, shopper, stripeBody());
    expect(early).toEqual([200]);
    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe('paid');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 0 });
    expect((await timelineOf(response.json().id)).map((e) => e.to)).toEqual(['pending', 'paid']);
  });

  it('keeps a paid order paid when a failure arrives after the success', async () => {
    const { order, variantId, reference } = await placeWithStripe();
    expect((await post(succeeded(order, reference))).statusCode).toBe(200);
    const failed = signedEvent(
      'payment_intent.payment_failed',
      intentObject(order, reference, {
        status: 'requires_payment_method',
        last_payment_error: { message: 'An earlier attempt was declined.' },
      }),
    );
    expect((await post(failed)).json()).toEqual({ received: true, duplicate: false });
    expect((await orderRow(order.id)).status).toBe('paid');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('honours a payment that succeeds after the reservation expired, when the stock is still there', async () => {
    const { order, variantId, reference } = await placeWithStripe({ stock: 3, quantity: 2 });
    await ctx.sql.query("update orders set reserved_until = now() - interval '1 minute' where id = $1", [
      order.id,
    ]);
    expect(await ctx.app.commerce.orders.expireReservations()).toBeGreaterThanOrEqual(1);
    expect((await orderRow(order.id)).status).toBe('cancelled');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });

    expect((await post(succeeded(order, reference))).statusCode).toBe(200);
    expect((await orderRow(order.id)).status).toBe('paid');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 1, reserved: 0 });
    expect((await timelineOf(order.id)).at(-1)).toEqual({
      from: 'cancelled',
      to: 'paid',
      note: 'Payment arrived after the reservation had expired; the stock was still there, so the order is honoured',
    });
    expect(refunds).toEqual([]);
  });

  it('refunds a payment that succeeds after the reservation expired and its stock was sold, once', async () => {
    const { order, variantId, reference } = await placeWithStripe({ stock: 1 });
    await ctx.sql.query("update orders set reserved_until = now() - interval '1 minute' where id = $1", [
      order.id,
    ]);
    await ctx.app.commerce.orders.expireReservations();
    // Another shopper takes the last unit meanwhile.
    await placeWithStripe({ variantId });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 1, reserved: 1 });

    const event = succeeded(order, reference);
    expect((await post(event)).statusCode).toBe(200);
    expect((await post(event)).json().duplicate).toBe(true);
    expect((await orderRow(order.id)).status).toBe('cancelled');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 1, reserved: 1 });
    expect(refunds).toEqual([
      { reference, amount: order.totals.total, idempotencyKey: `late-refund-${order.id}` },
    ]);
    const refunded = sent.filter((call) => call.method === 'POST' && call.path === '/v1/refunds');
    expect(refunded.map((call) => [call.idempotencyKey, Object.fromEntries(call.body)])).toEqual([
      [
        `late-refund-${order.id}`,
        {
          payment_intent: reference,
          amount: String(order.totals.total),
          'metadata[reason]': 'Paid after the reservation expired, when the stock was gone',
        },
      ],
    ]);
    expect((await timelineOf(order.id)).at(-1)?.note).toMatch(
      /^Payment of \d+\.\d{2} EUR arrived after the reservation had expired and the stock was gone: refunded in full automatically$/,
    );
    const mail = await ctx.sql.query('select template from mail_outbox where dedupe_key = $1', [
      `order-refunded:${order.id}`,
    ]);
    expect(mail.rows).toEqual([{ template: 'order-refunded' }]);
  });

  it('records refunds and disputes Stripe reports on the timeline, without changing the status', async () => {
    const { order, reference } = await placeWithStripe();
    await post(succeeded(order, reference));
    const charge = {
      id: `ch_${randomUUID().slice(0, 8)}`,
      object: 'charge',
      amount: order.totals.total,
      amount_refunded: 500,
      currency: 'eur',
      payment_intent: reference,
      metadata: {},
    };
    expect((await post(signedEvent('charge.refunded', charge))).statusCode).toBe(200);
    const dispute = {
      id: `dp_${randomUUID().slice(0, 8)}`,
      object: 'dispute',
      amount: order.totals.total,
      currency: 'eur',
      charge: charge.id,
      payment_intent: reference,
      reason: 'fraudulent',
      status: 'needs_response',
      metadata: {},
    };
    expect((await post(signedEvent('charge.dispute.created', dispute))).statusCode).toBe(200);
    expect((await post(signedEvent('charge.dispute.closed', { ...dispute, status: 'won' }))).statusCode).toBe(
      200,
    );
    expect((await orderRow(order.id)).status).toBe('paid');
    const notes = (await timelineOf(order.id)).slice(-3).map((e) => [e.from, e.to, e.note]);
    expect(notes).toEqual([
      ['paid', 'paid', 'The provider reports 5.00 EUR refunded on this payment in all'],
      [
        'paid',
        'paid',
        expect.stringMatching(/^Dispute opened over \d+\.\d{2} EUR: fraudulent; respond at the provider$/),
      ],
      ['paid', 'paid', expect.stringMatching(/^Dispute closed \(won\) over \d+\.\d{2} EUR$/)],
    ]);
  });

  it('keeps the brand and last four digits of the card Stripe charged (charge.succeeded)', async () => {
    const { order, reference } = await placeWithStripe();
    const charge = {
      id: `ch_${randomUUID().slice(0, 8)}`,
      object: 'charge',
      amount: order.totals.total,
      currency: 'eur',
      payment_intent: reference,
      metadata: { orderId: order.id },
      payment_method_details: { type: 'card', card: { brand: 'mastercard', last4: '4444' } },
    };
    expect((await post(signedEvent('charge.succeeded', charge))).statusCode).toBe(200);
    const { rows } = await ctx.sql.query('select card_brand, card_last4 from orders where id = $1', [
      order.id,
    ]);
    expect(rows[0]).toEqual({ card_brand: 'mastercard', card_last4: '4444' });
  });

  it('answers an event for another shop’s payment 200 and changes nothing', async () => {
    const unknown = signedEvent('payment_intent.succeeded', {
      ...intentObject({ id: randomUUID(), totals: { total: 100, currency: 'EUR' } }, 'pi_not_ours'),
    });
    expect((await post(unknown)).statusCode).toBe(200);
    expect(
      (await post(signedEvent('customer.created', { id: 'cus_1', object: 'customer' }))).statusCode,
    ).toBe(200);
  });

  it('refuses a bad signature with a problem-details 400 and records nothing', async () => {
    const { order, reference } = await placeWithStripe();
    const event = succeeded(order, reference);
    const before = await eventCount();
    const cases = [
      { payload: event.payload },
      { payload: event.payload, signature: 'garbage' },
      {
        ...signedEvent('payment_intent.succeeded', intentObject(order, reference), {
          secret: 'whsec_someone_else',
        }),
      },
      { payload: event.payload.replace(`"${order.id}"`, `"${randomUUID()}"`), signature: event.signature },
      {
        payload: '{"not json',
        signature: sdk.webhooks.generateTestHeaderString({ payload: '{"not json', secret: WEBHOOK_SECRET }),
      },
    ];
    for (const bad of cases) {
      const answer = await post(bad);
      expect(answer.statusCode, answer.body).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({ status: 400, code: 'bad_request' });
    }
    // Another content type is still the raw bytes Stripe signed.
    expect((await post(event, 'text/plain')).statusCode).toBe(200);
    expect(await eventCount()).toBe(before + 1);
    expect((await orderRow(order.id)).status).toBe('paid');
  });
});

/**
 * Runs the reconciling sweeper (two instances at once, then once more) while Stripe reports the order's
 * PaymentIntent `succeeded`. stripe-mock cannot change a PaymentIntent's status: it is stateless, and its
 * bundled fixture always `requires_payment_method` (amount 1099 USD, nothing received). So a second stripe-mock
 * answers the SDK's retrieval from a fixture (its `-fixtures` flag): its own answer for this PaymentIntent,
 * with what Stripe answers once the shopper has paid: `succeeded`, the order's amount received in its currency.
 */
async function sweepWhileStripeSaysSucceeded(order: Placed, reference: string) {
  const bundled = await fetch(`${STRIPE_MOCK_URL}/v1/payment_intents/${reference}`, {
    headers: { authorization: 'Bearer sk_test_123' },
  });
  const intent = (await bundled.json()) as Record<string, unknown>;
  expect(intent.status).toBe('requires_payment_method');
  const mock = await startStripeMockWithFixtures({
    payment_intent: {
      ...intent,
      status: 'succeeded',
      amount: order.totals.total,
      amount_received: order.totals.total,
      currency: order.totals.currency.toLowerCase(),
      metadata: { orderId: order.id, orderNumber: order.number },
      last_payment_error: null,
      next_action: null,
    },
  });
  // Only this order's PaymentIntent: older pending orders of other tests still get the bundled answer.
  intentAnsweredBy = { reference, mock };
  const sweep = () => ctx.app.commerce.orders.reconcilePayments(ctx.config.STRIPE_RECONCILE_AFTER_SECONDS);
  try {
    sent.length = 0;
    const changed = await Promise.all([sweep(), sweep()]);
    const asked = sent.some(
      (call) => call.method === 'GET' && call.path === `/v1/payment_intents/${reference}`,
    );
    return { concurrent: changed[0] + changed[1], again: await sweep(), asked };
  } finally {
    intentAnsweredBy = null;
    await mock.close();
  }
}

describe('the reconciling sweeper', () => {
  it('asks Stripe about a pending order whose webhook never came, and leaves it pending while Stripe awaits payment', async () => {
    const { order, variantId, reference } = await placeWithStripe();
    const fresh = await placeWithStripe();
    await ctx.sql.query("update orders set created_at = now() - interval '10 minutes' where id = $1", [
      order.id,
    ]);
    sent.length = 0;
    // stripe-mock answers its fixture, a PaymentIntent that `requires_payment_method`: nothing to settle yet.
    expect(await ctx.app.commerce.orders.reconcilePayments(120)).toBe(0);
    const asked = sent.filter((call) => call.method === 'GET').map((call) => call.path);
    expect(asked).toContain(`/v1/payment_intents/${reference}`);
    // An order placed a moment ago is left to its webhook.
    expect(asked).not.toContain(`/v1/payment_intents/${fresh.reference}`);
    expect((await orderRow(order.id)).status).toBe('pending');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 5, reserved: 1 });
  });

  it('pays, exactly once, a pending order whose PaymentIntent Stripe reports succeeded when no webhook came; the webhook that comes later changes nothing', async () => {
    const { order, shopper, variantId, reference } = await placeWithStripe({ stock: 5, quantity: 2 });
    await ctx.sql.query("update orders set created_at = now() - interval '10 minutes' where id = $1", [
      order.id,
    ]);
    const sweeps = await sweepWhileStripeSaysSucceeded(order, reference);
    // Two instances' sweepers at the same moment: one of them settles it; a third sweep finds nothing to do.
    expect(sweeps).toEqual({ concurrent: 1, again: 0, asked: true });

    const settled = async () => ({
      order: await orderRow(order.id),
      stock: await stockOf(ctx, variantId),
      outbox: (
        await ctx.sql.query('select topic from outbox where order_id = $1 order by id', [order.id])
      ).rows.map((row) => row.topic),
      mails: (
        await ctx.sql.query('select template from mail_outbox where dedupe_key = $1', [
          `order-placed:${order.id}`,
        ])
      ).rows.length,
      timeline: await timelineOf(order.id),
    });
    const after = await settled();
    expect(after).toMatchObject({
      order: { status: 'paid', paid_at: expect.any(Date) },
      stock: { onHand: 3, reserved: 0 },
      outbox: ['order.placed', 'order.paid'],
      mails: 1,
    });
    expect(after.timeline.filter((step) => step.to === 'paid')).toEqual([
      { from: 'pending', to: 'paid', note: 'Payment captured' },
    ]);
    // The cart it came from is emptied, as the webhook would have done.
    expect((await ctx.app.inject({ url: '/cart', headers: shopperHeaders(shopper) })).json().lines).toEqual(
      [],
    );

    // Stripe's webhook arrives after all: taken (200), and nothing more happens.
    const late = await post(succeeded(order, reference));
    expect(late.statusCode).toBe(200);
    expect(late.json()).toEqual({ received: true, duplicate: false });
    expect(await settled()).toEqual(after);
  });

  it('keeps an order cancelled after the sweeper paid it when its success webhook comes late: no second payment, stock or refund', async () => {
    const { order, variantId, reference } = await placeWithStripe({ stock: 5, quantity: 2 });
    await ctx.sql.query("update orders set created_at = now() - interval '10 minutes' where id = $1", [
      order.id,
    ]);
    expect((await sweepWhileStripeSaysSucceeded(order, reference)).concurrent).toBe(1);
    // Staff cancel the paid order before it ships: its payment is refunded and its stock returns.
    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${order.number}/transitions`,
      headers: staff.auth,
      payload: { to: 'cancelled' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(refunds).toEqual([
      { reference, amount: order.totals.total, idempotencyKey: expect.stringMatching(/^refund:/) },
    ]);
    const state = async () => ({
      order: (await ctx.sql.query('select status, paid_at, refunded from orders where id = $1', [order.id]))
        .rows[0],
      stock: await stockOf(ctx, variantId),
      outbox: (
        await ctx.sql.query('select topic from outbox where order_id = $1 order by id', [order.id])
      ).rows.map((row) => row.topic),
      timeline: await timelineOf(order.id),
    });
    const cancelled = await state();
    expect(cancelled).toMatchObject({
      order: { status: 'cancelled', refunded: order.totals.total },
      stock: { onHand: 5, reserved: 0 },
      outbox: ['order.placed', 'order.paid', 'order.cancelled'],
    });

    // Stripe's payment_intent.succeeded, retried since the endpoint was down, arrives now.
    const late = await post(succeeded(order, reference));
    expect(late.statusCode).toBe(200);
    expect(await state()).toEqual(cancelled);
    expect(refunds).toHaveLength(1);
  });
});
