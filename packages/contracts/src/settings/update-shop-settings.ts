import { z } from 'zod';
import { AdminShopSettings } from './get-admin-shop-settings';
import { Locale, ShopAddress, ShopCurrency, TimeZone } from './shop-settings';

/**
 * PUT /admin/shop-settings: admins only; replaces every setting. `pricesIncludeTax` may be left out: it is
 * then on for EUR (prices in the EU are shown with tax) and off otherwise.
 */
export const UpdateShopSettingsRequest = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    currency: ShopCurrency,
    locale: Locale,
    timeZone: TimeZone,
    pricesIncludeTax: z.boolean().optional(),
    contactEmail: z.email('must be an email address').max(254, 'must be at most 254 characters'),
    returnWindowDays: z
      .number()
      .int('must be a whole number of days')
      .min(0, 'must be 0 or more')
      .max(365, 'must be at most 365')
      .optional()
      .describe('Left out: unchanged'),
    address: ShopAddress,
  })
  .transform(({ pricesIncludeTax, ...settings }) => ({
    ...settings,
    pricesIncludeTax: pricesIncludeTax ?? settings.currency === 'EUR',
  }));
export type UpdateShopSettingsRequest = z.input<typeof UpdateShopSettingsRequest>;
export type ShopSettingsChange = z.output<typeof UpdateShopSettingsRequest>;

export const updateShopSettings = {
  method: 'PUT',
  path: '/admin/shop-settings',
  summary: "Replace the shop's settings",
  body: UpdateShopSettingsRequest,
  response: AdminShopSettings,
} as const;
