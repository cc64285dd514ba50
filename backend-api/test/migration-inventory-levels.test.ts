// Migration 0011 on a database that has stock in variants (the demo's, a shop's): every unit moves to
// inventory_levels and the check constraints hold there.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client';
import { migrationsFolder, runMigrations } from '../src/db/migrate';

const SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const name = `ecommerce_test_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${SERVER_URL}/${name}`;
const admin = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
const sql = new pg.Pool({ connectionString: databaseUrl, max: 1 });
sql.on('error', () => {});

/** The migrations folder as it was before 0011: the same files, the journal cut after 0010. */
function migrationsBefore(tag: string) {
  const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

beforeAll(async () => {
  await admin.connect();
  await admin.query(`create database ${name}`);
  const folder = migrationsBefore('0011_inventory_levels');
  const { db, pool } = createDatabase(databaseUrl, 1);
  try {
    await migrate(db, { migrationsFolder: folder });
  } finally {
    await pool.end();
    rmSync(folder, { recursive: true });
  }
});
afterAll(async () => {
  await sql.end();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('migration 0011_inventory_levels', () => {
  it('moves every variant’s stock on hand, reservations and alert level to inventory_levels', async () => {
    const product = (
      await sql.query<{ id: string }>(
        `insert into products (slug, title, status) values ('mug', 'Mug', 'active') returning id`,
      )
    ).rows[0]!;
    const before = [
      { sku: 'MUG-1', onHand: 12, reserved: 3, threshold: 2 },
      { sku: 'MUG-2', onHand: 0, reserved: 0, threshold: 5 },
      { sku: 'MUG-3', onHand: 7, reserved: 7, threshold: 0 },
    ];
    for (const variant of before) {
      await sql.query(
        `insert into variants (product_id, sku, price, stock_on_hand, stock_reserved, low_stock_threshold)
         values ($1, $2, 1200, $3, $4, $5)`,
        [product.id, variant.sku, variant.onHand, variant.reserved, variant.threshold],
      );
    }

    await runMigrations(databaseUrl);

    const after = await sql.query(
      `select v.sku, l.stock_on_hand as "onHand", l.stock_reserved as reserved, l.low_stock_threshold as threshold
       from variants v left join inventory_levels l on l.variant_id = v.id order by v.sku`,
    );
    expect(after.rows).toEqual(before);
    const columns = await sql.query(
      `select column_name from information_schema.columns where table_name = 'variants' and column_name like '%stock%'`,
    );
    expect(columns.rows).toEqual([]);
    await expect(sql.query(`update inventory_levels set stock_reserved = stock_on_hand + 1`)).rejects.toThrow(
      /inventory_levels_reserved_within_stock/,
    );
    await sql.query(`delete from products where id = $1`, [product.id]);
    expect((await sql.query('select count(*)::int as n from inventory_levels')).rows[0].n).toBe(0);
  });
});
