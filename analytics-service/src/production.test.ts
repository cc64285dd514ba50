import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makePageview,
  removeIsolated,
  waitFor,
} from '../test/support/environment';
import { buildApp } from './app';
import { ConfigSchema } from './config';

/** What production needs set: nothing published in this repository. */
const productionEnv = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-jwt-secret-of-32-characters-or-more',
  ANALYTICS_SERVER_KEY: 'a-production-server-key-0123456789',
  ANALYTICS_VISITOR_SECRET: 'a-production-visitor-secret-0123456789',
  ANALYTICS_SITES: 'main-shop:Kq7Pz1wXc9Lm',
};

/** The problems of an environment as `VARIABLE: message` lines, as the start would print them. */
const problemsOf = (env: Record<string, string>) =>
  (ConfigSchema.safeParse(env).error?.issues ?? []).map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );

describe('production configuration', () => {
  it('starts with its own secrets and no development default', () => {
    expect(problemsOf(productionEnv)).toEqual([]);
  });

  it.each(['JWT_SECRET', 'ANALYTICS_SERVER_KEY', 'ANALYTICS_VISITOR_SECRET'] as const)(
    'refuses to start on the development default of %s, naming it',
    (name) => {
      const { [name]: _left, ...env } = productionEnv;
      expect(problemsOf(env)).toEqual([
        `${name}: is required in production: the development default is published in the repository`,
      ]);
      // The same value given explicitly is refused too.
      const published = ConfigSchema.parse({})[name];
      expect(problemsOf({ ...productionEnv, [name]: published })).toHaveLength(1);
    },
  );

  it('refuses the development write keys of ANALYTICS_SITES in production, and its default', () => {
    const { ANALYTICS_SITES: _left, ...env } = productionEnv;
    expect(problemsOf(env)).toEqual([
      'ANALYTICS_SITES: uses a development write key in production: give every site a write key of its own',
    ]);
    expect(problemsOf({ ...productionEnv, ANALYTICS_SITES: 'main:demo-shop-write-key' })).toHaveLength(1);
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuses a JWT_SECRET shorter than 32 characters, in any mode', () => {
    expect(problemsOf({ ...productionEnv, JWT_SECRET: 'x'.repeat(31) })).toEqual([
      'JWT_SECRET: expected a secret of at least 32 characters (the same as backend-api)',
    ]);
    expect(problemsOf({ JWT_SECRET: 'sixteen-chars-ok' })).toHaveLength(1);
  });

  it('stops on a malformed ANALYTICS_SITES entry with one line that names it but not its write key', () => {
    for (const sites of [
      'shop',
      'shop:',
      ':key-12345678',
      'shop:key-12345678,',
      'Shop Two:key-12345678',
      'a:short',
    ]) {
      const problems = problemsOf({ ANALYTICS_SITES: sites });
      expect(problems, sites).toHaveLength(1);
      expect(problems[0]).toMatch(/^ANALYTICS_SITES: entry \d is malformed: expected site:writeKey pairs/);
    }
    expect(problemsOf({ ANALYTICS_SITES: 'a:key-12345678,a:key-87654321' })).toEqual([
      'ANALYTICS_SITES: entry 2 repeats a site or a write key',
    ]);
    expect(problemsOf({ ANALYTICS_SITES: 'a:key-12345678,b:key-87654321' })).toEqual([]);
  });

  it('stops on a malformed referrer blocklist entry with one line that shows it', () => {
    for (const entry of [
      'demo-shop',
      'demo-shop:',
      'demo-shop:semalt.com|',
      'demo-shop:not a host',
      'a:b.com,a:c.com',
      'a:b:c.com',
    ]) {
      const problems = problemsOf({ ANALYTICS_REFERRER_BLOCKLIST: entry });
      expect(problems, entry).toHaveLength(1);
      expect(problems[0]).toMatch(/^ANALYTICS_REFERRER_BLOCKLIST: expected site:host\|host entries/);
    }
    expect(
      ConfigSchema.parse({ ANALYTICS_REFERRER_BLOCKLIST: 'a:Spam.example|b.example.org' })
        .ANALYTICS_REFERRER_BLOCKLIST,
    ).toEqual(new Map([['a', new Set(['spam.example', 'b.example.org'])]]));
    expect(ConfigSchema.parse({ ANALYTICS_REFERRER_BLOCKLIST: '' }).ANALYTICS_REFERRER_BLOCKLIST.size).toBe(
      0,
    );
  });

  it('trusts no proxy unless TRUST_PROXY names them, and refuses a malformed one', () => {
    expect(ConfigSchema.parse({}).TRUST_PROXY).toBe(false);
    expect(ConfigSchema.parse({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(problemsOf({ TRUST_PROXY: 'my-proxy' })).toHaveLength(1);
  });
});

describe('starting in production', () => {
  it('stops with one line per development default left, naming the variable and not its value', () => {
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production' };
    for (const name of ['JWT_SECRET', 'ANALYTICS_SERVER_KEY', 'ANALYTICS_VISITOR_SECRET', 'ANALYTICS_SITES'])
      delete env[name];
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url))],
      { env, encoding: 'utf8', timeout: 20_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid environment variable JWT_SECRET: is required in production: the development default is published in the repository',
      'Invalid environment variable ANALYTICS_SERVER_KEY: is required in production: the development default is published in the repository',
      'Invalid environment variable ANALYTICS_VISITOR_SECRET: is required in production: the development default is published in the repository',
      'Invalid environment variable ANALYTICS_SITES: uses a development write key in production: give every site a write key of its own',
    ]);
    expect(result.stderr).not.toContain('dev-only');
  });
});

describe('an instance in production', () => {
  const config = isolatedConfig({
    ...productionEnv,
    ANALYTICS_SITES: 'test-shop:Kq7Pz1wXc9Lm',
    TRUST_PROXY: 'false',
    METRICS_TOKEN: 'a-metrics-scrape-token-0123',
    SWAGGER_USERNAME: 'docs-reader',
    SWAGGER_PASSWORD: 'docs-password-0123',
  });
  const closed = isolatedConfig({ ...productionEnv, ANALYTICS_SITES: 'test-shop:Kq7Pz1wXc9Lm' });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let bare: Awaited<ReturnType<typeof buildApp>>;
  const mongo = new MongoClient(config.MONGODB_URI);

  beforeAll(async () => {
    app = await buildApp(config, { role: 'all' });
    bare = await buildApp(closed, { role: 'ingest' });
    await Promise.all([app.ready(), bare.ready()]);
  });
  afterAll(async () => {
    await Promise.all([app?.close(), bare?.close()]);
    await mongo.close();
    await Promise.all([removeIsolated(config), removeIsolated(closed)]);
  });

  it('answers /metrics only with its bearer token, and not at all without a configured one', async () => {
    const scrape = (target: typeof app, authorization?: string) =>
      target.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await scrape(app)).statusCode).toBe(401);
    expect((await scrape(app, 'Bearer wrong-token-0123456789')).statusCode).toBe(401);
    const scraped = await scrape(app, `Bearer ${config.METRICS_TOKEN}`);
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('analytics_queue_depth');
    expect((await scrape(bare)).statusCode).toBe(401);
    expect((await scrape(bare, 'Bearer anything-at-all-0123')).statusCode).toBe(401);
  });

  it('keeps /docs behind its credentials, and closed without them', async () => {
    const docs = (target: typeof app, authorization?: string) =>
      target.inject({ method: 'GET', url: '/docs/json', headers: authorization ? { authorization } : {} });
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    expect((await docs(app)).statusCode).toBe(401);
    expect((await docs(app)).headers['www-authenticate']).toBe('Basic realm="docs"');
    expect((await docs(app, basic('docs-reader', 'wrong'))).statusCode).toBe(401);
    expect((await docs(app, basic('docs-reader', 'docs-password-0123'))).statusCode).toBe(200);
    expect((await docs(bare)).statusCode).toBe(401);
    const off = await buildApp(isolatedConfig({ SWAGGER_ENABLED: 'false' }), { role: 'worker' });
    expect((await off.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404);
    await off.close();
  });

  it('ignores X-Forwarded-For with TRUST_PROXY off: a forged address does not make a new visitor', async () => {
    const first = makePageview();
    const second = makePageview();
    for (const [event, address] of [
      [first, '203.0.113.7'],
      [second, '198.51.100.9'],
    ] as const) {
      const answer = await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { 'x-write-key': 'Kq7Pz1wXc9Lm', 'user-agent': BROWSER_UA, 'x-forwarded-for': address },
        payload: event,
      });
      expect(answer.statusCode).toBe(202);
    }
    const stored = await waitFor(
      () =>
        mongo
          .db()
          .collection<{ _id: string; visitorId: string }>('events')
          .find({ _id: { $in: [first.id!, second.id!] } })
          .toArray(),
      (docs) => docs.length === 2,
    );
    expect(stored[0]!.visitorId).toBe(stored[1]!.visitorId);
  });
});
