import type { ProductInput, Role, VariantInput } from '@shopstream/contracts';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { readConfig } from '../config';
import { hashPassword } from '../lib/passwords';
import { catalogNamespace, createCatalogCache } from '../modules/catalog/cache';
import { slugify } from '../modules/catalog/text';
import { createInventoryRepository } from '../modules/inventory/repository';
import { createDatabase } from './client';
import { addresses, categories, productImages, products, users, variants } from './schema';
import { seedCommerce } from './seed-commerce';

/** Demo accounts with fixed passwords, for local development and the e2e journeys only. */
export const DEMO_ACCOUNTS: { email: string; password: string; name: string; role: Role }[] = [
  { email: 'staff@shopstream.dev', password: 'staff-demo-password', name: 'Sam Staff', role: 'staff' },
  { email: 'alice@example.com', password: 'customer-demo-password', name: 'Alice Archer', role: 'customer' },
  { email: 'bob@example.com', password: 'customer-demo-password', name: 'Bob Baker', role: 'customer' },
  { email: 'carol@example.com', password: 'customer-demo-password', name: 'Carol Cooper', role: 'customer' },
  { email: 'dave@example.com', password: 'customer-demo-password', name: 'Dave Dyer', role: 'customer' },
];

interface Leaf {
  name: string;
  nouns: string[];
  /** Price range in cents. */
  price: [number, number];
  options: Record<string, string[]>;
  weight: number;
}

const clothingSizes = { size: ['S', 'M', 'L', 'XL'] };
const shoeSizes = { size: ['39', '40', '41', '42', '43', '44'] };
const TREE: Record<string, Leaf[]> = {
  Clothing: [
    {
      name: 'T-Shirts',
      nouns: ['T-Shirt', 'Tee', 'Pocket Tee'],
      price: [1500, 4500],
      options: { ...clothingSizes, colour: ['white', 'black', 'navy'] },
      weight: 180,
    },
    {
      name: 'Hoodies',
      nouns: ['Hoodie', 'Zip Hoodie', 'Sweatshirt'],
      price: [4500, 9500],
      options: { ...clothingSizes, colour: ['grey', 'black'] },
      weight: 600,
    },
    {
      name: 'Jackets',
      nouns: ['Jacket', 'Raincoat', 'Parka', 'Windbreaker'],
      price: [8900, 29900],
      options: { ...clothingSizes, colour: ['olive', 'black'] },
      weight: 900,
    },
    {
      name: 'Trousers',
      nouns: ['Chinos', 'Jeans', 'Joggers', 'Cargo Trousers'],
      price: [3900, 11900],
      options: { ...clothingSizes, colour: ['khaki', 'indigo'] },
      weight: 700,
    },
  ],
  Shoes: [
    {
      name: 'Sneakers',
      nouns: ['Sneakers', 'Running Sneakers', 'Court Sneakers', 'High-Top Sneakers'],
      price: [5900, 18900],
      options: { ...shoeSizes, colour: ['white', 'black'] },
      weight: 800,
    },
    {
      name: 'Boots',
      nouns: ['Boots', 'Chelsea Boots', 'Hiking Boots'],
      price: [8900, 24900],
      options: { ...shoeSizes },
      weight: 1400,
    },
    {
      name: 'Sandals',
      nouns: ['Sandals', 'Slides', 'Flip-Flops'],
      price: [1900, 7900],
      options: { ...shoeSizes },
      weight: 400,
    },
  ],
  Accessories: [
    {
      name: 'Bags',
      nouns: ['Backpack', 'Tote Bag', 'Duffel Bag', 'Messenger Bag'],
      price: [2900, 15900],
      options: { colour: ['black', 'sand', 'forest'] },
      weight: 900,
    },
    {
      name: 'Hats',
      nouns: ['Beanie', 'Cap', 'Bucket Hat'],
      price: [1500, 4500],
      options: { colour: ['black', 'red', 'grey'] },
      weight: 120,
    },
    {
      name: 'Socks',
      nouns: ['Socks', 'Hiking Socks', 'Ankle Socks'],
      price: [600, 1900],
      options: { size: ['36-40', '41-46'] },
      weight: 60,
    },
  ],
  Home: [
    {
      name: 'Mugs',
      nouns: ['Mug', 'Travel Mug', 'Espresso Cup'],
      price: [900, 3500],
      options: { colour: ['white', 'blue'] },
      weight: 350,
    },
    {
      name: 'Lamps',
      nouns: ['Desk Lamp', 'Floor Lamp', 'Pendant Lamp'],
      price: [3900, 19900],
      options: { colour: ['black', 'brass'] },
      weight: 2000,
    },
    {
      name: 'Cushions',
      nouns: ['Cushion', 'Throw Pillow', 'Floor Cushion'],
      price: [1900, 6900],
      options: { colour: ['rust', 'sage', 'cream'] },
      weight: 500,
    },
  ],
};
const ADJECTIVES = [
  'Classic',
  'Trail',
  'Urban',
  'Vintage',
  'Everyday',
  'Premium',
  'Lightweight',
  'Organic',
  'Recycled',
  'Heritage',
  'Coastal',
  'Alpine',
  'Studio',
  'Weekend',
  'Nordic',
  'Merino',
];
const MATERIALS: Record<string, string> = {
  Classic: 'cotton',
  Trail: 'ripstop nylon',
  Urban: 'canvas',
  Vintage: 'washed cotton',
  Everyday: 'jersey',
  Premium: 'leather',
  Lightweight: 'recycled polyester',
  Organic: 'organic cotton',
  Recycled: 'recycled fibres',
  Heritage: 'waxed canvas',
  Coastal: 'linen',
  Alpine: 'merino wool',
  Studio: 'ceramic',
  Weekend: 'fleece',
  Nordic: 'wool',
  Merino: 'merino wool',
};
const PRODUCTS_PER_LEAF = 17;

/** Deterministic pseudo-random numbers, so every seeded shop looks the same. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function combinations(options: Record<string, string[]>): Record<string, string>[] {
  return Object.entries(options).reduce<Record<string, string>[]>(
    (acc, [name, values]) => acc.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value }))),
    [{}],
  );
}

/** The demo products; their drawings are stored as paths of this API (catalog/image-urls.ts). */
export function demoCatalog() {
  const next = random(20261125);
  const result: { category: string; parent: string; product: ProductInput & { slug: string } }[] = [];
  for (const [parent, leaves] of Object.entries(TREE)) {
    for (const leaf of leaves) {
      for (let index = 0; index < PRODUCTS_PER_LEAF; index += 1) {
        const adjective = ADJECTIVES[index % ADJECTIVES.length]!;
        const noun = leaf.nouns[index % leaf.nouns.length]!;
        const title = `${adjective} ${noun}`;
        const slug = slugify(`${title} ${leaf.name} ${index + 1}`);
        const base = Math.round((leaf.price[0] + next() * (leaf.price[1] - leaf.price[0])) / 100) * 100 - 1;
        const onSale = next() < 0.2;
        const variantInputs: VariantInput[] = combinations(leaf.options).map((options, position) => ({
          sku: `${slugify(leaf.name).toUpperCase()}-${String(index + 1).padStart(3, '0')}-${position + 1}`,
          options,
          price: base,
          compareAtPrice: onSale ? Math.round(base * 1.25) : null,
          currency: 'EUR',
          weightGrams: leaf.weight,
          stockOnHand: next() < 0.15 ? 0 : Math.floor(next() * 40) + 1,
        }));
        const material = MATERIALS[adjective] ?? 'cotton';
        result.push({
          category: leaf.name,
          parent,
          product: {
            title,
            slug,
            description: `${title} made from ${material}. ${adjective} design for ${parent.toLowerCase()} lovers: durable, comfortable and easy to care for.`,
            status: index === PRODUCTS_PER_LEAF - 1 ? 'draft' : 'active',
            tags: [leaf.name.toLowerCase(), material, adjective.toLowerCase()],
            // A drawing of the product in each of its colours (modules/catalog/illustrations.ts).
            images: (leaf.options.colour ?? [null]).map((colour) =>
              colour
                ? {
                    url: `/catalog/placeholders/${slug}-${colour}.svg`,
                    alt: `${title} in ${colour}`,
                  }
                : { url: `/catalog/placeholders/${slug}.svg`, alt: title },
            ),
            variants: variantInputs,
          },
        });
      }
    }
  }
  return result;
}

export interface SeedOptions {
  adminEmail?: string;
  adminPassword?: string;
  /** Where to print the demo credentials; silent when omitted. */
  print?: (line: string) => void;
  /** Whether a generated admin password may be printed (never in production). */
  allowPrintingGeneratedPassword?: boolean;
}

/** Loads the demo shop. Idempotent: data that is already there is left as it is. */
export async function seed(databaseUrl: string, options: SeedOptions = {}) {
  const { db, pool } = createDatabase(databaseUrl, 2);
  const print = options.print ?? (() => {});
  try {
    const adminEmail = (options.adminEmail ?? 'admin@shopstream.dev').toLowerCase();
    const generated = !options.adminPassword;
    const adminPassword = options.adminPassword ?? `${crypto.randomUUID().slice(0, 18)}`;
    const createdAdmin = await db
      .insert(users)
      .values({
        email: adminEmail,
        name: 'Administrator',
        role: 'admin',
        passwordHash: await hashPassword(adminPassword),
      })
      .onConflictDoNothing()
      .returning({ id: users.id });

    for (const account of DEMO_ACCOUNTS) {
      const [created] = await db
        .insert(users)
        .values({
          email: account.email,
          name: account.name,
          role: account.role,
          passwordHash: await hashPassword(account.password),
        })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (created && account.role === 'customer') {
        await db.insert(addresses).values({
          userId: created.id,
          fullName: account.name,
          line1: `${10 + DEMO_ACCOUNTS.indexOf(account)} Market Street`,
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
          isDefault: true,
        });
      }
    }

    const catalog = demoCatalog();
    const inventory = createInventoryRepository(db);
    await db.transaction(async (tx) => {
      const parents = Object.keys(TREE);
      for (const [position, name] of parents.entries()) {
        await tx
          .insert(categories)
          .values({ name, slug: slugify(name), position })
          .onConflictDoNothing();
      }
      const parentRows = await tx.select({ id: categories.id, slug: categories.slug }).from(categories);
      const parentId = new Map(parentRows.map((row) => [row.slug, row.id]));
      for (const [parent, leaves] of Object.entries(TREE)) {
        for (const [position, leaf] of leaves.entries()) {
          await tx
            .insert(categories)
            .values({
              name: leaf.name,
              slug: slugify(leaf.name),
              parentId: parentId.get(slugify(parent))!,
              position,
            })
            .onConflictDoNothing();
        }
      }
      const allCategories = await tx.select({ id: categories.id, slug: categories.slug }).from(categories);
      const categoryId = new Map(allCategories.map((row) => [row.slug, row.id]));
      const existing = new Set(
        (await tx.select({ slug: products.slug }).from(products)).map((row) => row.slug),
      );

      for (const [index, { category, product }] of catalog.entries()) {
        if (existing.has(product.slug)) continue;
        const [row] = await tx
          .insert(products)
          .values({
            slug: product.slug,
            title: product.title,
            description: product.description,
            status: product.status,
            categoryId: categoryId.get(slugify(category))!,
            tags: product.tags,
            // spread over the last months so "newest" means something
            createdAt: sql`now() - ${`${catalog.length - index} hours`}::interval`,
          })
          .returning({ id: products.id });
        const written = await tx
          .insert(variants)
          .values(
            product.variants.map((variant, position) => ({
              productId: row!.id,
              sku: variant.sku,
              title: Object.values(variant.options).join(' / '),
              options: variant.options,
              price: variant.price,
              compareAtPrice: variant.compareAtPrice ?? null,
              currency: variant.currency,
              weightGrams: variant.weightGrams ?? null,
              position,
            })),
          )
          .returning({ id: variants.id, sku: variants.sku });
        // Inventory owns stock: its repository writes the levels, in the seed's transaction.
        const onHand = new Map(product.variants.map((variant) => [variant.sku, variant.stockOnHand]));
        await inventory.createLevels(
          tx,
          written.map((variant) => ({ variantId: variant.id, stockOnHand: onHand.get(variant.sku) ?? 0 })),
        );
        await tx.insert(productImages).values(
          product.images.map((image, position) => ({
            productId: row!.id,
            url: image.url,
            alt: image.alt,
            position,
          })),
        );
      }
    });

    const commerce = await seedCommerce(
      db,
      DEMO_ACCOUNTS.filter((a) => a.role === 'customer').map((a) => a.email),
    );
    if (commerce.orders > 0)
      print(`Demo orders: ${commerce.orders}; discount codes WELCOME10 (10 %) and SAVE5 (5 EUR off 25 EUR)`);

    print('Demo accounts:');
    if (createdAdmin.length > 0 && generated && options.allowPrintingGeneratedPassword) {
      print(`  admin    ${adminEmail} / ${adminPassword}   (generated; shown this once)`);
    } else {
      print(`  admin    ${adminEmail} / (ADMIN_PASSWORD, or the password printed when it was first created)`);
    }
    for (const account of DEMO_ACCOUNTS)
      print(`  ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
    return { products: catalog.length, createdAdmin: createdAdmin.length > 0 };
  } finally {
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = readConfig();
  await seed(config.DATABASE_URL, {
    ...(config.ADMIN_EMAIL ? { adminEmail: config.ADMIN_EMAIL } : {}),
    ...(config.ADMIN_PASSWORD ? { adminPassword: config.ADMIN_PASSWORD } : {}),
    allowPrintingGeneratedPassword: config.NODE_ENV !== 'production',
    print: (line) => console.log(line),
  });
  // The seed writes straight to the database: make the API's cached catalog reads miss.
  const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX, maxRetriesPerRequest: 1 });
  await createCatalogCache(redis, 1, catalogNamespace(config.DATABASE_URL))
    .invalidate()
    .finally(() => redis.disconnect());
  console.log('demo data in place');
}
