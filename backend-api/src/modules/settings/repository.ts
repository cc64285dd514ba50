import type { ShopSettingsChange } from '@shopstream/contracts';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { shopSettings, users } from '../../db/schema';

export type ShopSettingsRow = typeof shopSettings.$inferSelect & { updatedByEmail: string | null };

const columns = {
  id: shopSettings.id,
  name: shopSettings.name,
  currency: shopSettings.currency,
  locale: shopSettings.locale,
  timeZone: shopSettings.timeZone,
  pricesIncludeTax: shopSettings.pricesIncludeTax,
  contactEmail: shopSettings.contactEmail,
  returnWindowDays: shopSettings.returnWindowDays,
  addressName: shopSettings.addressName,
  addressStreet: shopSettings.addressStreet,
  addressPostcode: shopSettings.addressPostcode,
  addressCity: shopSettings.addressCity,
  addressCountry: shopSettings.addressCountry,
  updatedAt: shopSettings.updatedAt,
  updatedBy: shopSettings.updatedBy,
  updatedByEmail: users.email,
};

/** The only writer of `shop_settings`: one row, id 1, created by the migration with the demo shop's values. */
export function createShopSettingsRepository(db: Database) {
  const find = async (): Promise<ShopSettingsRow | undefined> =>
    (
      await db
        .select(columns)
        .from(shopSettings)
        .leftJoin(users, eq(users.id, shopSettings.updatedBy))
        .where(eq(shopSettings.id, 1))
        .limit(1)
    )[0];

  return {
    find,

    /** Replaces every setting; `updated_at` always moves forward, so the Redis mirror's version does too. */
    update: async (change: ShopSettingsChange, actorId: string): Promise<ShopSettingsRow | undefined> => {
      const updated = await db
        .update(shopSettings)
        .set({
          name: change.name,
          currency: change.currency,
          locale: change.locale,
          timeZone: change.timeZone,
          pricesIncludeTax: change.pricesIncludeTax,
          contactEmail: change.contactEmail,
          ...(change.returnWindowDays === undefined ? {} : { returnWindowDays: change.returnWindowDays }),
          addressName: change.address.name,
          addressStreet: change.address.street,
          addressPostcode: change.address.postcode,
          addressCity: change.address.city,
          addressCountry: change.address.country,
          updatedBy: actorId,
          updatedAt: sql`greatest(now(), ${shopSettings.updatedAt} + interval '1 millisecond')`,
        })
        .where(eq(shopSettings.id, 1))
        .returning({ id: shopSettings.id });
      return updated.length ? find() : undefined;
    },
  };
}
export type ShopSettingsRepository = ReturnType<typeof createShopSettingsRepository>;
