import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, makeCheckoutBody } from '../../backend-api/test/support/commerce';
import { makeCategory, makeProduct, makeUser, type TestUser } from '../../backend-api/test/support/factories';
import { startTestApp, type TestApp } from '../../backend-api/test/support/test-app';
import { type FuzzReport, type FuzzTarget, fuzz, type Identity, summary } from './support/fuzzer';

let ctx: TestApp;
let report: FuzzReport;

/**
 * A checksum of every row of the API's tables, kept by a row trigger on each: every insert adds the
 * row's hash, every delete subtracts it, an update does both. Reading one number after each request
 * shows whether the stored state changed; a write undone in the same request (an idempotency key
 * claimed, then released) or rolled back leaves it as it was.
 */
async function trackState(test: TestApp) {
  const tables = await test.sql.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  await test.sql.query(`
    create table fuzz_state (checksum numeric not null);
    insert into fuzz_state values (0);
    create function fuzz_track() returns trigger language plpgsql as $$
      declare delta numeric := 0;
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delta := delta - ('x' || substr(md5(tg_table_name || old::text), 1, 15))::bit(60)::bigint;
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          delta := delta + ('x' || substr(md5(tg_table_name || new::text), 1, 15))::bit(60)::bigint;
        end if;
        if delta <> 0 then update fuzz_state set checksum = checksum + delta; end if;
        return null;
      end $$;
  `);
  for (const { name } of tables.rows) {
    await test.sql.query(
      `create trigger fuzz_track after insert or update or delete on "${name}" for each row execute function fuzz_track()`,
    );
  }
}

async function shopData(test: TestApp, admin: TestUser, customer: TestUser) {
  const category = await makeCategory(test, admin);
  const product = await makeProduct(test, admin, {
    categoryId: category.id,
    stock: 1000,
    images: [{ url: 'https://cdn.example.com/a.png', alt: 'front' }],
  });
  const variant = product.variants[0]!;
  const guest = await addToCart(test, variant.id, 1);
  await addToCart(test, variant.id, 1, { auth: customer.auth });
  const order = await test.app.inject({
    method: 'POST',
    url: '/checkout',
    headers: { ...customer.auth, 'idempotency-key': randomUUID() },
    payload: makeCheckoutBody({ email: customer.email }),
  });
  if (order.statusCode !== 201) throw new Error(`checkout failed: ${order.body}`);
  const address = await test.app.inject({
    method: 'POST',
    url: '/me/addresses',
    headers: customer.auth,
    payload: {
      fullName: 'Ada Shopper',
      line1: 'Hauptstraße 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
  });
  const discount = await test.app.inject({
    method: 'POST',
    url: '/admin/discount-codes',
    headers: admin.auth,
    payload: { code: 'FUZZ10', kind: 'percentage', value: 10 },
  });
  const cart = await test.app.inject({ url: '/cart', headers: { cookie: guest.cookie! } });
  const lineId = cart.json().lines[0]?.id as string;
  // Which resource each path names, longest path first: `/admin/products/{id}/images/{imageId}` before `/admin/products/{id}`.
  const own: Array<[string, Record<string, string>]> = [
    ['/admin/products/{id}/images/{imageId}', { id: product.id, imageId: product.images[0]!.id }],
    ['/admin/products/{id}', { id: product.id }],
    ['/admin/variants/{variantId}', { variantId: variant.id }],
    ['/admin/variants/{id}', { id: variant.id }],
    ['/admin/categories/{id}', { id: category.id }],
    ['/admin/discount-codes/{id}', { id: discount.json().id }],
    ['/admin/orders/{number}', { number: order.json().number }],
    ['/me/orders/{number}', { number: order.json().number }],
    ['/me/addresses/{id}', { id: address.json().id }],
    ['/catalog/products/{slug}', { slug: product.slug }],
    ['/cart/items/{itemId}', { itemId: lineId }],
  ];
  return {
    pathValue: (path: string, name: string) => own.find(([prefix]) => path.startsWith(prefix))?.[1][name],
    guestCookie: guest.cookie!,
    known: [
      category.id,
      category.slug,
      product.id,
      product.slug,
      variant.id,
      ...product.images.map((image) => image.id),
      order.json().number,
      address.json().id,
      discount.json().id,
      ...cart.json().lines.map((item: { id: string }) => item.id),
      'FUZZ10',
      'standard',
      'DE',
    ],
  };
}

beforeAll(async () => {
  ctx = await startTestApp();
  const [admin, staff, customer, victim] = await Promise.all([
    makeUser(ctx, { role: 'admin' }),
    makeUser(ctx, { role: 'staff' }),
    makeUser(ctx),
    makeUser(ctx),
  ]);
  const { guestCookie, known, pathValue } = await shopData(ctx, admin, customer);
  await trackState(ctx);

  const accounts = new Map<Identity, TestUser>();
  const identity = (name: string, user?: TestUser, extra: Record<string, string> = {}): Identity => {
    const id = { name, headers: { ...(user?.auth ?? {}), ...extra } };
    if (user) accounts.set(id, user);
    return id;
  };
  const anonymous = identity('anonymous');
  const guest = identity('guest with a cart', undefined, { cookie: guestCookie });
  const asCustomer = identity('customer', customer);
  const asStaff = identity('staff', staff);
  const asAdmin = identity('admin', admin);

  const target: FuzzTarget = {
    service: 'backend-api',
    app: ctx.app,
    identities: [anonymous, guest, asCustomer, asStaff, asAdmin],
    proberOf: (op, index) => {
      if (!op.secured) return index % 2 === 0 ? guest : asCustomer;
      if (!op.roles || op.roles.includes('admin')) return asAdmin;
      return op.roles.includes('staff') ? asStaff : asCustomer;
    },
    // The victim's id, never a prober's: a valid-shaped PATCH /admin/users/{id} may disable whom it names.
    knownValues: [...known, victim.id],
    pathValue: (op, name) =>
      op.path.startsWith('/admin/users/{id}') && name === 'id' ? victim.id : pathValue(op.path, name),
    // Time zones, locales and currencies are checked against Intl: random strings are almost never one.
    examples: (op) =>
      op.id === 'PUT /admin/shop-settings'
        ? [
            {
              name: 'Fuzzed shop',
              currency: 'KWD',
              locale: 'ar-KW',
              timeZone: 'Asia/Kuwait',
              contactEmail: 'shop@example.com',
              address: {
                name: 'Fuzz WLL',
                street: 'Gulf Road 1',
                postcode: '13001',
                city: 'Kuwait City',
                country: 'KW',
              },
            },
          ]
        : [],
    writeMark: async () => String((await ctx.sql.query('select checksum from fuzz_state')).rows[0].checksum),
    renewIdentities: async () => {
      // POST /auth/logout with a bearer token ends that session; sign in again to keep fuzzing past auth.
      for (const [id, user] of accounts) {
        const me = await ctx.app.inject({ url: '/me', headers: id.headers });
        if (me.statusCode === 200) continue;
        const login = await ctx.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: user.email, password: user.password },
        });
        if (login.statusCode !== 200) throw new Error(`cannot sign ${id.name} in again: ${login.body}`);
        id.headers.authorization = `Bearer ${login.json().accessToken}`;
      }
    },
  };
  report = await fuzz(target, (await ctx.app.inject({ url: '/api-docs/json' })).json());
  console.log(summary(report));
}, 300_000);

afterAll(() => ctx?.close());

describe('backend-api under requests generated from its OpenAPI document', () => {
  it('covers every operation of /api-docs/json, past authentication on every guarded one', () => {
    expect(report.operations).toBeGreaterThanOrEqual(60);
    expect(report.neverPastAuth).toEqual([]);
  });

  it('sees the writes of accepted requests, so the check of refused ones could fail', () => {
    expect(report.writesSeen).toBeGreaterThan(0);
    expect(report.byClass['2xx']).toBeGreaterThan(0);
  });

  it('never answers 5xx, never 2xx to a request that breaks the contract, always a problem without internals, and writes nothing when it refuses', () => {
    expect(report.failures.map((f) => `${f.operation} [${f.field} ${f.kind}] ${f.problem}`)).toEqual([]);
  });
});
