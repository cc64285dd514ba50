import { randomBytes } from 'node:crypto';
import { Segment, SegmentList } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedConfig, removeIsolated, SITE, staffToken } from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig();
const app = await buildApp(config, { role: 'ingest' });
let token = '';

beforeAll(async () => {
  await app.ready();
  token = await staffToken(config);
});
afterAll(async () => {
  await app.close();
  await removeIsolated(config);
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, bearer = token) =>
  app.inject({ method, url, payload, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
const name = () => `Mobile Instagram ${randomBytes(3).toString('hex')}`;

describe('saved segments', () => {
  it('saves, lists, replaces and deletes a segment of a site', async () => {
    const created = await call('POST', '/api/segments', {
      site: SITE,
      name: name(),
      filters: ['referrer:is:l.instagram.com', 'device:is:mobile', 'device:is:mobile'],
    });
    expect(created.statusCode).toBe(201);
    const segment = Segment.parse(created.json());
    expect(segment.filters).toEqual(['referrer:is:l.instagram.com', 'device:is:mobile']);

    const listed = SegmentList.parse((await call('GET', `/api/segments?site=${SITE}`)).json());
    expect(listed.segments.map((s) => s.id)).toContain(segment.id);
    const elsewhere = SegmentList.parse((await call('GET', '/api/segments?site=another-shop')).json());
    expect(elsewhere.segments.map((s) => s.id)).not.toContain(segment.id);

    const renamed = await call('PUT', `/api/segments/${segment.id}`, {
      site: SITE,
      name: `${segment.name} (EU)`,
      filters: ['device:is:mobile'],
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: `${segment.name} (EU)`, filters: ['device:is:mobile'] });

    expect((await call('DELETE', `/api/segments/${segment.id}?site=${SITE}`)).statusCode).toBe(204);
    const gone = await call('DELETE', `/api/segments/${segment.id}?site=${SITE}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a second segment of the same name on a site with a conflict problem', async () => {
    const body = { site: SITE, name: name(), filters: ['page:contains:/products'] };
    expect((await call('POST', '/api/segments', body)).statusCode).toBe(201);
    const again = await call('POST', '/api/segments', body);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
    expect(again.json().detail).toContain(body.name);
  });

  it('refuses malformed filters, an empty name and unknown segments with problem details', async () => {
    for (const body of [
      { site: SITE, name: name(), filters: ['planet:is:mars'] },
      { site: SITE, name: name(), filters: ['device:like:mobile'] },
      { site: SITE, name: name(), filters: [] },
      { site: SITE, name: '   ', filters: ['device:is:mobile'] },
    ]) {
      const answer = await call('POST', '/api/segments', body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'validation_failed' });
    }
    const missing = await call('PUT', '/api/segments/no-such-id', {
      site: SITE,
      name: name(),
      filters: ['device:is:mobile'],
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is for staff only', async () => {
    expect((await call('GET', `/api/segments?site=${SITE}`, undefined, '')).statusCode).toBe(401);
    const customer = await staffToken(config, 'customer');
    expect((await call('GET', `/api/segments?site=${SITE}`, undefined, customer)).statusCode).toBe(403);
  });
});
