import { healthRoutes as sharedHealthRoutes } from '@shopstream/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; redis: Redis }> = async (
  app,
  { pool, redis },
) => {
  await app.register(sharedHealthRoutes, {
    service: 'backend-api',
    readySummary: 'PostgreSQL and Redis answer',
    dependencies: [
      { name: 'postgresql', check: () => pool.query('select 1') },
      { name: 'redis', check: () => redis.ping() },
    ],
  });
};
