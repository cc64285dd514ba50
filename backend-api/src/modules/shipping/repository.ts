import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { shippingOptions } from '../../db/schema';

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

/** The shipping_options table (seeded by the migration); only this file reads or writes it. */
export function createShippingRepository(db: Database) {
  const servesCountry = (country: string) =>
    or(
      sql`cardinality(${shippingOptions.countries}) = 0`,
      sql`${country} = any(${shippingOptions.countries})`,
    );
  return {
    activeFor: (country: string) =>
      db
        .select(columns)
        .from(shippingOptions)
        .where(and(eq(shippingOptions.active, true), servesCountry(country)))
        .orderBy(asc(shippingOptions.position), asc(shippingOptions.price)),

    activeById: async (id: string, country: string) =>
      (
        await db
          .select(columns)
          .from(shippingOptions)
          .where(and(eq(shippingOptions.id, id), eq(shippingOptions.active, true), servesCountry(country)))
          .limit(1)
      )[0],
  };
}
export type ShippingRepository = ReturnType<typeof createShippingRepository>;
