import type { LagStats } from '@shopstream/contracts';
import { healthRoutes as sharedHealthRoutes } from '@shopstream/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type { RabbitConnection } from '../../rabbit';

export const healthRoutes: FastifyPluginAsyncZod<{
  rabbit: RabbitConnection;
  db: () => Db;
  /** Present where staff tokens are checked (reports, /ws): without it every staff request is refused. */
  redis: Redis | undefined;
  lag: () => LagStats;
  refreshLag: () => Promise<unknown>;
}> = async (app, { rabbit, db, redis, lag, refreshLag }) => {
  await app.register(sharedHealthRoutes, {
    service: 'analytics-service',
    readySummary: 'RabbitMQ, MongoDB and (where reports are served) Redis answer; also the queue lag',
    dependencies: [
      { name: 'rabbitmq', check: () => rabbit.ensure() },
      { name: 'mongodb', check: () => db().command({ ping: 1 }) },
      ...(redis ? [{ name: 'redis', check: () => redis.ping() }] : []),
    ],
    // Lag is never hidden, but it does not make the instance unready: a backlog drains by itself.
    details: async () => {
      await refreshLag();
      return { lag: lag() };
    },
  });
};
