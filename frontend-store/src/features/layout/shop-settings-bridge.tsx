'use client';

import { type AppliedShopSettings, applyShopSettings } from '@/lib/shop-settings';

/** Applies the settings the server rendered with, in the browser, before the components after it render. */
export function ShopSettingsBridge({ settings }: { settings: AppliedShopSettings | null }) {
  if (settings) applyShopSettings(settings);
  return null;
}
