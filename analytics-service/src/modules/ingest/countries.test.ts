import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makePageview,
  removeIsolated,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const db = mongo.db();

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

/** A browser behind the proxy (tests stand in for it on loopback: TRUST_PROXY=loopback). */
const visit = (ip: string, path: string, at: Date) =>
  app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
    payload: makePageview({
      timestamp: at.toISOString(),
      page: { path, url: `https://shop.example${path}` },
    }),
  });

describe('countries at ingest', () => {
  const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000);
  const visits = [
    { ip: '81.2.69.142', path: '/from-gb', country: 'GB' },
    { ip: '2a00:1450:4001::1', path: '/from-ie', country: 'IE' },
    { ip: '192.168.1.20', path: '/from-lan', country: undefined },
  ];
  let ids: string[] = [];

  beforeAll(async () => {
    ids = [];
    for (const [index, v] of visits.entries()) {
      const response = await visit(v.ip, v.path, new Date(hour.getTime() + index * 60_000));
      expect(response.statusCode).toBe(202);
      ids.push(response.json().ids[0]);
    }
    await waitFor(
      async () =>
        (await db.collection('applies').countDocuments({ state: { $ne: 'done' } }))
          ? -1
          : await db.collection('events').countDocuments({ _id: { $in: ids } as never }),
      (n) => n === visits.length,
    );
  });

  it('gives a known public address its country and a private one none', async () => {
    const stored = await db
      .collection<{ _id: string; path: string; country?: string }>('events')
      .find({ _id: { $in: ids } })
      .toArray();
    for (const v of visits) {
      const doc = stored.find((d) => d.path === v.path);
      expect(doc?.country, v.ip).toBe(v.country);
    }
  });

  it('stores the address nowhere: not in events, sessions or buckets', async () => {
    const everything = JSON.stringify([
      await db.collection('events').find({}).toArray(),
      await db.collection('sessions').find({}).toArray(),
      await db.collection('buckets').find({}).toArray(),
    ]);
    for (const v of visits) expect(everything).not.toContain(v.ip);
    expect(everything).not.toContain('81.2.69');
  });

  it('breaks pageviews down by country, unknown included, in JSON and CSV', async () => {
    const token = await staffToken(config);
    const query = new URLSearchParams({
      site: SITE,
      from: hour.toISOString(),
      to: new Date(hour.getTime() + 3600_000).toISOString(),
    });
    const headers = { authorization: `Bearer ${token}` };
    const report = await app.inject({ url: `/api/reports/breakdown/country?${query}`, headers });
    expect(report.statusCode).toBe(200);
    expect(report.json().rows).toEqual(
      expect.arrayContaining([
        { key: 'GB', pageviews: 1, events: 1 },
        { key: 'IE', pageviews: 1, events: 1 },
        { key: '(unknown)', pageviews: 1, events: 1 },
      ]),
    );
    const csv = await app.inject({ url: `/api/reports/breakdown/country?${query}&format=csv`, headers });
    expect(csv.body.split('\n')[0]).toBe('key,pageviews,events');
    expect(csv.body).toContain('GB,1,1');
  });
});
