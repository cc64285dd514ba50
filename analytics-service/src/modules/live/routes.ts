import { FilterParam, filtersOf } from '@shopstream/contracts';
import type { AccessClaims } from '@shopstream/server-kit';
import { AppError, ValidationFailed } from '@shopstream/server-kit';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import type { StaffAccessCheck } from '../auth/staff';
import type { LiveHub } from './hub';

/** Close codes of a connection whose token stopped being honoured (4000-4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_NOT_STAFF = 4403;
export const CLOSE_CANNOT_CHECK = 1013;

/**
 * GET /ws?token=<staff access token>&site=<site>[&f=dimension:operator:value…]: a snapshot on connect, then
 * updates every interval, of what the filters select (as the reports take them; a malformed one is a 400).
 * Every open connection's session is checked again every `recheckMs`, so a logout, a disabled account or
 * a demotion closes it within that period plus the session cache.
 */
export const liveRoutes: FastifyPluginAsync<{
  hub: LiveHub;
  staff: StaffAccessCheck;
  defaultSite: string;
  recheckMs?: number;
}> = async (app, { hub, staff, defaultSite, recheckMs = 1000 }) => {
  const open = new Map<WebSocket, AccessClaims>();

  const recheck = async () => {
    for (const [socket, claims] of open) {
      try {
        await staff.recheck(claims);
      } catch (error) {
        if (!open.delete(socket)) continue;
        const status = error instanceof AppError ? error.status : 500;
        if (status === 401) socket.close(CLOSE_SESSION_ENDED, 'the session has ended');
        else if (status === 403) socket.close(CLOSE_NOT_STAFF, 'the account is no longer staff');
        else socket.close(CLOSE_CANNOT_CHECK, 'the session cannot be checked; reconnect later');
      }
    }
  };
  let checking = false;
  const timer = setInterval(() => {
    if (checking || !open.size) return;
    checking = true;
    void recheck().finally(() => {
      checking = false;
    });
  }, recheckMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true },
      onRequest: async (request) => {
        const query = request.query as { token?: string; f?: string | string[] };
        const header = request.headers.authorization;
        request.staffAccess = await staff.admit(
          query.token ?? (header?.startsWith('Bearer ') ? header.slice(7) : undefined),
        );
        const parsed = FilterParam.safeParse(query.f);
        if (!parsed.success) {
          throw ValidationFailed(
            parsed.error.issues.map((issue) => ({
              field: ['querystring', 'f', ...issue.path.map(String)].join('.'),
              message: issue.message,
            })),
          );
        }
      },
    },
    async (socket, request) => {
      const site = String((request.query as { site?: string }).site ?? defaultSite).slice(0, 64);
      const filters = filtersOf((request.query as { f?: string | string[] }).f);
      const client = {
        site,
        filters,
        send: (message: string) => socket.send(message),
        bufferedAmount: () => socket.bufferedAmount,
        drop: () => socket.close(1013, 'too slow: updates were piling up'),
      };
      if (request.staffAccess) open.set(socket, request.staffAccess);
      socket.on('close', () => {
        hub.clients.delete(client);
        open.delete(socket);
      });
      socket.send(JSON.stringify(await hub.message(site, 'snapshot', filters)));
      hub.clients.add(client);
    },
  );
};

declare module 'fastify' {
  interface FastifyRequest {
    staffAccess?: AccessClaims;
  }
}
