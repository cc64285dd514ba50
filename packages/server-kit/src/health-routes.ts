import { HealthResponse, ReadyResponse } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkReadiness, type Dependency } from './readiness';

export interface HealthRoutesOptions {
  service: string;
  /** Summary of `/ready` in the OpenAPI document, e.g. "PostgreSQL and Redis answer". */
  readySummary: string;
  dependencies: Dependency[];
  /** More fields for the `/ready` body that never make the instance unready (e.g. queue lag). */
  details?: () => Promise<Record<string, unknown>>;
}

/** `GET /health` (liveness: the process answers) and `GET /ready` (each dependency, 503 naming the one down). */
export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (
  app,
  { service, readySummary, dependencies, details },
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
    async () => ({ status: 'ok' as const, service, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: `Readiness: ${readySummary}`,
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      const result = await checkReadiness(service, dependencies);
      const extra = details ? await details() : {};
      return reply.status(result.status === 'ready' ? 200 : 503).send({ ...result, ...extra });
    },
  );
};
