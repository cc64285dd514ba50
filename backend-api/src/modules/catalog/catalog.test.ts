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

const get = (url: string) => ctx.app.inject({ url });
const staffCall = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: staff.auth, ...(payload ? { payload } : {}) });
const titles = (body: { items: { title: string }[] }) => body.items.map((item) => item.title);

describe('search', () => {
  it('finds sneakers for the typo "snekaers", says what it searched and highlights the match', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, { title: 'Trail Running Sneakers', categoryId: category.id });
    await makeProduct(ctx, staff, { title: 'Wool Beanie', categoryId: category.id });

    const response = await get(`/catalog/products?q=snekaers&category=${category.slug}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(titles(body)).toEqual(['Trail Running Sneakers']);
    expect(body.correctedQuery).toBe('sneakers');
    expect(body.items[0].highlight.title).toBe('Trail Running <mark>Sneakers</mark>');
  });

  it('ranks a title match above a description match', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, {
      title: 'Canvas Tote',
      description: 'Carry your raincoat anywhere.',
      categoryId: category.id,
    });
    await makeProduct(ctx, staff, {
      title: 'Yellow Raincoat',
      description: 'Keeps you dry.',
      categoryId: category.id,
    });
    const body = (await get(`/catalog/products?q=raincoat&category=${category.slug}`)).json();
    expect(titles(body)).toEqual(['Yellow Raincoat', 'Canvas Tote']);
    expect(body.correctedQuery).toBeNull();
  });

  it('pages through search results by relevance without repeats or gaps', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, { title: 'Lantern', categoryId: category.id });
    await makeProduct(ctx, staff, { title: 'Camping Lantern Lantern', categoryId: category.id });
    await makeProduct(ctx, staff, {
      title: 'Tent',
      description: 'Hang a lantern inside.',
      categoryId: category.id,
    });
    await makeProduct(ctx, staff, { title: 'Solar Lantern', categoryId: category.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { title: string }[]; nextCursor: string | null } = (
        await get(
          `/catalog/products?q=lantern&category=${category.slug}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...titles(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(seen[0]).toBe('Camping Lantern Lantern');
    expect(seen[3]).toBe('Tent');
  });

  it('escapes markup in highlights so only <mark> is HTML', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, { title: 'Umbrella <script>alert(1)</script>', categoryId: category.id });
    const body = (await get(`/catalog/products?q=umbrella&category=${category.slug}`)).json();
    expect(body.items[0].highlight.title).toBe('<mark>Umbrella</mark> &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('counts facets over the current query: categories, option values and price buckets', async () => {
    const parent = await makeCategory(ctx, staff, { name: 'Facet Shoes' });
    const child = await makeCategory(ctx, staff, { name: 'Facet Boots', parentId: parent.id });
    await makeProduct(ctx, staff, {
      title: 'Leather Hiking Boot',
      categoryId: child.id,
      variants: [
        { options: { size: '42', colour: 'brown' }, price: 12_900 },
        { options: { size: '43', colour: 'brown' }, price: 12_900 },
      ],
    });
    await makeProduct(ctx, staff, {
      title: 'Leather Loafer',
      categoryId: parent.id,
      variants: [{ options: { size: '42', colour: 'black' }, price: 4_500 }],
    });
    await makeProduct(ctx, staff, { title: 'Canvas Loafer', categoryId: parent.id, price: 3_000 });

    const body = (await get(`/catalog/products?q=leather&category=${parent.slug}`)).json();
    expect(titles(body).sort()).toEqual(['Leather Hiking Boot', 'Leather Loafer']);
    expect(body.facets.categories).toEqual([
      { slug: child.slug, name: 'Facet Boots', count: 1 },
      { slug: parent.slug, name: 'Facet Shoes', count: 1 },
    ]);
    expect(body.facets.options).toEqual([
      {
        name: 'colour',
        values: [
          { value: 'black', count: 1 },
          { value: 'brown', count: 1 },
        ],
      },
      {
        name: 'size',
        values: [
          { value: '42', count: 2 },
          { value: '43', count: 1 },
        ],
      },
    ]);
    expect(body.facets.prices).toEqual([
      { min: 0, max: 2500, count: 0 },
      { min: 2500, max: 5000, count: 1 },
      { min: 5000, max: 10000, count: 0 },
      { min: 10000, max: 20000, count: 1 },
      { min: 20000, max: null, count: 0 },
    ]);
  });

  it('keeps the other values of a selected option and the other price buckets countable', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, {
      title: 'Picked Shirt',
      categoryId: category.id,
      variants: [
        { options: { size: 'S', colour: 'red' }, price: 1_000 },
        { options: { size: 'M', colour: 'blue' }, price: 1_000 },
      ],
    });
    await makeProduct(ctx, staff, {
      title: 'Other Shirt',
      categoryId: category.id,
      options: { size: 'L', colour: 'red' },
      price: 6_000,
    });
    await makeProduct(ctx, staff, {
      title: 'Third Shirt',
      categoryId: category.id,
      options: { size: 'M', colour: 'green' },
      price: 1_500,
    });

    const body = (
      await get(`/catalog/products?category=${category.slug}&option=size:S&maxPrice=2000`)
    ).json();
    expect(titles(body)).toEqual(['Picked Shirt']);
    const facet = (name: string) =>
      body.facets.options
        .find((o: { name: string }) => o.name === name)
        ?.values.map((v: { value: string; count: number }) => [v.value, v.count]);
    // sizes ignore the size filter (M counts Third Shirt too) but keep the price range (no L at 60.00)
    expect(facet('size').sort()).toEqual([
      ['M', 2],
      ['S', 1],
    ]);
    expect(facet('colour').sort()).toEqual([
      ['blue', 1],
      ['red', 1],
    ]);
    const buckets = body.facets.prices.map((b: { min: number; count: number }) => [b.min, b.count]);
    expect(buckets.filter(([, count]: [number, number]) => count > 0)).toEqual([[0, 1]]);
  });
});

describe('listing', () => {
  it('filters by category with its descendants, price range, option values and stock', async () => {
    const root = await makeCategory(ctx, staff);
    const leaf = await makeCategory(ctx, staff, { parentId: root.id });
    await makeProduct(ctx, staff, {
      title: 'Cheap Shirt',
      categoryId: root.id,
      price: 1_000,
      options: { size: 'S' },
    });
    await makeProduct(ctx, staff, {
      title: 'Mid Shirt',
      categoryId: leaf.id,
      price: 3_000,
      options: { size: 'M' },
    });
    await makeProduct(ctx, staff, {
      title: 'Dear Shirt',
      categoryId: leaf.id,
      price: 9_000,
      options: { size: 'L' },
      stock: 0,
    });

    const list = async (query: string) =>
      titles((await get(`/catalog/products?category=${root.slug}&${query}`)).json()).sort();
    expect(await list('')).toEqual(['Cheap Shirt', 'Dear Shirt', 'Mid Shirt']);
    expect(titles((await get(`/catalog/products?category=${leaf.slug}`)).json()).sort()).toEqual([
      'Dear Shirt',
      'Mid Shirt',
    ]);
    expect(await list('minPrice=2000&maxPrice=9000')).toEqual(['Dear Shirt', 'Mid Shirt']);
    expect(await list('option=size:S&option=size:L')).toEqual(['Cheap Shirt', 'Dear Shirt']);
    expect(await list('inStock=true')).toEqual(['Cheap Shirt', 'Mid Shirt']);
    expect(await list('inStock=false')).toEqual(['Dear Shirt']);
    expect((await get(`/catalog/products?option=size`)).statusCode).toBe(400);
    expect((await get(`/catalog/products?minPrice=500&maxPrice=100`)).statusCode).toBe(400);
  });

  it('lists as out of stock, for staff, only products none of whose active variants has a unit left', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, {
      title: 'Half Sold Boots',
      categoryId: category.id,
      variants: [{ stockOnHand: 0 }, { options: { size: 'L' }, stockOnHand: 3 }],
    });
    await makeProduct(ctx, staff, { title: 'Sold Out Boots', categoryId: category.id, stock: 0 });
    await makeProduct(ctx, staff, {
      title: 'Draft Boots',
      categoryId: category.id,
      status: 'draft',
      stock: 0,
    });
    const staffList = async (query: string) =>
      titles((await staffCall('GET', `/admin/products?category=${category.slug}&${query}`)).json()).sort();
    expect(await staffList('inStock=false')).toEqual(['Draft Boots', 'Sold Out Boots']);
    expect(await staffList('inStock=true')).toEqual(['Half Sold Boots']);
    expect(await staffList('inStock=false&status=active')).toEqual(['Sold Out Boots']);
  });

  it('takes option names as staff type them, keeps them for display and matches them without regard to case', async () => {
    const category = await makeCategory(ctx, staff);
    const coat = await makeProduct(ctx, staff, {
      title: 'Typed Coat',
      categoryId: category.id,
      variants: [{ options: { Size: 'M', 'Shoe size': '42', Colour: 'Red' } }],
    });
    expect(coat.variants[0]!.options).toEqual({ Size: 'M', 'Shoe size': '42', Colour: 'Red' });
    await makeProduct(ctx, staff, { title: 'Lower Coat', categoryId: category.id, options: { size: 'L' } });

    const list = async (query: string) =>
      (await get(`/catalog/products?category=${category.slug}&${query}`)).json();
    expect(titles(await list('option=size:M'))).toEqual(['Typed Coat']);
    expect(titles(await list('option=SIZE:L&option=Size:M')).sort()).toEqual(['Lower Coat', 'Typed Coat']);
    expect(titles(await list('option=shoe%20size:42'))).toEqual(['Typed Coat']);
    const facets = (await list('')).facets.options as { name: string; values: { value: string }[] }[];
    const size = facets.find((facet) => facet.name.toLowerCase() === 'size');
    expect(size?.values.map((v) => v.value).sort()).toEqual(['L', 'M']);
    expect(facets.filter((facet) => facet.name.toLowerCase() === 'size')).toHaveLength(1);
    expect(facets.map((facet) => facet.name)).toEqual(expect.arrayContaining(['Colour', 'Shoe size']));

    const twice = await staffCall('POST', `/admin/products/${coat.id}/variants`, {
      sku: `TWICE-${Date.now()}`,
      options: { Size: 'S', size: 'S' },
      price: 1000,
    });
    expect(twice.statusCode).toBe(400);
    const separator = await staffCall('POST', `/admin/products/${coat.id}/variants`, {
      sku: `SEP-${Date.now()}`,
      options: { 'a:b': 'S' },
      price: 1000,
    });
    expect(separator.statusCode).toBe(400);
  });

  it('sorts by price both ways and pages through everything with a cursor, without repeats', async () => {
    const category = await makeCategory(ctx, staff);
    const prices = [5_00, 25_00, 15_00, 35_00, 45_00];
    for (const [index, price] of prices.entries()) {
      await makeProduct(ctx, staff, { title: `Sortable ${index}`, categoryId: category.id, price });
    }
    const walk = async (sort: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { price: { min: number } }[]; nextCursor: string | null } = (
          await get(
            `/catalog/products?category=${category.slug}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          )
        ).json();
        seen.push(...page.items.map((item: { price: { min: number } }) => item.price.min));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk('price_asc')).toEqual([...prices].sort((a, b) => a - b));
    expect(await walk('price_desc')).toEqual([...prices].sort((a, b) => b - a));
    expect(await walk('newest')).toEqual([...prices].reverse());
    expect((await get(`/catalog/products?cursor=not-a-cursor`)).statusCode).toBe(400);
  });

  it('shows only active products to shoppers and every status to staff', async () => {
    const category = await makeCategory(ctx, staff);
    await makeProduct(ctx, staff, { title: 'Live One', categoryId: category.id });
    await makeProduct(ctx, staff, { title: 'Draft One', categoryId: category.id, status: 'draft' });
    expect(titles((await get(`/catalog/products?category=${category.slug}`)).json())).toEqual(['Live One']);
    const staffList = await staffCall('GET', `/admin/products?category=${category.slug}`);
    expect(titles(staffList.json()).sort()).toEqual(['Draft One', 'Live One']);
    const drafts = await staffCall('GET', `/admin/products?category=${category.slug}&status=draft`);
    expect(titles(drafts.json())).toEqual(['Draft One']);
  });
});

describe('product detail and related products', () => {
  it('answers an active product by slug with its variants and images, and 404 for a draft', async () => {
    const product = await makeProduct(ctx, staff, {
      title: 'Detail Jacket',
      images: [{ url: 'https://cdn.example.com/jacket.jpg', alt: 'Jacket' }],
      variants: [
        { options: { size: 'M' }, price: 9_900, compareAtPrice: 12_900 },
        { options: { size: 'L' }, stockOnHand: 0 },
      ],
    });
    const response = await get(`/catalog/products/${product.slug}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.images).toEqual([
      expect.objectContaining({ url: 'https://cdn.example.com/jacket.jpg', alt: 'Jacket' }),
    ]);
    expect(body.variants.map((v: { price: number; inStock: boolean }) => [v.price, v.inStock])).toEqual([
      [9_900, true],
      [1_999, false],
    ]);
    expect(body.variants[0]).not.toHaveProperty('stockOnHand');
    expect(body.variants[0].compareAtPrice).toBe(12_900);

    const draft = await makeProduct(ctx, staff, { status: 'draft' });
    expect((await get(`/catalog/products/${draft.slug}`)).statusCode).toBe(404);
    expect((await get('/catalog/products/no-such-thing')).statusCode).toBe(404);
  });

  it('suggests other active products of the same category', async () => {
    const category = await makeCategory(ctx, staff);
    const other = await makeCategory(ctx, staff);
    const main = await makeProduct(ctx, staff, { title: 'Main Mug', categoryId: category.id });
    await makeProduct(ctx, staff, { title: 'Sibling Mug', categoryId: category.id });
    await makeProduct(ctx, staff, { title: 'Hidden Mug', categoryId: category.id, status: 'draft' });
    await makeProduct(ctx, staff, { title: 'Stranger Plate', categoryId: other.id });
    const related = await get(`/catalog/products/${main.slug}/related`);
    expect(titles(related.json())).toEqual(['Sibling Mug']);
  });
});

describe('staff catalog management', () => {
  it('edits a product, its variants and images, and archives it out of the shop', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Editable Lamp', price: 5_000 });
    const renamed = await staffCall('PATCH', `/admin/products/${product.id}`, {
      title: 'Desk Lamp',
      tags: ['light'],
    });
    expect(renamed.json()).toMatchObject({ title: 'Desk Lamp', tags: ['light'] });

    const added = await staffCall('POST', `/admin/products/${product.id}/variants`, {
      sku: `LAMP-${product.id.slice(0, 6)}`,
      options: { colour: 'green' },
      price: 5_500,
      stockOnHand: 3,
    });
    expect(added.statusCode).toBe(201);
    const duplicate = await staffCall('POST', `/admin/products/${product.id}/variants`, {
      sku: added.json().sku,
      price: 1,
    });
    expect(duplicate.statusCode).toBe(409);

    const repriced = await staffCall('PATCH', `/admin/variants/${added.json().id}`, {
      price: 4_900,
      stockOnHand: 0,
    });
    expect(repriced.json()).toMatchObject({ price: 4_900, stockOnHand: 0, inStock: false });

    const image = await staffCall('POST', `/admin/products/${product.id}/images`, {
      url: 'https://cdn.example.com/lamp.png',
      alt: 'Lamp',
    });
    expect(image.statusCode).toBe(201);
    expect((await get(`/catalog/products/${product.slug}`)).json().images).toHaveLength(1);
    const retitled = await staffCall('PATCH', `/admin/products/${product.id}/images/${image.json().id}`, {
      alt: 'Green lamp',
    });
    expect(retitled.json()).toMatchObject({ alt: 'Green lamp' });
    expect((await get(`/catalog/products/${product.slug}`)).json().images[0].alt).toBe('Green lamp');
    expect(
      (await staffCall('DELETE', `/admin/products/${product.id}/images/${image.json().id}`)).statusCode,
    ).toBe(204);

    expect((await staffCall('DELETE', `/admin/variants/${added.json().id}`)).json().active).toBe(false);
    expect((await get(`/catalog/products/${product.slug}`)).json().variants).toHaveLength(1);

    const archived = await staffCall('DELETE', `/admin/products/${product.id}`);
    expect(archived.json().status).toBe('archived');
    expect((await get(`/catalog/products/${product.slug}`)).statusCode).toBe(404);
    expect((await staffCall('GET', `/admin/products/${product.id}`)).json().status).toBe('archived');
  });

  it('refuses a duplicate slug and an unknown category', async () => {
    const product = await makeProduct(ctx, staff);
    const clash = await staffCall('POST', '/admin/products', {
      title: 'Anything',
      slug: product.slug,
      variants: [{ sku: `X-${product.id.slice(0, 8)}`, price: 100 }],
    });
    expect(clash.statusCode).toBe(409);
    const unknown = await staffCall('POST', '/admin/products', {
      title: 'Anything',
      categoryId: '00000000-0000-4000-8000-000000000000',
      variants: [{ sku: `Y-${product.id.slice(0, 8)}`, price: 100 }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.categoryId');
  });

  it('keeps the category tree: nests, refuses cycles, refuses deleting a category in use', async () => {
    const root = await makeCategory(ctx, staff, { name: 'Tree Root' });
    const child = await makeCategory(ctx, staff, { name: 'Tree Child', parentId: root.id });
    const tree = (await get('/catalog/categories')).json().items as {
      id: string;
      depth: number;
      parentId: string | null;
    }[];
    const rootIndex = tree.findIndex((c) => c.id === root.id);
    expect(tree[rootIndex + 1]).toMatchObject({ id: child.id, depth: 1, parentId: root.id });

    const other = await makeCategory(ctx, staff, { name: 'Tree Other' });
    const moved = await staffCall('PATCH', `/admin/categories/${other.id}`, {
      name: 'Tree Leaf',
      parentId: child.id,
      position: 3,
    });
    expect(moved.json()).toMatchObject({ name: 'Tree Leaf', parentId: child.id, position: 3 });
    const after = (await get('/catalog/categories')).json().items as { id: string; depth: number }[];
    expect(after.find((c) => c.id === other.id)?.depth).toBe(2);
    expect((await staffCall('DELETE', `/admin/categories/${other.id}`)).statusCode).toBe(204);

    const cycle = await staffCall('PATCH', `/admin/categories/${root.id}`, { parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect((await staffCall('DELETE', `/admin/categories/${root.id}`)).statusCode).toBe(409);
    expect((await staffCall('DELETE', `/admin/categories/${child.id}`)).statusCode).toBe(204);
    expect((await staffCall('DELETE', `/admin/categories/${root.id}`)).statusCode).toBe(204);
  });
});

describe('cache', () => {
  it('serves repeated anonymous reads from Redis and shows a write on the very next read', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Cached Kettle', price: 3_000 });
    const url = `/catalog/products/${product.slug}`;
    const first = await get(url);
    const second = await get(url);
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());

    await staffCall('PATCH', `/admin/variants/${product.variants[0]!.id}`, { price: 2_500 });
    const afterWrite = await get(url);
    expect(afterWrite.headers['x-cache']).toBe('miss');
    expect(afterWrite.json().variants[0].price).toBe(2_500);

    const list = `/catalog/products?q=kettle`;
    await get(list);
    expect((await get(list)).headers['x-cache']).toBe('hit');
    await staffCall('PATCH', `/admin/products/${product.id}`, { status: 'draft' });
    expect((await get(list)).json().items).toEqual([]);
  });

  it('lists a product created after a search was cached on the very next read of that search', async () => {
    const category = await makeCategory(ctx, staff);
    const search = `/catalog/products?q=teapot&category=${category.slug}`;
    await makeProduct(ctx, staff, { title: 'Iron Teapot', categoryId: category.id });
    await get(search);
    expect((await get(search)).headers['x-cache']).toBe('hit');
    await makeProduct(ctx, staff, { title: 'Glass Teapot', categoryId: category.id });
    const next = await get(search);
    expect(next.headers['x-cache']).toBe('miss');
    expect(titles(next.json()).sort()).toEqual(['Glass Teapot', 'Iron Teapot']);
    const listing = `/catalog/products?category=${category.slug}`;
    await get(listing);
    await makeProduct(ctx, staff, { title: 'Clay Teapot', categoryId: category.id });
    expect(titles((await get(listing)).json())).toContain('Clay Teapot');
  });
});

it('draws an SVG placeholder picture for demo products', async () => {
  const response = await get('/catalog/placeholders/trail-running-sneakers.svg');
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
  expect(response.body).toContain('trail running sneakers');
  expect((await get('/catalog/placeholders/<script>.svg')).statusCode).toBe(400);
});

it('stores its own images as paths, so a second API on the same database answers them on its own address', async () => {
  const own = `${ctx.config.PUBLIC_URL}/uploads/own-photo.webp`;
  const elsewhere = 'https://cdn.example.com/uploads/their-photo.webp';
  const product = await makeProduct(ctx, staff, {
    images: [
      { url: own, alt: 'ours' },
      { url: elsewhere, alt: 'theirs' },
    ],
  });
  const stored = await ctx.sql.query<{ url: string }>(
    'select url from product_images where product_id = $1 order by position',
    [product.id],
  );
  expect(stored.rows.map((row) => row.url)).toEqual(['/uploads/own-photo.webp', elsewhere]);
  expect(product.images.map((image) => image.url)).toEqual([own, elsewhere]);

  const other = await startTestApp({ PUBLIC_URL: 'http://localhost:4999', DATABASE_URL: ctx.databaseUrl });
  try {
    const detail = await other.app.inject({ url: `/catalog/products/${product.slug}` });
    expect(detail.json().images.map((image: { url: string }) => image.url)).toEqual([
      'http://localhost:4999/uploads/own-photo.webp',
      elsewhere,
    ]);
  } finally {
    await other.close();
  }
});
