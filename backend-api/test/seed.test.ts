import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, seed } from '../src/db/seed';
import { startTestApp, type TestApp } from './support/test-app';

let ctx: TestApp;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx?.close());

const count = async (table: string) =>
  (await ctx.sql.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

describe('demo seed', () => {
  it('loads a demo shop once and leaves it as it is when run again', async () => {
    const printed: string[] = [];
    const first = await seed(ctx.databaseUrl, {
      print: (line) => printed.push(line),
      allowPrintingGeneratedPassword: true,
    });
    expect(first.createdAdmin).toBe(true);
    expect(printed.join('\n')).toMatch(/admin@shopstream\.dev \/ \S+ +\(generated; shown this once\)/);
    const counts = {
      products: await count('products'),
      variants: await count('variants'),
      users: await count('users'),
    };
    expect(counts.products).toBeGreaterThanOrEqual(200);
    expect(await ctx.sql.query(`select 1 from products where status = 'active'`)).toHaveProperty(
      'rowCount',
      expect.toSatisfy((n: number) => n >= 200),
    );
    expect(counts.users).toBe(DEMO_ACCOUNTS.length + 1);
    expect(
      (await ctx.sql.query('select count(distinct category_id)::int as n from products')).rows[0].n,
    ).toBeGreaterThanOrEqual(10);
    expect(
      (await ctx.sql.query('select count(*)::int as n from inventory_levels where stock_on_hand = 0')).rows[0]
        .n,
    ).toBeGreaterThan(0);

    const ordersAfterFirst = await count('orders');
    expect(ordersAfterFirst).toBeGreaterThanOrEqual(12);
    const again: string[] = [];
    const second = await seed(ctx.databaseUrl, {
      print: (line) => again.push(line),
      allowPrintingGeneratedPassword: true,
    });
    expect(second.createdAdmin).toBe(false);
    expect(
      (
        await ctx.sql.query(
          'select status::text, count(*)::int as n from orders group by status order by status',
        )
      ).rows,
    ).toEqual(
      expect.arrayContaining([
        { status: 'paid', n: expect.any(Number) },
        { status: 'fulfilled', n: expect.any(Number) },
        { status: 'delivered', n: expect.any(Number) },
        { status: 'cancelled', n: expect.any(Number) },
      ]),
    );
    expect((await ctx.sql.query('select code from discount_codes order by code')).rows).toEqual([
      { code: 'SAVE5' },
      { code: 'WELCOME10' },
    ]);
    expect(again.join('\n')).not.toMatch(/generated; shown this once/);
    expect({
      products: await count('products'),
      variants: await count('variants'),
      users: await count('users'),
      orders: await count('orders'),
    }).toEqual({ ...counts, orders: ordersAfterFirst });
  });

  it('lets the demo staff account sign in and finds seeded sneakers for "snekaers"', async () => {
    const staff = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: staff.email, password: staff.password },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe('staff');

    const search = (await ctx.app.inject({ url: '/catalog/products?q=snekaers&limit=50' })).json();
    expect(search.items.length).toBeGreaterThan(5);
    expect(search.items.every((item: { title: string }) => /sneakers/i.test(item.title))).toBe(true);
    expect(search.facets.categories[0]).toMatchObject({ slug: 'sneakers' });
  });
});
