import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { EventInput, Role } from '@shopstream/contracts';
import { createAccessTokens, createSessionRegistry } from '@shopstream/server-kit';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { type Db, MongoClient } from 'mongodb';
import { type AppOptions, buildApp } from '../../src/app';
import { type Config, readConfig } from '../../src/config';
import { topologyNames } from '../../src/modules/pipeline/topology';

export const RABBITMQ_URL = 'amqp://rabbitmq:rabbitmq_secret@127.0.0.1:5672';
export const WRITE_KEY = 'test-write-key';
export const SERVER_KEY = 'test-server-key-0123456789';
export const SITE = 'test-shop';
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** A config with its own MongoDB database and its own queue prefix: test files never share state. */
export function isolatedConfig(overrides: Record<string, string> = {}): Config {
  const suffix = randomBytes(5).toString('hex');
  return readConfig({
    LOG_LEVEL: 'silent',
    MONGODB_URI: `mongodb://analytics:analytics_secret@127.0.0.1:27017/analytics_test_${suffix}?authSource=admin`,
    ANALYTICS_QUEUE_PREFIX: `test.${suffix}`,
    ANALYTICS_SITES: `${SITE}:${WRITE_KEY}`,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    ANALYTICS_REFERRER_BLOCKLIST: `${SITE}:spam-referrer.example`,
    ANALYTICS_BATCH_WAIT_MS: '50',
    REDIS_KEY_PREFIX: `test:analytics_${suffix}:`,
    // Tests stand in for a proxy on loopback to give events their client addresses.
    TRUST_PROXY: 'loopback',
    ...overrides,
  });
}

/**
 * A whole analytics service (`role: 'all'` unless told: ingest, workers, reports) on its own database, queues
 * and Redis keys, with a client of its database; `close` stops it and removes what it made.
 */
export async function startIsolatedApp(
  options: AppOptions = { role: 'all' },
  overrides: Record<string, string> = {},
) {
  const config = isolatedConfig(overrides);
  const app = await buildApp(config, options);
  const mongo = new MongoClient(config.MONGODB_URI);
  return {
    config,
    app,
    db: mongo.db(),
    async close() {
      await app.close();
      await mongo.close();
      await removeIsolated(config);
    },
  };
}

/** Drops the test database and deletes the test queues and exchanges. */
export async function removeIsolated(config: Config) {
  const mongo = new MongoClient(config.MONGODB_URI);
  await mongo
    .db()
    .dropDatabase()
    .catch(() => {});
  await mongo.close();
  const names = topologyNames(config);
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  channel.on('error', () => {});
  await channel.deleteQueue(names.eventsQueue).catch(() => {});
  await channel.deleteQueue(names.deadQueue).catch(() => {});
  await channel.deleteExchange(names.deadExchange).catch(() => {});
  await channel.deleteExchange(names.liveExchange).catch(() => {});
  await connection.close().catch(() => {});
  const redis = new Redis(config.REDIS_URL);
  try {
    const keys = await redis.keys(`${config.REDIS_KEY_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

type SessionConfig = Pick<Config, 'JWT_SECRET' | 'REDIS_URL' | 'REDIS_KEY_PREFIX'>;

/**
 * Records a live session of a fresh account with this role in the session mirror, as backend-api does at
 * sign-in (same registry code), for services, tools and benches that run without backend-api.
 */
export async function startSession(config: SessionConfig, role: Role = 'staff') {
  const sessionId = randomUUID();
  const userId = randomUUID();
  const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });
  try {
    await createSessionRegistry(redis, { endedTtlSeconds: 3600 }).sessionLive(
      { sessionId, userId, expiresAt: new Date(Date.now() + 3_600_000) },
      { role, disabled: false, updatedAt: new Date() },
    );
  } finally {
    redis.disconnect();
  }
  return { sessionId, userId };
}

/** A token shaped like backend-api's access tokens (same claims, issuer and audience), of a live session. */
export async function staffToken(config: SessionConfig, role: Role = 'staff', expiresInSeconds = 600) {
  const { sessionId, userId } = await startSession(config, role);
  return signAccessToken(config, { userId, sessionId, role }, expiresInSeconds);
}

/** Signs as backend-api does (server-kit's `createAccessTokens`); a negative lifetime gives an expired token. */
export const signAccessToken = (
  config: Pick<Config, 'JWT_SECRET'>,
  claims: { userId: string; sessionId: string; role: Role },
  expiresInSeconds = 600,
) => createAccessTokens(config.JWT_SECRET, expiresInSeconds).sign(claims);

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
  const started = Date.now();
  let value = await probe();
  while (!done(value)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

/** Events stored, or -1 while a batch is still being applied to the buckets (a probe for `waitFor`). */
export async function storedAndAggregated(db: Db) {
  const applying = await db
    .collection('applies')
    .countDocuments({ state: { $in: ['inserting', 'applying'] } });
  return applying ? -1 : await db.collection('events').countDocuments({});
}

let serial = 0;
const nextId = () => `${randomBytes(4).toString('hex')}-${++serial}`;

export function makePageview(overrides: Partial<EventInput> = {}): EventInput {
  return {
    id: nextId(),
    type: 'page',
    page: { url: 'https://shop.example/', path: '/', referrer: 'https://www.google.com/', title: 'Home' },
    ...overrides,
  };
}

export function makeProductViewed(productId = 'prod-1', overrides: Partial<EventInput> = {}): EventInput {
  return {
    id: nextId(),
    type: 'track',
    event: 'Product Viewed',
    properties: { product_id: productId, name: `Product ${productId}`, price: 1299, currency: 'EUR' },
    ...overrides,
  };
}

export function makeOrderCompleted(
  lines: Array<{ productId: string; price: number; quantity: number }>,
  overrides: Partial<EventInput> = {},
): EventInput {
  const orderId = nextId();
  const total = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return {
    id: `order-${orderId}`,
    type: 'track',
    event: 'Order Completed',
    properties: {
      order_id: orderId,
      total,
      currency: 'EUR',
      products: lines.map((line) => ({
        product_id: line.productId,
        price: line.price,
        quantity: line.quantity,
      })),
    },
    ...overrides,
  };
}

/** A TCP port nothing listens on right now (the probe server is closed before this resolves). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
