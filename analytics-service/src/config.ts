import { loadConfig, NodeEnv, portVar, urlVar } from '@shopstream/server-kit';
import { z } from 'zod';

export const ConfigSchema = z.object({
  NODE_ENV: NodeEnv,
  PORT: portVar(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  /** How long a session verdict is reused (ms): a logged-out, disabled or demoted token is refused within this (plus /ws re-checks). */
  SESSION_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(5000).default(1000),
  JWT_SECRET: z
    .string()
    .min(16, 'expected at least 16 characters')
    .default('dev-only-jwt-secret-change-me-0123456789abcdef'),
  /**
   * `site:writeKey` pairs, comma-separated; the first is the default site. `e2e-shop` is the dashboard
   * journey's own site, so its comparison with the simulator's ground truth sees no other traffic.
   */
  ANALYTICS_SITES: z
    .string()
    .default('demo-shop:demo-shop-write-key,e2e-shop:e2e-shop-write-key')
    .transform((value) =>
      value
        .split(',')
        .map((pair) => pair.trim().split(':'))
        .filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0] && !!pair[1])
        .map(([site, writeKey]) => ({ site, writeKey })),
    ),
  /** Trusted events (orders, revenue) from backend-api: `Authorization: Bearer <key>`. */
  ANALYTICS_SERVER_KEY: z.string().min(16).default('dev-only-analytics-server-key'),
  /** Secret mixed into the daily visitor salt; rotate it to forget every visitor id at once. */
  ANALYTICS_VISITOR_SECRET: z.string().min(16).default('dev-only-visitor-salt-secret'),
  /** Referrer hosts treated as spam (bots), per site: `site:host|host,site:host`. */
  ANALYTICS_REFERRER_BLOCKLIST: z
    .string()
    .default('demo-shop:semalt.com|buttons-for-website.com|darodar.com')
    .transform((value) => {
      const bySite = new Map<string, Set<string>>();
      for (const entry of value.split(',')) {
        const [site, hosts] = entry.trim().split(':');
        if (site && hosts) bySite.set(site, new Set(hosts.split('|').map((h) => h.trim().toLowerCase())));
      }
      return bySite;
    }),
  /** Events per second per site and process before 429 (with ANALYTICS_PROCESSES=N, N times that per instance). */
  ANALYTICS_RATE_LIMIT: z.coerce.number().int().min(1).default(200_000),
  /** Prefix of every queue and exchange, so tests and environments never share them. */
  ANALYTICS_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_.-]+$/)
    .default('analytics'),
  ANALYTICS_DELIVERY_LIMIT: z.coerce.number().int().min(1).default(5),
  ANALYTICS_PREFETCH: z.coerce.number().int().min(1).max(5000).default(400),
  ANALYTICS_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(2000),
  ANALYTICS_BATCH_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(200),
  /** `all` (default) runs ingestion, workers, reports and the live feed; `ingest` or `worker` split them. */
  /** The currency reports are in: revenue is summed per site in its one currency. */
  ANALYTICS_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
  ANALYTICS_ROLE: z.enum(['all', 'ingest', 'worker']).default('all'),
  /** Processes of the role sharing the port (node:cluster); 1 runs the server in this process alone. */
  ANALYTICS_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
});

export type Config = z.infer<typeof ConfigSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config =>
  loadConfig(ConfigSchema, env);
