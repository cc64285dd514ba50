import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';

/** The shop's settings (issue 13): exactly one row (id 1), owned by the settings module. */
export const shopSettings = pgTable(
  'shop_settings',
  {
    id: integer().primaryKey().default(1),
    name: text().notNull(),
    currency: text().notNull(),
    locale: text().notNull(),
    timeZone: text().notNull(),
    pricesIncludeTax: boolean().notNull(),
    contactEmail: text().notNull(),
    /** Days after delivery in which a customer may ask to return lines (issue 17). */
    returnWindowDays: integer().notNull().default(30),
    addressName: text().notNull(),
    addressStreet: text().notNull(),
    addressPostcode: text().notNull(),
    addressCity: text().notNull(),
    addressCountry: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    check('shop_settings_single_row', sql`${table.id} = 1`),
    check('shop_settings_currency_iso', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('shop_settings_return_window', sql`${table.returnWindowDays} between 0 and 365`),
    check('shop_settings_country_iso', sql`${table.addressCountry} ~ '^[A-Z]{2}$'`),
  ],
);
