import { getAdminShopSettings, getShopSettings, updateShopSettings } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminOnly, currentUser } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import type { ShopSettingsService } from './service';

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: ShopSettingsService }> = async (
  app,
  { settings },
) => {
  app.get(
    getShopSettings.path,
    {
      schema: {
        tags: ['shop'],
        summary: getShopSettings.summary,
        description:
          'Public: every app formats money, numbers and dates with these. Cached for a few seconds; ' +
          'a change made by an admin shows within that time.',
        response: { 200: getShopSettings.response },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=5');
      return settings.getShopSettings();
    },
  );

  app.get(
    getAdminShopSettings.path,
    {
      schema: {
        ...adminOnly,
        tags: ['admin'],
        summary: getAdminShopSettings.summary,
        response: { 200: getAdminShopSettings.response, ...problems(401, 403) },
      },
    },
    async () => settings.getAdminShopSettings(),
  );

  app.put(
    updateShopSettings.path,
    {
      schema: {
        ...adminOnly,
        tags: ['admin'],
        summary: updateShopSettings.summary,
        description:
          'Replaces every setting. A new time zone applies to every report and screen from the next read; ' +
          'stored figures are kept in UTC, so nothing is rewritten.',
        body: updateShopSettings.body,
        response: { 200: updateShopSettings.response, ...problems(400, 401, 403) },
      },
    },
    async (request) => settings.updateShopSettings(request.body, currentUser(request).id),
  );
};
