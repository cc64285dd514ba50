import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import websocket from '@fastify/websocket';
import {
  frameworkErrors,
  loggerOptions,
  problemDetailsPlugin,
  storableValidatorCompiler,
} from '@shopstream/server-kit';
import Fastify from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { AggregatesRepository } from './modules/aggregates/repository';
import { AggregationService } from './modules/aggregates/service';
import { healthRoutes } from './modules/health/routes';
import { ingestRoutes } from './modules/ingest/routes';
import { IngestService } from './modules/ingest/service';
import { LiveHub } from './modules/live/hub';
import { AcceptedReporter } from './modules/live/reporter';
import { liveRoutes } from './modules/live/routes';
import { metricsRoutes } from './modules/metrics/routes';
import { EventConsumer } from './modules/pipeline/consumer';
import { EventPublisher } from './modules/pipeline/publisher';
import { topologyNames } from './modules/pipeline/topology';
import { ReportsRepository } from './modules/reports/repository';
import { reportRoutes } from './modules/reports/routes';
import { ReportsService } from './modules/reports/service';
import { MongoConnection } from './mongo';
import { openApiPlugin } from './plugins/openapi';
import { RabbitConnection } from './rabbit';

export type Role = 'all' | 'ingest' | 'worker';

export interface AppOptions {
  /** Defaults to ANALYTICS_ROLE: `ingest` serves HTTP only, `worker` consumes only, `all` does both. */
  role?: Role;
  /** How often the live feed pushes an update (ms). */
  liveIntervalMs?: number;
  /** Unfinished applies older than this are finished by the recovery sweep (ms). */
  recoverAfterMs?: number;
  /** Called when no MongoDB write of a worker succeeds for `stuckAfterMs`; by default the client is replaced. */
  onStuck?: () => void;
  stuckAfterMs?: number;
}

/** Builds the service without listening: the server listens, tests inject or listen on port 0. */
export async function buildApp(config: Config, options: AppOptions = {}) {
  const role = options.role ?? config.ANALYTICS_ROLE;
  const app = Fastify({
    ...loggerOptions('analytics-service', config.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(storableValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const rabbit = new RabbitConnection(config.RABBITMQ_URL, (error) =>
    app.log.warn({ err: error }, 'rabbitmq connection error'),
  );
  const mongo = new MongoConnection(config.MONGODB_URI, (reason, state) =>
    app.log.warn({ reason, state }, 'replaced the MongoDB client'),
  );
  const db = mongo.db;
  const names = topologyNames(config);
  const publisher = new EventPublisher(rabbit, names, config.ANALYTICS_DELIVERY_LIMIT);
  const reporter = new AcceptedReporter((notice) => void publisher.broadcast(notice).catch(() => {}));
  const ingest = new IngestService(config, publisher, (events) => reporter.take(events));
  const aggregatesRepository = new AggregatesRepository(db);
  const aggregation = new AggregationService(aggregatesRepository);
  const hub = new LiveHub(
    rabbit,
    names,
    db,
    app.log,
    () => publisher.queueDepth(),
    options.liveIntervalMs ?? 500,
  );
  const consumer =
    role === 'ingest'
      ? undefined
      : new EventConsumer(
          rabbit,
          names,
          aggregation,
          {
            prefetch: config.ANALYTICS_PREFETCH,
            batchSize: config.ANALYTICS_BATCH_SIZE,
            batchWaitMs: config.ANALYTICS_BATCH_WAIT_MS,
            deliveryLimit: config.ANALYTICS_DELIVERY_LIMIT,
            recoverAfterMs: options.recoverAfterMs ?? 30_000,
            onStuck: options.onStuck ?? (() => mongo.replace('no MongoDB write has succeeded in time')),
            ...(options.stuckAfterMs ? { stuckAfterMs: options.stuckAfterMs } : {}),
            describeStuck: () => mongo.pending(),
            lastMongoSuccessAt: () => mongo.succeededAt,
          },
          app.log,
          (notice) => void publisher.broadcast(notice).catch(() => {}),
        );

  app.addHook('onReady', async () => {
    await aggregatesRepository
      .ensureIndexes()
      .catch((error) => app.log.warn({ err: error }, 'cannot create indexes yet'));
    hub.start();
    if (role !== 'worker') reporter.start();
    consumer?.start();
  });
  app.addHook('onClose', async () => {
    await consumer?.stop();
    reporter.stop();
    await hub.stop();
    await publisher.close();
    await Promise.allSettled([rabbit.close(), mongo.close()]);
  });

  await app.register(problemDetailsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(cors, { origin: config.CORS_ORIGINS, credentials: true });
  await app.register(openApiPlugin);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(healthRoutes, {
    rabbit,
    db,
    lag: () => hub.lag(),
    refreshLag: () => hub.refreshQueueDepth(),
  });
  await app.register(metricsRoutes, {
    hub,
    counters: {
      published: () => ingest.published,
      rejected: () => ingest.rejectedTotal,
      filtered: () => ingest.filteredTotal,
      stored: () => consumer?.storedTotal ?? 0,
    },
  });
  if (role !== 'worker') {
    await app.register(ingestRoutes, { config, ingest });
    await app.register(reportRoutes, {
      reports: new ReportsService(new ReportsRepository(db), config.ANALYTICS_CURRENCY),
      jwtSecret: config.JWT_SECRET,
    });
    await app.register(liveRoutes, {
      hub,
      jwtSecret: config.JWT_SECRET,
      defaultSite: config.ANALYTICS_SITES[0]?.site ?? 'demo-shop',
    });
  }

  return app;
}
