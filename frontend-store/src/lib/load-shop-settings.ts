import { ShopSettings } from '@shopstream/contracts';
import { apiGet } from './api';
import { applyShopSettings } from './shop-settings';

/** Reads the settings from the API (server side, cached 30 s) and applies them. */
export async function loadShopSettings(): Promise<ShopSettings> {
  const settings = await apiGet('/shop/settings', ShopSettings, { revalidate: 30, tags: ['shop-settings'] });
  applyShopSettings(settings);
  return settings;
}
