import { HealthResponse, type LagStats, ReadyResponse } from '@shopstream/contracts';
import { checkReadiness } from '@shopstream/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MongoClient } from 'mongodb';
import type { RabbitConnection } from '../../rabbit';

export const healthRoutes: FastifyPluginAsyncZod<{
  rabbit: RabbitConnection;
  mongo: MongoClient;
  lag: () => LagStats;
  refreshLag: () => Promise<unknown>;
}> = async (app, { rabbit, mongo, lag, refreshLag }) => {
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
      service: 'analytics-service',
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: RabbitMQ and MongoDB answer; also the queue lag',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      const result = await checkReadiness('analytics-service', [
        { name: 'rabbitmq', check: () => rabbit.ensure() },
        { name: 'mongodb', check: () => mongo.db().command({ ping: 1 }) },
      ]);
      await refreshLag();
      // Lag is never hidden, but it does not make the instance unready: a backlog drains by itself.
      return reply.status(result.status === 'ready' ? 200 : 503).send({ ...result, lag: lag() });
    },
  );
};
