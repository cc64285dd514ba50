// Issue 13: every module owns its tables, and only its code writes them. Reads across modules are allowed
// (the storefront reads stock, inventory reads SKUs); writes go through the owner's functions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../src/db/schema';

/** Table → the module (a directory under src/modules) that owns it. Declared here once. */
const OWNERS: Record<string, string> = {
  users: 'accounts',
  sessions: 'accounts',
  refresh_tokens: 'accounts',
  addresses: 'accounts',
  account_tokens: 'accounts',
  categories: 'catalog',
  products: 'catalog',
  variants: 'catalog',
  product_images: 'catalog',
  search_terms: 'catalog',
  /** Written only by catalog's triggers on variants (migration 0012): the option facet counts. */
  product_option_values: 'catalog',
  inventory_levels: 'inventory',
  stock_adjustments: 'inventory',
  carts: 'carts',
  cart_items: 'carts',
  discount_codes: 'discounts',
  shipping_options: 'shipping',
  orders: 'orders',
  order_lines: 'orders',
  order_events: 'orders',
  checkout_requests: 'orders',
  outbox: 'outbox',
  customer_notes: 'customers',
  mail_outbox: 'mail',
  payment_events: 'payments',
  refunds: 'refunds',
  refund_lines: 'refunds',
  returns: 'returns',
  return_lines: 'returns',
  shop_settings: 'settings',
};

const MODULES = join(import.meta.dirname, '../src/modules');

/** Drizzle export name → table name, for every table of the schema. */
const TABLES = new Map(
  Object.entries(schema)
    .filter(([, value]) => is(value, PgTable))
    .map(([name, table]) => [name, getTableName(table as PgTable)]),
);
const TABLE_NAMES = new Set(TABLES.values());

interface Write {
  table: string;
  line: number;
  text: string;
}

/** Comments out of the way (a comment may say "update the order"), line numbers kept. */
const withoutComments = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\w])\/\/.*$/gm, '$1');

/**
 * The tables a source file writes: Drizzle's `.insert(t)`, `.update(t)`, `.delete(t)` (t a schema table,
 * under an import alias or as `schema.t`), and raw SQL `insert into t`, `update t`, `delete from t`,
 * `truncate t`, with t a table name or an interpolated schema table.
 */
function writesOf(source: string): Write[] {
  const code = withoutComments(source);
  const local = new Map<string, string>();
  for (const [name] of TABLES) local.set(name, name);
  for (const match of code.matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"][./]*(?:\.\.\/)*db\/schema['"]/g,
  )) {
    for (const part of match[1]!.split(',')) {
      const [exported, alias] = part.trim().split(/\s+as\s+/);
      if (exported && alias && TABLES.has(exported)) local.set(alias, exported);
    }
  }
  const tableOf = (identifier: string) => {
    const name = identifier.replace(/^schema\./, '');
    const exported = local.get(name);
    return exported ? TABLES.get(exported) : undefined;
  };
  const lineOf = (index: number) => code.slice(0, index).split('\n').length;
  const writes: Write[] = [];
  const add = (table: string | undefined, index: number, text: string) => {
    if (table) writes.push({ table, line: lineOf(index), text: text.replace(/\s+/g, ' ') });
  };
  for (const match of code.matchAll(/\.(?:insert|update|delete)\(\s*([\w$.]+)\s*\)/g)) {
    add(tableOf(match[1]!), match.index, match[0]);
  }
  for (const match of code.matchAll(
    /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+(?:"([a-z_]+)"|([a-z_]+)\b|\$\{\s*([\w$.]+)\s*\})/gi,
  )) {
    const [text, quoted, bare, interpolated] = match;
    const named = (quoted ?? bare)?.toLowerCase();
    add(
      interpolated ? tableOf(interpolated) : TABLE_NAMES.has(named ?? '') ? named : undefined,
      match.index,
      text,
    );
  }
  return writes;
}

/** Every production source file of every module (tests may set up any table). */
function moduleSources() {
  const files: { module: string; path: string }[] = [];
  const walk = (module: string, directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(module, path);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push({ module, path });
    }
  };
  for (const entry of readdirSync(MODULES, { withFileTypes: true })) {
    if (entry.isDirectory()) walk(entry.name, join(MODULES, entry.name));
  }
  return files;
}

/** "module file:line writes table (owned by owner)" for every write of a table another module owns. */
function violations() {
  return moduleSources().flatMap(({ module, path }) =>
    writesOf(readFileSync(path, 'utf8'))
      .filter((write) => OWNERS[write.table] !== module)
      .map(
        (write) =>
          `${module}: ${relative(MODULES, path)}:${write.line} writes ${write.table} (owned by ${OWNERS[write.table] ?? 'nobody'}): ${write.text}`,
      ),
  );
}

describe('table ownership', () => {
  it('gives every table of the schema exactly one owning module that exists', () => {
    const modules = new Set(moduleSources().map((file) => file.module));
    expect([...TABLE_NAMES].sort()).toEqual(Object.keys(OWNERS).sort());
    expect(Object.values(OWNERS).filter((owner) => !modules.has(owner))).toEqual([]);
  });

  it('finds writes however they are spelled, and no reads', () => {
    const source = `
      import { inventoryLevels as levels, variants } from '../../db/schema';
      // update variants set price = 0 (a comment, not a write)
      await tx.update(levels).set({ stockOnHand: 1 });
      await db.insert(variants).values(row);
      await tx.delete(schema.carts).where(x);
      await db.execute(sql\`insert into order_lines (id) values (1)\`);
      await db.execute(sql\`UPDATE "orders" set status = 'paid'\`);
      await db.execute(sql\`delete from \${variants} where true\`);
      await db.select().from(products).where(sql\`exists (select 1 from inventory_levels)\`);
      const hash = createHash('sha256').update(token).digest();
    `;
    expect(writesOf(source).map((write) => [write.table, write.line])).toEqual([
      ['inventory_levels', 4],
      ['variants', 5],
      ['carts', 6],
      ['order_lines', 7],
      ['orders', 8],
      ['variants', 9],
    ]);
  });

  it("sees each module's writes of its own tables (the scan reads the real sources)", () => {
    const written = new Map<string, Set<string>>();
    for (const { module, path } of moduleSources()) {
      for (const write of writesOf(readFileSync(path, 'utf8'))) {
        written.set(module, (written.get(module) ?? new Set()).add(write.table));
      }
    }
    expect([...(written.get('inventory') ?? [])].sort()).toEqual(['inventory_levels', 'stock_adjustments']);
    expect(written.get('catalog')).toEqual(new Set(['categories', 'product_images', 'products', 'variants']));
    expect(written.get('orders')).toContain('orders');
  });

  it('has no module writing a table another module owns', () => {
    expect(violations()).toEqual([]);
  });
});
