import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import {
  AppError,
  createAccessTokens,
  createServiceApp,
  createSessionRegistry,
  createShopSettingsMirror,
  ErrorCode,
  httpsOnlyStrictTransportSecurity,
  openApiPlugin,
  problemDetailsPlugin,
} from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { createDatabase } from './db/client';
import { transactionsOf } from './db/transaction';
import { createLoginLimits } from './modules/accounts/login-limits';
import { accountMailRoutes } from './modules/accounts/mail-routes';
import { createAccountMailFlows } from './modules/accounts/mailed-links';
import { createAccountRepository } from './modules/accounts/repository';
import { accountRoutes } from './modules/accounts/routes';
import { createAccountService } from './modules/accounts/service';
import { createAccountTokenLimits } from './modules/accounts/token-limits';
import { createAccountTokenRepository } from './modules/accounts/token-repository';
import { createCartRepository } from './modules/carts/repository';
import { cartRoutes } from './modules/carts/routes';
import { createCartService } from './modules/carts/service';
import { catalogNamespace, createCatalogCache } from './modules/catalog/cache';
import { imageUrls } from './modules/catalog/image-urls';
import { createImportJobStore, createProductImports } from './modules/catalog/product-import';
import { createCatalogRepository } from './modules/catalog/repository';
import { catalogRoutes } from './modules/catalog/routes';
import { createCatalogService } from './modules/catalog/service';
import { createCustomerNotesRepository } from './modules/customers/repository';
import { customerRoutes } from './modules/customers/routes';
import { createCustomerService } from './modules/customers/service';
import { createDiscountRepository } from './modules/discounts/repository';
import { discountRoutes } from './modules/discounts/routes';
import { createDiscountService } from './modules/discounts/service';
import { guestOrderRoutes } from './modules/guest-orders/routes';
import { createGuestOrderService } from './modules/guest-orders/service';
import { healthRoutes } from './modules/health/routes';
import { createInventoryRepository } from './modules/inventory/repository';
import { inventoryRoutes } from './modules/inventory/routes';
import { createInventoryService } from './modules/inventory/service';
import { createMail } from './modules/mail/setup';
import { createOrderRepository } from './modules/orders/repository';
import { orderRoutes } from './modules/orders/routes';
import { salesSummary } from './modules/orders/sales-summary';
import { createOrderService } from './modules/orders/service';
import { createOutbox } from './modules/outbox/events';
import { createOutboxRelay } from './modules/outbox/relay';
import { createOutboxRepository } from './modules/outbox/repository';
import {
  createTestPaymentProvider,
  isIntentProvider,
  type PaymentProvider,
} from './modules/payments/provider';
import { createPaymentEventRepository } from './modules/payments/repository';
import { paymentWebhookRoutes } from './modules/payments/routes';
import { createStripeProvider } from './modules/payments/stripe-provider';
import { createWebhookService } from './modules/payments/webhooks';
import { createPricing } from './modules/pricing/service';
import { createRefundRepository } from './modules/refunds/repository';
import { refundRoutes } from './modules/refunds/routes';
import { createRefundService } from './modules/refunds/service';
import { createReturnRepository } from './modules/returns/repository';
import { returnRoutes } from './modules/returns/routes';
import { createReturnService } from './modules/returns/service';
import { createShopSettingsRepository } from './modules/settings/repository';
import { settingsRoutes } from './modules/settings/routes';
import { createShopSettingsService, type ShopSettingsService } from './modules/settings/service';
import { createShippingRepository } from './modules/shipping/repository';
import { shippingRoutes } from './modules/shipping/routes';
import { createShippingService } from './modules/shipping/service';
import { authPlugin } from './plugins/auth';
import { personalAnswersPlugin } from './plugins/personal-answers';

export interface AppDependencies {
  /** Where the JSON logs go instead of stdout (tests read them). */
  logStream?: { write: (line: string) => void };
  /** The payment provider; Stripe when its keys are configured, else the offline test provider. */
  payments?: PaymentProvider;
}

/** Builds the API without listening: the server listens, tests inject or listen on port 0. */
export async function buildApp(config: Config, dependencies: AppDependencies = {}) {
  const app = createServiceApp('backend-api', { ...config, logStream: dependencies.logStream });

  const { db, pool } = createDatabase(
    config.DATABASE_URL,
    config.DATABASE_POOL_SIZE,
    config.DATABASE_CONNECT_TIMEOUT_MS,
  );
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    keyPrefix: config.REDIS_KEY_PREFIX,
  });
  redis.on('error', (error) => app.log.debug({ err: error }, 'redis connection error'));
  app.addHook('onClose', async () => {
    // An import under way finishes (or fails) before the pool it writes through is closed.
    await productImports.drain();
    await Promise.allSettled([pool.end(), redis.quit()]);
  });

  const tokens = createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS);
  const settings = createShopSettingsService(
    createShopSettingsRepository(db),
    createShopSettingsMirror(redis),
    { cacheMs: config.SHOP_SETTINGS_CACHE_MS, log: app.log },
  );
  const mail = createMail(db, config, app.log, settings.getShopSettings);
  const sessions = createSessionRegistry(redis, { endedTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS + 60 });
  const tokenLimits = createAccountTokenLimits(redis, {
    perEmail: config.PASSWORD_RESET_PER_EMAIL,
    perIp: config.PASSWORD_RESET_PER_IP,
  });
  const mailFlows = createAccountMailFlows({
    repo: createAccountTokenRepository(db),
    mail: mail.service,
    limits: tokenLimits,
    sessions,
  });
  const accountRepository = createAccountRepository(db);
  const accounts = createAccountService(accountRepository, tokens, {
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
    refreshTokenSecret: config.JWT_SECRET,
    refreshGraceSeconds: config.REFRESH_TOKEN_GRACE_SECONDS,
    loginLimits: createLoginLimits(redis, {
      freeFailuresPerAccountAndIp: config.AUTH_RATE_LIMIT_PER_ACCOUNT_IP,
      backoffSeconds: config.AUTH_RATE_LIMIT_BACKOFF_SECONDS,
      maxBackoffSeconds: config.AUTH_RATE_LIMIT_BACKOFF_MAX_SECONDS,
      failuresPerAccount: config.AUTH_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: config.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    }),
    sessions,
    mailFlows,
  });
  const catalogRepository = createCatalogRepository(db);
  const catalogCache = createCatalogCache(
    redis,
    config.CATALOG_CACHE_TTL_SECONDS,
    catalogNamespace(config.DATABASE_URL),
  );
  const emailOf = async (userId: string) => (await accountRepository.findUserById(userId))?.email ?? null;
  const withTransaction = transactionsOf(pool);
  // Inventory owns the stock of catalog's variants: catalog asks it for their levels in its own transactions.
  const inventory = createInventoryService(createInventoryRepository(db), withTransaction, {
    emailOf,
    afterAvailabilityChanged: () => catalogCache.invalidate(),
  });
  const catalog = createCatalogService(catalogRepository, catalogCache, {
    publicUrl: config.PUBLIC_URL,
    withTransaction,
    stock: inventory,
  });
  const productImports = createProductImports(
    catalogRepository,
    catalogCache,
    createImportJobStore(redis),
    app.log,
    imageUrls(config.PUBLIC_URL),
    { withTransaction, stock: inventory },
  );

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
    // The plugin's default allows only GET, HEAD and POST; the web apps also change and remove things.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: 'rate-limit:',
    errorResponseBuilder: (_request, context) =>
      new AppError(ErrorCode.RateLimited, `Too many attempts; retry in ${context.after}`),
  });
  await app.register(authPlugin, { tokens, checkSession: accounts.checkSession });
  await app.register(personalAnswersPlugin);
  await app.register(openApiPlugin, {
    title: 'ShopStream commerce API',
    description: 'Accounts, catalog, carts, checkout and orders. Errors are RFC 9457 problem details.',
    docsPath: 'api-docs',
    servers: [{ url: '/' }],
    config,
  });
  await app.register(healthRoutes, { pool, redis });
  await app.register(settingsRoutes, { settings });
  await app.register(accountRoutes, { accounts, config });
  await app.register(accountMailRoutes, { flows: mailFlows });
  await app.register(catalogRoutes, {
    catalog,
    imports: productImports,
    uploads: { directory: config.UPLOAD_DIR, publicUrl: config.PUBLIC_URL },
  });

  const pricing = createPricing(
    { rates: config.TAX_RATES, defaultRate: config.TAX_DEFAULT_RATE },
    async () => (await settings.getShopSettings()).pricesIncludeTax,
  );
  const shipping = createShippingService(createShippingRepository(db));
  const orderRepository = createOrderRepository(db);
  const discounts = createDiscountService(createDiscountRepository(db), {
    usedByAnOrder: orderRepository.usesDiscountCode,
  });
  const carts = createCartService(createCartRepository(db), withTransaction, {
    imageUrl: imageUrls(config.PUBLIC_URL).toPublic,
    discounts,
    shipping,
    pricing,
    shopCurrency: async () => (await settings.getShopSettings()).currency,
  });
  const payments =
    dependencies.payments ??
    (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET
      ? createStripeProvider({
          secretKey: config.STRIPE_SECRET_KEY,
          webhookSecret: config.STRIPE_WEBHOOK_SECRET,
          apiBase: config.STRIPE_API_BASE,
        })
      : createTestPaymentProvider());
  const outboxRepository = createOutboxRepository();
  const outbox = createOutbox(outboxRepository);
  const orders = createOrderService({
    repository: orderRepository,
    withTransaction,
    carts,
    discounts,
    inventory,
    outbox,
    shipping,
    pricing,
    payments,
    log: app.log,
    emailOf,
    mail: mail.service,
    options: { reservationTtlMinutes: config.RESERVATION_TTL_MINUTES },
  });
  const refunds = createRefundService({
    repository: createRefundRepository(db),
    withTransaction,
    orders: orders.settlement,
    payments,
    outbox,
    mail: mail.service,
    log: app.log,
    emailOf,
  });
  orders.useMoney(refunds);
  const relay = createOutboxRelay(
    outboxRepository,
    withTransaction,
    {
      url: config.ANALYTICS_URL,
      serverKey: config.ANALYTICS_SERVER_KEY,
      site: config.ANALYTICS_SITE,
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      maxBackoffMs: config.OUTBOX_MAX_BACKOFF_MS,
    },
    app.log,
  );
  await app.register(shippingRoutes, { shipping, pricing });
  await app.register(cartRoutes, { carts, config });
  await app.register(orderRoutes, { orders, shopSettings: settings.getShopSettings });
  if (isIntentProvider(payments)) {
    await app.register(paymentWebhookRoutes, {
      webhooks: createWebhookService({
        provider: payments,
        repository: createPaymentEventRepository(),
        withTransaction,
        applyToOrder: orders.applyPaymentEvent,
        log: app.log,
      }),
    });
  }
  await app.register(refundRoutes, { refunds, orders });
  await app.register(returnRoutes, {
    returns: createReturnService({
      repository: createReturnRepository(db),
      withTransaction,
      orders: orders.settlement,
      refunds,
      mail: mail.service,
      emailOf,
      returnWindowDays: async () => (await settings.getShopSettings()).returnWindowDays ?? 30,
    }),
  });
  await app.register(inventoryRoutes, { inventory });
  await app.register(discountRoutes, { discounts });
  await app.register(customerRoutes, {
    customers: createCustomerService(db, accounts, createCustomerNotesRepository(db)),
    salesReport: (query) => salesSummary(db, query),
  });
  await app.register(guestOrderRoutes, {
    guestOrders: createGuestOrderService({
      db,
      orderById: orders.orderById,
      mail: mail.service,
      links: mail.orderLinks,
      limits: tokenLimits,
    }),
  });

  // Background work of this process: the outbox relay and the sweeper of expired reservations.
  let sweeper: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    accounts
      .mirrorLiveSessions()
      .catch((error) => app.log.warn({ err: error }, 'cannot mirror the live sessions into Redis yet'));
    settings
      .mirrorStored()
      .catch((error) => app.log.warn({ err: error }, 'cannot mirror the shop settings into Redis yet'));
    if (config.OUTBOX_RELAY_ENABLED) relay.start();
    if (config.MAIL_RELAY_ENABLED) mail.relay.start();
    if (config.RESERVATION_SWEEP_INTERVAL_MS > 0 && config.RESERVATION_SWEEPER_ENABLED) {
      sweeper = setInterval(() => {
        // Ask the provider about payments whose webhook never came before their reservations run out.
        orders
          .reconcilePayments(config.STRIPE_RECONCILE_AFTER_SECONDS)
          .catch((error) => app.log.error({ err: error }, 'payment reconciliation failed'))
          .then(() => orders.expireReservations())
          .catch((error) => app.log.error({ err: error }, 'reservation sweep failed'));
        refunds
          .settleRequested()
          .catch((error) => app.log.error({ err: error }, 'sweep of unanswered refunds failed'));
      }, config.RESERVATION_SWEEP_INTERVAL_MS);
      sweeper.unref();
    }
  });
  app.addHook('preClose', async () => {
    if (sweeper) clearInterval(sweeper);
    await relay.stop();
    await mail.relay.stop();
  });
  app.decorate('commerce', { orders, refunds, relay, carts, payments, mailRelay: mail.relay });
  app.decorate('shopSettings', settings);

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Services tests and the benchmark drive directly (sweeper, relay). */
    commerce: {
      orders: ReturnType<typeof createOrderService>;
      refunds: ReturnType<typeof createRefundService>;
      relay: ReturnType<typeof createOutboxRelay>;
      carts: ReturnType<typeof createCartService>;
      payments: PaymentProvider;
      mailRelay: ReturnType<typeof createMail>['relay'];
    };
    /** The shop's settings; `getShopSettings()` is what mails and pages render from. */
    shopSettings: ShopSettingsService;
  }
}
