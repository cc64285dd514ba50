'use client';

import type { ShopSettings } from '@shopstream/contracts';
import { applyShopSettings } from '@/lib/shop-settings';

/** Applies the settings the server rendered with, in the browser, before the components after it render. */
export function ShopSettingsBridge({
  settings,
}: {
  settings: Pick<ShopSettings, 'locale' | 'currency' | 'timeZone'> | null;
}) {
  if (settings) applyShopSettings(settings);
  return null;
}
