import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError, ErrorCode, loggerOptions, problemDetailsPlugin } from '@shopstream/server-kit';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { createDatabase } from './db/client';
import { createAccessTokens } from './lib/access-tokens';
import { createAccountRepository } from './modules/accounts/repository';
import { accountRoutes } from './modules/accounts/routes';
import { createAccountService } from './modules/accounts/service';
import { catalogNamespace, createCatalogCache } from './modules/catalog/cache';
import { createCatalogRepository } from './modules/catalog/repository';
import { catalogRoutes } from './modules/catalog/routes';
import { createCatalogService } from './modules/catalog/service';
import { healthRoutes } from './modules/health/routes';
import { authPlugin } from './plugins/auth';
import { openApiPlugin } from './plugins/openapi';

export interface AppDependencies {
  /** Where the JSON logs go instead of stdout (tests read them). */
  logStream?: { write: (line: string) => void };
}

/** Builds the API without listening: the server listens, tests inject or listen on port 0. */
export async function buildApp(config: Config, dependencies: AppDependencies = {}) {
  const logging = loggerOptions('backend-api', config.LOG_LEVEL);
  if (dependencies.logStream && typeof logging.logger === 'object') {
    logging.logger = { ...logging.logger, stream: dependencies.logStream };
  }
  const app = Fastify({
    ...logging,
    bodyLimit: 1024 * 1024,
    // Only named proxies may set the client address; anyone else could forge it to dodge rate limits.
    trustProxy: config.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const { db, pool } = createDatabase(config.DATABASE_URL);
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    keyPrefix: config.REDIS_KEY_PREFIX,
  });
  redis.on('error', (error) => app.log.debug({ err: error }, 'redis connection error'));
  app.decorate('db', db);
  app.addHook('onClose', async () => {
    await Promise.allSettled([pool.end(), redis.quit()]);
  });

  const tokens = createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS);
  const accounts = createAccountService(createAccountRepository(db), tokens, {
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
  });
  const catalog = createCatalogService(
    createCatalogRepository(db),
    createCatalogCache(redis, config.CATALOG_CACHE_TTL_SECONDS, catalogNamespace(config.DATABASE_URL)),
    { publicUrl: config.PUBLIC_URL },
  );

  await app.register(problemDetailsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(cors, { origin: config.CORS_ORIGINS, credentials: true });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: 'rate-limit:',
    errorResponseBuilder: (_request, context) =>
      new AppError(ErrorCode.RateLimited, `Too many attempts; retry in ${context.after}`),
  });
  await app.register(authPlugin, { tokens, checkSession: accounts.checkSession });
  await app.register(openApiPlugin, { config });
  await app.register(healthRoutes, { pool, redis });
  await app.register(accountRoutes, { accounts, config });
  await app.register(catalogRoutes, { catalog });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: ReturnType<typeof createDatabase>['db'];
  }
}
