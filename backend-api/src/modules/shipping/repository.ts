import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { shippingOptions } from '../../db/schema';
import { prepared } from '../../db/transaction';

const columns = {
  id: shippingOptions.id,
  name: shippingOptions.name,
  carrier: shippingOptions.carrier,
  price: shippingOptions.price,
  currency: shippingOptions.currency,
  freeOver: shippingOptions.freeOver,
  minDays: shippingOptions.minDays,
  maxDays: shippingOptions.maxDays,
};

const p = sql.placeholder;
const servesCountry = (country: unknown) =>
  or(sql`cardinality(${shippingOptions.countries}) = 0`, sql`${country} = any(${shippingOptions.countries})`);
const activeOption = prepared((db) =>
  db
    .select(columns)
    .from(shippingOptions)
    .where(
      and(eq(shippingOptions.id, p('id')), eq(shippingOptions.active, true), servesCountry(p('country'))),
    )
    .limit(1)
    .prepare('shipping_option_to'),
);

/** The shipping_options table (seeded by the migration); only this file reads or writes it. */
export function createShippingRepository(db: Database) {
  return {
    activeFor: (country: string) =>
      db
        .select(columns)
        .from(shippingOptions)
        .where(and(eq(shippingOptions.active, true), servesCountry(country)))
        .orderBy(asc(shippingOptions.position), asc(shippingOptions.price)),

    activeById: async (id: string, country: string) => (await activeOption(db).execute({ id, country }))[0],
  };
}
export type ShippingRepository = ReturnType<typeof createShippingRepository>;
