import { booleanVar, loadConfig, NodeEnv, portVar, urlVar } from '@shopstream/server-kit';
import { z } from 'zod';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
/** Published in this repository (and analytics-service's default): refused in production. */
const DEV_ANALYTICS_SERVER_KEY = 'dev-only-analytics-server-key';

export const ConfigSchema = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: portVar(5005),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty` for a person reading a terminal (`npm run dev`); JSON lines otherwise. */
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    DATABASE_URL: urlVar(['postgres', 'postgresql'], 'postgres://user:password@host:5432/database').default(
      'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432/ecommerce_db',
    ),
    /** Connections per API process; each checkout holds one for its short transactions. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(2000)
      .describe('How long a request waits for a pooled connection before it is answered 503'),
    REDIS_URL: urlVar(['redis', 'rediss'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().default('shopstream:api:'),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3001,http://localhost:3002,http://localhost:3003')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .describe(
        'Proxies whose X-Forwarded-For is believed: addresses, CIDRs or loopback/linklocal/uniquelocal',
      ),
    PUBLIC_URL: urlVar(['http', 'https'], 'https://api.example.com').default('http://localhost:5005'),
    UPLOAD_DIR: z
      .string()
      .min(1)
      .default(new URL('../../.local/uploads/', import.meta.url).pathname)
      .describe('Folder for product images uploaded by staff (served at /uploads/<name>)'),
    SWAGGER_ENABLED: booleanVar(true),
    SWAGGER_USERNAME: z.string().min(1).optional(),
    SWAGGER_PASSWORD: z.string().min(1).optional(),
    JWT_SECRET: z.string().min(32, 'expected a secret of at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int()
      .min(30)
      .max(86_400)
      .default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce
      .number({ message: 'expected a number of days' })
      .int()
      .min(1)
      .max(365)
      .default(30),
    /** A rotated refresh token presented again this soon gets the same successor (tabs refreshing together). */
    REFRESH_TOKEN_GRACE_SECONDS: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int()
      .min(0)
      .max(60)
      .default(5),
    /** Login and registration requests per client address per window. */
    AUTH_RATE_LIMIT_PER_IP: z.coerce.number({ message: 'expected a number' }).int().min(1).default(20),
    /** Wrong passwords for one account from all addresses together per window; then the account waits. */
    AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number({ message: 'expected a number' }).int().min(1).default(50),
    /** Wrong passwords for one account from one address before each further one makes that address wait. */
    AUTH_RATE_LIMIT_PER_ACCOUNT_IP: z.coerce.number({ message: 'expected a number' }).int().min(1).default(5),
    /** The first wait after the free wrong passwords; it doubles with each further one. */
    AUTH_RATE_LIMIT_BACKOFF_SECONDS: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int()
      .min(1)
      .default(1),
    AUTH_RATE_LIMIT_BACKOFF_MAX_SECONDS: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int()
      .min(1)
      .default(900),
    AUTH_RATE_LIMIT_WINDOW_SECONDS: z.coerce
      .number({ message: 'expected a number' })
      .int()
      .min(1)
      .default(60),
    /** How long an API process keeps the shop settings in memory before asking Redis again. */
    SHOP_SETTINGS_CACHE_MS: z.coerce
      .number({ message: 'expected a number' })
      .int()
      .min(0)
      .max(60_000)
      .default(1000),
    CATALOG_CACHE_TTL_SECONDS: z.coerce.number({ message: 'expected a number' }).int().min(1).default(300),
    /** Analytics ingestion API the outbox relay delivers order events to (issue 6). */
    ANALYTICS_URL: urlVar(['http', 'https'], 'http://host:8080').default('http://localhost:8080'),
    /** Matches analytics-service's dev default; set the same secret on both in production. */
    ANALYTICS_SERVER_KEY: z.string().min(16).default(DEV_ANALYTICS_SERVER_KEY),
    ANALYTICS_SITE: z.string().min(1).default('demo-shop'),
    OUTBOX_RELAY_ENABLED: booleanVar(true),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
    /** Longest wait between delivery attempts while analytics is down. */
    OUTBOX_MAX_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
    RESERVATION_SWEEPER_ENABLED: booleanVar(true),
    /** Minutes a checkout holds stock while its payment is pending, before it returns to stock. */
    RESERVATION_TTL_MINUTES: z.coerce
      .number({ message: 'expected a number of minutes' })
      .min(0.01)
      .max(1440)
      .default(15),
    RESERVATION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
    /** Tax rate per destination country in basis points (1900 = 19%); others pay TAX_DEFAULT_RATE. */
    TAX_RATES: z
      .string()
      .default('DE:1900,FR:2000,NL:2100,AT:2000,IT:2200,ES:2100,GB:2000,US:0')
      .transform((value, ctx) => {
        const rates: Record<string, number> = {};
        for (const pair of value
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)) {
          const match = /^([A-Z]{2}):(\d{1,5})$/.exec(pair);
          if (!match || Number(match[2]) > 10_000) {
            ctx.addIssue({
              code: 'custom',
              message: `expected COUNTRY:basisPoints pairs such as DE:1900, got ${pair}`,
            });
            return z.NEVER;
          }
          rates[match[1]!] = Number(match[2]);
        }
        return rates;
      }),
    TAX_DEFAULT_RATE: z.coerce.number().int().min(0).max(10_000).default(0),
    /** Stripe (issue 17): with both keys the checkout takes payments through Stripe, without them the test provider. */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
      .optional(),
    /** The signing secret of the webhook endpoint (`whsec_…`): events whose signature fails are refused. */
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9_]+$/, 'expected a webhook signing secret (whsec_…)')
      .optional(),
    /** Where the SDK sends API calls: Stripe itself unless set (stripe-mock in tests: http://127.0.0.1:12111). */
    STRIPE_API_BASE: urlVar(['http', 'https'], 'http://127.0.0.1:12111').optional(),
    /** A pending Stripe order whose webhook has not come this long after checkout is asked about at Stripe. */
    STRIPE_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
    /** The SMTP server mail goes through (issue 16); Mailpit locally. Required in production. */
    SMTP_URL: urlVar(['smtp', 'smtps'], 'smtp://user:password@host:587').optional(),
    /** The sender of every message, `Name <address>`. Required in production. */
    MAIL_FROM: z
      .string()
      .regex(/^[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/, 'expected Name <address@domain>')
      .optional(),
    MAIL_RELAY_ENABLED: booleanVar(true),
    MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
    MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(20),
    /** Longest wait between attempts at a message while the SMTP server is down. */
    MAIL_MAX_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
    /** Where links in messages point. */
    STOREFRONT_URL: urlVar(['http', 'https'], 'https://shop.example.com').default('http://localhost:3001'),
    ADMIN_URL: urlVar(['http', 'https'], 'https://admin.example.com').default('http://localhost:3002'),
    /** Password reset requests per email, and per client address, per hour. */
    PASSWORD_RESET_PER_EMAIL: z.coerce.number().int().min(1).default(5),
    PASSWORD_RESET_PER_IP: z.coerce.number().int().min(1).default(30),
    ADMIN_EMAIL: z.email('expected an email address').optional(),
    ADMIN_PASSWORD: z.string().min(12, 'expected a password of at least 12 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is the published development secret: set one of your own in production',
      });
    }
    for (const key of ['SMTP_URL', 'MAIL_FROM'] as const) {
      if (env.NODE_ENV === 'production' && !env[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      const key = env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'is required with the other Stripe key: payments are confirmed by signed webhooks',
      });
    }
    if (
      env.NODE_ENV === 'production' &&
      env.STRIPE_SECRET_KEY?.includes('_test_') === false &&
      env.STRIPE_API_BASE
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_API_BASE'],
        message: 'must not redirect a live Stripe key away from Stripe',
      });
    }
    if (env.NODE_ENV === 'production' && env.ANALYTICS_SERVER_KEY === DEV_ANALYTICS_SERVER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['ANALYTICS_SERVER_KEY'],
        message: 'is required in production: the development default is published in the repository',
      });
    }
  })
  .transform(({ JWT_SECRET, SMTP_URL, MAIL_FROM, ...env }) => ({
    ...env,
    JWT_SECRET: JWT_SECRET ?? DEV_JWT_SECRET,
    // Development and tests only (production refuses to start without them): the local Mailpit.
    SMTP_URL: SMTP_URL ?? 'smtp://127.0.0.1:1025',
    MAIL_FROM: MAIL_FROM ?? 'ShopStream <shop@shopstream.localhost>',
  }));

export type Config = z.infer<typeof ConfigSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config =>
  loadConfig(ConfigSchema, env);
