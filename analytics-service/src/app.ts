import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import websocket from '@fastify/websocket';
import {
  createServiceApp,
  createSessionChecker,
  createShopSettingsReader,
  httpsOnlyStrictTransportSecurity,
  openApiPlugin,
  problemDetailsPlugin,
} from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { migrateBucketLayout } from './modules/aggregates/migrate-layout';
import { AggregatesRepository } from './modules/aggregates/repository';
import { AggregationService } from './modules/aggregates/service';
import { staffAccess } from './modules/auth/staff';
import { goalTestsOf } from './modules/conversions/matching';
import { ConversionsRepository } from './modules/conversions/repository';
import { conversionRoutes } from './modules/conversions/routes';
import { ConversionsService } from './modules/conversions/service';
import { healthRoutes } from './modules/health/routes';
import { CheckoutSessions } from './modules/ingest/checkout-sessions';
import { CountryLocator, RegionLocator } from './modules/ingest/geo';
import { VisitorIdentities } from './modules/ingest/identity';
import { ingestRoutes } from './modules/ingest/routes';
import { IngestService } from './modules/ingest/service';
import { VisitorSessions } from './modules/ingest/sessions';
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
import { DigestRepository } from './modules/segments/digest-repository';
import { DayDigests } from './modules/segments/digests';
import { FilteredReports } from './modules/segments/filtered-reports';
import { SegmentsRepository } from './modules/segments/repository';
import { segmentRoutes } from './modules/segments/routes';
import { SegmentsService } from './modules/segments/service';
import { type ShopSettingsSource, UNMIRRORED_SHOP_SETTINGS } from './modules/shop/settings';
import { MongoConnection } from './mongo';
import { RabbitConnection } from './rabbit';

export type Role = 'all' | 'ingest' | 'worker';

export interface AppOptions {
  /** Defaults to ANALYTICS_ROLE: `ingest` serves HTTP only, `worker` consumes only, `all` does both. */
  role?: Role;
  /** How often the live feed pushes an update (ms). */
  liveIntervalMs?: number;
  /** How often a worker refreshes the day digests (ms); ANALYTICS_DIGEST_INTERVAL_SECONDS by default. */
  digestIntervalMs?: number;
  /** The digests' clock (which days are closed), for tests. */
  digestNow?: () => number;
  /** Unfinished applies older than this are finished by the recovery sweep (ms). */
  recoverAfterMs?: number;
  /** Called when no MongoDB write of a worker succeeds for `stuckAfterMs`; by default the client is replaced. */
  onStuck?: () => void;
  stuckAfterMs?: number;
  /** Where the JSON logs go instead of stdout (tests read them). */
  logStream?: { write: (line: string) => void };
}

/** Builds the service without listening: the server listens, tests inject or listen on port 0. */
export async function buildApp(config: Config, options: AppOptions = {}) {
  const role = options.role ?? config.ANALYTICS_ROLE;
  const app = createServiceApp('analytics-service', { ...config, logStream: options.logStream });

  const rabbit = new RabbitConnection(config.RABBITMQ_URL, (error) =>
    app.log.warn({ err: error }, 'rabbitmq connection error'),
  );
  const mongo = new MongoConnection(config.MONGODB_URI, (reason, state) =>
    app.log.warn({ reason, state }, 'replaced the MongoDB client'),
  );
  const db = mongo.db;
  // Only what serves staff reads sessions; a worker-only process never touches Redis.
  const redis =
    role === 'worker'
      ? undefined
      : new Redis(config.REDIS_URL, {
          keyPrefix: config.REDIS_KEY_PREFIX,
          maxRetriesPerRequest: 1,
          commandTimeout: 1000,
          // Ingest requests taken in one tick share a write (identity lookups, session scripts).
          enableAutoPipelining: true,
        });
  redis?.on('error', (error) => app.log.debug({ err: error }, 'redis connection error'));
  // The shop's time zone and currency, as backend-api mirrors its settings into Redis (see ARCHITECTURE).
  const shopSettings: ShopSettingsSource = redis
    ? createShopSettingsReader(redis, {
        cacheMs: config.SHOP_SETTINGS_CACHE_MS,
        fallback: UNMIRRORED_SHOP_SETTINGS,
        onError: (error) => app.log.debug({ err: error }, 'shop settings unreadable, keeping the last ones'),
      })
    : async () => UNMIRRORED_SHOP_SETTINGS;
  const names = topologyNames(config);
  const publisher = new EventPublisher(rabbit, names, config.ANALYTICS_DELIVERY_LIMIT);
  const reporter = new AcceptedReporter((notice) => void publisher.broadcast(notice).catch(() => {}));
  const identities = new VisitorIdentities(config.ANALYTICS_VISITOR_SECRET, redis, (error) =>
    app.log.warn({ err: error }, 'visitor links unavailable: events identified unlinked'),
  );
  const sessions = new VisitorSessions(config.ANALYTICS_SESSION_TIMEOUT_MINUTES, redis, (error) =>
    app.log.warn({ err: error }, 'visitor sessions unavailable: a visitor day is one session'),
  );
  const ingest = new IngestService(
    config,
    publisher,
    (events) => reporter.take(events),
    identities,
    sessions,
    role === 'worker' ? undefined : new CountryLocator(config.ANALYTICS_COUNTRY_DATABASE),
    role === 'worker' || config.ANALYTICS_REGION_DATABASE === 'off'
      ? undefined
      : new RegionLocator(
          config.ANALYTICS_REGION_DATABASE === 'bundled' ? undefined : config.ANALYTICS_REGION_DATABASE,
        ),
    new CheckoutSessions(redis, (error) =>
      app.log.warn({ err: error }, 'checkout sessions unavailable: order events stay outside sessions'),
    ),
  );
  const aggregatesRepository = new AggregatesRepository(db);
  const segmentsRepository = new SegmentsRepository(db);
  const digestRepository = new DigestRepository(db);
  const digests = new DayDigests(digestRepository, {
    sessionTimeoutMs: config.ANALYTICS_SESSION_TIMEOUT_MINUTES * 60_000,
    ...(options.digestNow ? { now: options.digestNow } : {}),
  });
  const conversionsRepository = new ConversionsRepository(db);
  const goalTests = async (site: string) => goalTestsOf(await conversionsRepository.listGoals(site));
  const reportsRepository = new ReportsRepository(db);
  const filteredReports = new FilteredReports(digests, goalTests, (site) => reportsRepository.firstDay(site));
  const aggregation = new AggregationService(aggregatesRepository, undefined, (applyId, events) =>
    digests.markApplied(applyId, events),
  );
  const hub = new LiveHub(
    rabbit,
    names,
    db,
    app.log,
    () => publisher.queueDepths(),
    options.liveIntervalMs ?? 500,
    shopSettings,
    (site, from, to, filters) => filteredReports.kpis(site, from, to, filters),
    goalTests,
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

  let digestTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await aggregatesRepository
      .ensureIndexes()
      .catch((error) => app.log.warn({ err: error }, 'cannot create indexes yet'));
    if (role !== 'worker')
      await conversionsRepository
        .ensureIndexes()
        .catch((error) => app.log.warn({ err: error }, 'cannot create indexes yet'));
    await segmentsRepository
      .ensureIndexes()
      .catch((error) => app.log.warn({ err: error }, 'cannot create the segments index yet'));
    await digestRepository
      .ensureIndexes()
      .catch((error) => app.log.warn({ err: error }, 'cannot create the digest indexes yet'));
    hub.start();
    if (role !== 'worker') reporter.start();
    consumer?.start();
    if (consumer) {
      // The first refresh also backfills days with events but no digest (data from before digests).
      let backfill = true;
      let running = false;
      const refresh = async () => {
        if (running) return;
        running = true;
        try {
          for (const { site } of config.ANALYTICS_SITES) {
            const built = await digests.refresh(site, backfill);
            if (built.length) app.log.info({ site, days: built }, 'built day digests');
          }
          backfill = false;
        } catch (error) {
          app.log.warn({ err: error }, 'day digests not refreshed; the next round tries again');
        } finally {
          running = false;
        }
      };
      digestTimer = setInterval(
        () => void refresh(),
        options.digestIntervalMs ?? config.ANALYTICS_DIGEST_INTERVAL_SECONDS * 1000,
      );
      digestTimer.unref();
      void refresh();
    }
    // Buckets of an install from before the day layout are folded in once, beside the work (repeatable).
    if (consumer)
      void migrateBucketLayout(db())
        .then((folded) => {
          if (folded) app.log.info({ folded }, 'folded earlier minute and hour buckets into the day layout');
        })
        .catch((error) =>
          app.log.warn({ err: error }, 'bucket layout migration stopped; it resumes at the next start'),
        );
  });
  app.addHook('onClose', async () => {
    if (digestTimer) clearInterval(digestTimer);
    await consumer?.stop();
    reporter.stop();
    await hub.stop();
    await publisher.close();
    await Promise.allSettled([rabbit.close(), mongo.close(), redis?.quit()]);
  });

  await app.register(problemDetailsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: false,
  });
  await app.register(httpsOnlyStrictTransportSecurity);
  await app.register(cors, {
    origin: config.CORS_ORIGINS,
    credentials: true,
    // Saved segments are replaced and deleted from the dashboard.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  });
  await app.register(openApiPlugin, {
    title: 'ShopStream analytics API',
    description: 'Event ingestion (own schema and Segment-compatible), reports and the live feed.',
    docsPath: 'docs',
    config,
  });
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(healthRoutes, {
    rabbit,
    db,
    redis,
    lag: () => hub.lag(),
    refreshLag: () => hub.refreshQueueDepth(),
  });
  await app.register(metricsRoutes, {
    hub,
    token: config.METRICS_TOKEN,
    production: config.NODE_ENV === 'production',
    counters: {
      published: () => ingest.published,
      rejected: () => ingest.rejectedTotal,
      filtered: () => ingest.filteredTotal,
      stored: () => consumer?.storedTotal ?? 0,
      deadLettered: () => consumer?.deadLetteredTotal ?? 0,
      mongoCommands: () => mongo.commandsTotal,
      mongoOperations: () => mongo.operationsTotal,
      mongoOperationsBy: () => mongo.operationsBy,
    },
  });
  if (redis) {
    const staff = staffAccess(
      config.JWT_SECRET,
      createSessionChecker(redis, { cacheMs: config.SESSION_CHECK_CACHE_MS }),
    );
    await app.register(ingestRoutes, { config, ingest });
    const reports = new ReportsService(reportsRepository, shopSettings, filteredReports);
    await app.register(reportRoutes, { reports, staff });
    await app.register(conversionRoutes, {
      conversions: new ConversionsService(
        conversionsRepository,
        reports,
        config.ANALYTICS_SITES.map((s) => s.site),
        filteredReports,
      ),
      staff,
    });
    await app.register(segmentRoutes, { segments: new SegmentsService(segmentsRepository), staff });
    await app.register(liveRoutes, {
      hub,
      staff,
      defaultSite: config.ANALYTICS_SITES[0]?.site ?? 'demo-shop',
    });
  }

  return app;
}
