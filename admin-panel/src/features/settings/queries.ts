import type { AdminShopSettings, UpdateShopSettingsRequest } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { applyShopSettings, SHOP_SETTINGS_KEY } from '../../lib/shop-settings';

const ADMIN_KEY = ['admin-shop-settings'] as const;

/** The editable settings; asked only for an admin (staff would get a 403). */
export const useAdminShopSettings = (enabled: boolean) =>
  useQuery({ queryKey: ADMIN_KEY, queryFn: () => api<AdminShopSettings>('/admin/shop-settings'), enabled });

/** Saves the settings; every screen re-reads them, so money and times change at once. */
export function useSaveShopSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateShopSettingsRequest) =>
      api<AdminShopSettings>('/admin/shop-settings', { method: 'PUT', body }),
    onSuccess: async (saved) => {
      applyShopSettings(saved);
      queryClient.setQueryData(ADMIN_KEY, saved);
      await queryClient.invalidateQueries({ queryKey: SHOP_SETTINGS_KEY });
    },
  });
}
