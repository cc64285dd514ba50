import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCategory, makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

let ctx: TestApp;
let staff: TestUser;
beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const staffCall = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: staff.auth, ...(payload ? { payload } : {}) });

/** What the triggers keep, beside the same thing counted afresh from the variants. */
async function keptAndRecounted() {
  const order = 'order by product_id, key, name, value';
  const kept = await ctx.sql.query(
    `select product_id, key, name, value, variants from product_option_values ${order}`,
  );
  const recounted = await ctx.sql.query(
    `select v.product_id, lower(o.key) as key, o.key as name, o.value, count(*)::int as variants
     from variants v cross join lateral jsonb_each_text(v.options) o
     where v.active group by 1, 2, 3, 4 ${order}`,
  );
  return { kept: kept.rows, recounted: recounted.rows };
}

describe('option values kept for the facets', () => {
  it('follow every variant write: create, add, change options, deactivate, reactivate, move, delete', async () => {
    const coat = await makeProduct(ctx, staff, {
      variants: [
        { options: { Size: 'M', Colour: 'Red' } },
        { options: { size: 'M' } },
        { options: { size: 'L' } },
      ],
    });
    const scarf = await makeProduct(ctx, staff, { options: { Size: 'M' } });
    const steps: { kept: unknown[]; recounted: unknown[] }[] = [await keptAndRecounted()];
    expect(steps[0]!.kept.length).toBeGreaterThan(0);

    const added = await staffCall('POST', `/admin/products/${coat.id}/variants`, {
      sku: `ADDED-${coat.id.slice(0, 8)}`,
      options: { Size: 'M', Colour: 'Blue' },
      price: 1000,
    });
    expect(added.statusCode).toBe(201);
    steps.push(await keptAndRecounted());

    const [first, second] = coat.variants;
    expect(
      (await staffCall('PATCH', `/admin/variants/${first!.id}`, { options: { Size: 'XL', Fit: 'Slim' } }))
        .statusCode,
    ).toBe(200);
    steps.push(await keptAndRecounted());
    expect((await staffCall('DELETE', `/admin/variants/${second!.id}`)).statusCode).toBe(200);
    steps.push(await keptAndRecounted());
    expect((await staffCall('PATCH', `/admin/variants/${second!.id}`, { price: 1200 })).statusCode).toBe(200);
    steps.push(await keptAndRecounted());
    expect((await staffCall('PATCH', `/admin/variants/${second!.id}`, { active: true })).statusCode).toBe(
      200,
    );
    steps.push(await keptAndRecounted());

    // Writes no route makes, straight in SQL: a variant moved to another product, a product deleted.
    await ctx.sql.query('update variants set product_id = $1 where id = $2', [scarf.id, added.json().id]);
    steps.push(await keptAndRecounted());
    await ctx.sql.query('delete from products where id = $1', [coat.id]);
    steps.push(await keptAndRecounted());

    for (const step of steps) expect(step.kept).toEqual(step.recounted);
    const products = await ctx.sql.query('select distinct product_id from product_option_values');
    expect(products.rows.map((row) => row.product_id)).toEqual([scarf.id]);
  });

  it('count a product once per value whatever spellings its variants use, named as most variants spell it', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, {
      title: 'Spelt Jacket',
      categoryId: category.id,
      variants: [{ options: { Size: 'M' } }, { options: { size: 'M' } }, { options: { size: 'L' } }],
    });
    await makeProduct(ctx, staff, { title: 'Spelt Vest', categoryId: category.id, options: { Size: 'M' } });

    const body = (await ctx.app.inject({ url: `/catalog/products?category=${category.slug}` })).json();
    expect(body.facets.options).toHaveLength(1);
    const [size] = body.facets.options as { name: string; values: { value: string; count: number }[] }[];
    // M: two products (the jacket once, though two of its variants have it), spelt "Size" by two variants of three
    expect(size!.name).toBe('Size');
    expect([...size!.values].sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { value: 'L', count: 1 },
      { value: 'M', count: 2 },
    ]);
  });
});
