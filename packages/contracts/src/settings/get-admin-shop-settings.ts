import { z } from 'zod';
import { ShopSettings } from './shop-settings';

/** The settings as admins edit them: the public ones, plus when and by whom they last changed. */
export const AdminShopSettings = ShopSettings.extend({
  updatedAt: z.iso.datetime(),
  updatedBy: z
    .string()
    .nullable()
    .describe('Email of the admin who last saved them; null for the seeded row'),
});
export type AdminShopSettings = z.infer<typeof AdminShopSettings>;

/** GET /admin/shop-settings: admins only. */
export const getAdminShopSettings = {
  method: 'GET',
  path: '/admin/shop-settings',
  summary: "The shop's settings as admins edit them",
  response: AdminShopSettings,
} as const;
