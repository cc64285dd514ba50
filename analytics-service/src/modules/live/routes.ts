import type { FastifyPluginAsync } from 'fastify';
import { staffVerifier } from '../auth/staff';
import type { LiveHub } from './hub';

/** GET /ws?token=<staff access token>&site=<site>: a snapshot on connect, then updates every interval. */
export const liveRoutes: FastifyPluginAsync<{
  hub: LiveHub;
  jwtSecret: string;
  defaultSite: string;
}> = async (app, { hub, jwtSecret, defaultSite }) => {
  const verify = staffVerifier(jwtSecret);
  app.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true },
      onRequest: async (request) => {
        const query = request.query as { token?: string };
        const header = request.headers.authorization;
        await verify(query.token ?? (header?.startsWith('Bearer ') ? header.slice(7) : undefined));
      },
    },
    async (socket, request) => {
      const site = String((request.query as { site?: string }).site ?? defaultSite).slice(0, 64);
      const client = {
        site,
        send: (message: string) => socket.send(message),
        bufferedAmount: () => socket.bufferedAmount,
        drop: () => socket.close(1013, 'too slow: updates were piling up'),
      };
      socket.on('close', () => hub.clients.delete(client));
      socket.send(JSON.stringify(await hub.message(site, 'snapshot')));
      hub.clients.add(client);
    },
  );
};
