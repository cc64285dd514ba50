import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { EventInput } from '@shopstream/contracts';
import amqp from 'amqplib';
import { SignJWT } from 'jose';
import { MongoClient } from 'mongodb';
import { type Config, readConfig } from '../config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../modules/auth/staff';
import { topologyNames } from '../modules/pipeline/topology';

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
    ...overrides,
  });
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
}

/** A token shaped like backend-api's access tokens (same claims, issuer and audience). */
export async function staffToken(config: Pick<Config, 'JWT_SECRET'>, role = 'staff', expiresIn = '10m') {
  return new SignJWT({ role, sid: 'session-1' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('user-1')
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.JWT_SECRET));
}

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
