import { TZDate } from '@date-fns/tz';
import type { ShopSettings } from '@shopstream/contracts';

/** The shop settings reports and the live feed use; read from backend-api's Redis mirror, cached briefly. */
export type ShopSettingsSource = () => Promise<ShopSettings>;

/**
 * What reports use until backend-api has mirrored the shop's settings into Redis (it does at start and on
 * every save), or in a process without Redis: UTC days and the demo shop's currency.
 */
export const UNMIRRORED_SHOP_SETTINGS: ShopSettings = {
  name: 'ShopStream',
  currency: 'EUR',
  locale: 'en',
  timeZone: 'UTC',
  pricesIncludeTax: true,
  contactEmail: '',
  address: { name: '', street: '', postcode: '', city: '', country: '' },
};

/** The instant of the last midnight in a time zone (the start of the shop's "today"), DST included. */
export function startOfDayIn(timeZone: string, now: Date): Date {
  const local = new TZDate(now.getTime(), timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone).getTime());
}
