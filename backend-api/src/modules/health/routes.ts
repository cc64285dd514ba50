import { HealthResponse, ReadyResponse } from '@shopstream/contracts';
import { checkReadiness } from '@shopstream/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; redis: Redis }> = async (
  app,
  { pool, redis },
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: HealthResponse },
      },
    },
    async () => ({
      status: 'ok' as const,
      service: 'backend-api',
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: PostgreSQL and Redis answer',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      const result = await checkReadiness('backend-api', [
        { name: 'postgresql', check: () => pool.query('select 1') },
        { name: 'redis', check: () => redis.ping() },
      ]);
      return reply.status(result.status === 'ready' ? 200 : 503).send(result);
    },
  );
};
