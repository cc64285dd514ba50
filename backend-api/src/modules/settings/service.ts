import type { AdminShopSettings, ShopSettings, ShopSettingsChange } from '@shopstream/contracts';
import { AppError, ErrorCode, ServiceUnavailable, type ShopSettingsMirror } from '@shopstream/server-kit';
import type { ShopSettingsRepository, ShopSettingsRow } from './repository';

export interface ShopSettingsLog {
  warn: (object: object, message: string) => void;
}

const publicOf = (row: ShopSettingsRow): ShopSettings => ({
  name: row.name,
  currency: row.currency,
  locale: row.locale,
  timeZone: row.timeZone,
  pricesIncludeTax: row.pricesIncludeTax,
  contactEmail: row.contactEmail,
  returnWindowDays: row.returnWindowDays,
  address: {
    name: row.addressName,
    street: row.addressStreet,
    postcode: row.addressPostcode,
    city: row.addressCity,
    country: row.addressCountry,
  },
});

const adminOf = (row: ShopSettingsRow): AdminShopSettings => ({
  ...publicOf(row),
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedByEmail,
});

const missingRow = () =>
  new AppError(ErrorCode.Internal, 'The shop_settings row is missing: run the migrations');

/**
 * The shop's settings. Every page reads them, so reads come from memory for `cacheMs`, then from the Redis
 * mirror (which analytics-service reads too), and only then from PostgreSQL, which refills the mirror.
 * A save writes PostgreSQL, then the mirror, then this process's copy; other API instances see it within
 * `cacheMs`. Redis unreachable: reads fall through to PostgreSQL, and a save answers 503 (the mirror, and
 * so analytics, would otherwise keep the old settings).
 */
export function createShopSettingsService(
  repository: ShopSettingsRepository,
  mirror: ShopSettingsMirror,
  options: { cacheMs: number; log: ShopSettingsLog },
) {
  let cached: { settings: ShopSettings; until: number } | null = null;

  const remember = (settings: ShopSettings) => {
    cached = { settings, until: Date.now() + options.cacheMs };
    return settings;
  };

  const fromDatabase = async () => {
    const row = await repository.find();
    if (!row) throw missingRow();
    return row;
  };

  /** Copies the stored settings into Redis (at start, and whenever a read finds the mirror empty). */
  const mirrorStored = async () => {
    const row = await fromDatabase();
    await mirror.publish(publicOf(row), row.updatedAt);
    return remember(publicOf(row));
  };

  return {
    /** The shop's name, currency, locale, time zone, tax display and address; what mails and pages show. */
    async getShopSettings(): Promise<ShopSettings> {
      if (cached && cached.until > Date.now()) return cached.settings;
      try {
        const record = await mirror.read();
        if (record) return remember(record.settings);
        return await mirrorStored();
      } catch (error) {
        if (error instanceof AppError) throw error;
        options.log.warn({ err: error }, 'shop settings: Redis unreachable, reading PostgreSQL');
        return remember(publicOf(await fromDatabase()));
      }
    },

    mirrorStored,

    async getAdminShopSettings(): Promise<AdminShopSettings> {
      return adminOf(await fromDatabase());
    },

    async updateShopSettings(change: ShopSettingsChange, actorId: string): Promise<AdminShopSettings> {
      const row = await repository.update(change, actorId);
      if (!row) throw missingRow();
      try {
        await mirror.publish(publicOf(row), row.updatedAt);
      } catch (error) {
        cached = null;
        const failure = ServiceUnavailable(
          'The settings were saved but cannot reach the other services yet; save them again',
        );
        failure.cause = error;
        throw failure;
      }
      remember(publicOf(row));
      return adminOf(row);
    },
  };
}
export type ShopSettingsService = ReturnType<typeof createShopSettingsService>;
