import amqp from 'amqplib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../analytics-service/src/app';
import type { Config } from '../../analytics-service/src/config';
import { assertTopology, topologyNames } from '../../analytics-service/src/modules/pipeline/topology';
import {
  BROWSER_UA,
  isolatedConfig,
  makeOrderCompleted,
  makePageview,
  makeProductViewed,
  RABBITMQ_URL,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  WRITE_KEY,
} from '../../analytics-service/test/support/environment';
import { type FuzzReport, type FuzzTarget, fuzz, type Identity, summary } from './support/fuzzer';

let config: Config;
let app: FastifyInstance;
let broker: amqp.ChannelModel;
let report: FuzzReport;

beforeAll(async () => {
  config = isolatedConfig();
  // Ingest only: no worker drains the queue, so its depth moves only when a request publishes.
  app = await buildApp(config, { role: 'ingest' });
  await app.ready();
  broker = await amqp.connect(RABBITMQ_URL);
  const channel = await broker.createChannel();
  await assertTopology(channel, topologyNames(config), config.ANALYTICS_DELIVERY_LIMIT);
  const queue = topologyNames(config).eventsQueue;

  // A browser's user agent on every request: the bot filter would otherwise drop each event before the queue.
  const identity = (name: string, headers: Record<string, string> = {}): Identity => ({
    name,
    headers: { 'user-agent': BROWSER_UA, ...headers },
  });
  const staff = identity('staff', { authorization: `Bearer ${await staffToken(config, 'staff')}` });
  const admin = identity('admin', { authorization: `Bearer ${await staffToken(config, 'admin')}` });
  const customer = identity('customer', { authorization: `Bearer ${await staffToken(config, 'customer')}` });
  const site = identity('site (write key)', { 'x-write-key': WRITE_KEY });
  const server = identity('backend-api (server key)', { authorization: `Bearer ${SERVER_KEY}` });
  const target: FuzzTarget = {
    service: 'analytics-service',
    app,
    identities: [identity('anonymous'), customer, site, server, staff, admin],
    proberOf: (op, index) => (op.secured ? staff : index % 2 === 0 ? site : server),
    knownValues: [SITE, WRITE_KEY],
    writeMark: async () => String((await channel.checkQueue(queue)).messageCount),
    // The tracker's sendBeacon posts JSON as text/plain (no CORS preflight); /docs/json does not say so.
    // The Segment routes read JSON whatever media type is declared (analytics.js sends text/plain).
    readsAsJson: (op) =>
      op.id === 'POST /collect'
        ? ['text/plain']
        : op.path.startsWith('/v1/')
          ? ['text/plain', 'application/x-www-form-urlencoded']
          : [],
    // Events of the spec, which /docs/json leaves open (`batch: unknown[]`): probes reach into them.
    examples: (op) => {
      const events = () => [
        makePageview(),
        makeProductViewed(),
        makeOrderCompleted([{ productId: 'p-1', price: 1299, quantity: 2 }]),
      ];
      if (op.id === 'POST /api/events') return [...events(), { batch: events() }];
      if (['POST /collect', 'POST /v1/batch', 'POST /v1/import', 'POST /v1/b'].includes(op.id))
        return [{ batch: events() }];
      return [];
    },
  };
  report = await fuzz(target, (await app.inject({ url: '/docs/json' })).json());
  console.log(summary(report));
}, 300_000);

afterAll(async () => {
  await broker?.close();
  await app?.close();
  if (config) await removeIsolated(config);
});

describe('analytics-service under requests generated from its OpenAPI document', () => {
  it('covers every operation of /docs/json, past authentication on every guarded one', () => {
    expect(report.operations).toBeGreaterThanOrEqual(14);
    expect(report.neverPastAuth).toEqual([]);
  });

  it('sees the publishes of accepted requests, so the check of refused ones could fail', () => {
    expect(report.writesSeen).toBeGreaterThan(0);
    expect(report.byClass['2xx']).toBeGreaterThan(0);
  });

  it('never answers 5xx, never 2xx to a request that breaks the contract, always a problem without internals, and publishes nothing when it refuses', () => {
    expect(report.failures.map((f) => `${f.operation} [${f.field} ${f.kind}] ${f.problem}`)).toEqual([]);
  });
});
