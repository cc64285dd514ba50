import { ShopSettings } from '@shopstream/contracts';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/*
 * The shop's settings as both services see them. PostgreSQL (backend-api's `shop_settings`) is the truth;
 * backend-api mirrors the public settings into Redis, under the prefix both services share
 * (REDIS_KEY_PREFIX), at start and on every change:
 *   shop-settings  {"settings": ShopSettings, "version": <updated_at in ms>}
 * analytics-service reads that key (its reports and the live feed need the time zone and currency, and
 * it has no PostgreSQL); backend-api reads it too, as the cache every page's request goes through.
 */

export const SHOP_SETTINGS_KEY = 'shop-settings';

const MirrorRecord = z.object({ settings: ShopSettings, version: z.number() });

/** Writes the record unless the stored one is newer (a slow read-through never undoes a save). */
const SET_UNLESS_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and tonumber(stored.version) and tonumber(stored.version) > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

type MirrorRedis = Redis & {
  setShopSettingsUnlessNewer(key: string, value: string, version: number): Promise<number>;
};

/** Reads the mirrored settings; null when there are none (or they do not parse). Redis errors propagate. */
export async function readShopSettingsRecord(
  redis: Redis,
): Promise<{ settings: ShopSettings; version: number } | null> {
  const raw = await redis.get(SHOP_SETTINGS_KEY);
  if (raw == null) return null;
  try {
    const parsed = MirrorRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** backend-api's side: publishes the settings (compare-and-set on their version). */
export function createShopSettingsMirror(redis: Redis) {
  if (!('setShopSettingsUnlessNewer' in redis)) {
    redis.defineCommand('setShopSettingsUnlessNewer', { numberOfKeys: 1, lua: SET_UNLESS_NEWER });
  }
  const client = redis as MirrorRedis;
  return {
    publish: (settings: ShopSettings, updatedAt: Date) =>
      client.setShopSettingsUnlessNewer(
        SHOP_SETTINGS_KEY,
        JSON.stringify({ settings, version: updatedAt.getTime() }),
        updatedAt.getTime(),
      ),
    read: () => readShopSettingsRecord(redis),
  };
}
export type ShopSettingsMirror = ReturnType<typeof createShopSettingsMirror>;

/**
 * analytics-service's side: the mirrored settings, re-read at most every `cacheMs`, so a change saved in
 * the admin panel reaches every report and the live feed within that time, without a restart. While Redis
 * cannot answer, the last settings read are kept; before any were read, `fallback` answers.
 */
export function createShopSettingsReader(
  redis: Redis,
  options: { cacheMs: number; fallback: ShopSettings; onError?: (error: unknown) => void },
) {
  let current: ShopSettings | null = null;
  let readAt = 0;
  let pending: Promise<ShopSettings> | null = null;

  const refresh = async (): Promise<ShopSettings> => {
    try {
      const record = await readShopSettingsRecord(redis);
      if (record) current = record.settings;
    } catch (error) {
      options.onError?.(error);
    }
    readAt = Date.now();
    return current ?? options.fallback;
  };

  return async (): Promise<ShopSettings> => {
    if (Date.now() - readAt < options.cacheMs) return current ?? options.fallback;
    pending ??= refresh().finally(() => {
      pending = null;
    });
    return pending;
  };
}
export type ShopSettingsReader = ReturnType<typeof createShopSettingsReader>;
