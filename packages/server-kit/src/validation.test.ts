import { checksTextPerItem } from '@shopstream/contracts';
import Fastify from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemDetailsPlugin } from './errors';
import { storableValidatorCompiler } from './validation';

const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();

beforeAll(async () => {
  app.setValidatorCompiler(storableValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(problemDetailsPlugin);
  app.post(
    '/things/:slug',
    {
      schema: {
        params: z.object({ slug: z.string() }),
        querystring: z.object({ q: z.string().optional(), max: z.coerce.number().int().optional() }),
        body: z.object({ name: z.string(), tags: z.array(z.string()).default([]) }),
      },
    },
    async (request) => ({ ...request.body, slug: request.params.slug, query: request.query }),
  );
  app.post(
    '/batch',
    {
      schema: {
        body: checksTextPerItem(z.object({ batch: z.array(z.unknown()), sentAt: z.string().optional() })),
      },
    },
    async (request) => ({ items: request.body.batch.length }),
  );
  await app.ready();
});
afterAll(() => app.close());

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, payload: payload as object });

describe('storable validator compiler', () => {
  it('reads an empty query value as an absent parameter, not as 0', async () => {
    const response = await post('/things/a?max=&q=', { name: 'ok' });
    expect(response.statusCode).toBe(200);
    expect(response.json().query).toEqual({});
    expect((await post('/things/a?max=7', { name: 'ok' })).json().query).toEqual({ max: 7 });
  });

  it('refuses NUL and lone surrogates in body, query and params with a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/things/a', { name: 'x\u0000y' }, 'body.name'],
      ['/things/a', { name: 'ok', tags: ['fine', '\ud800'] }, 'body.tags.1'],
      ['/things/a', { name: 'ok', 'bad\u0000key': 1 }, 'body.bad\u0000key'],
      ['/things/a?q=a%00b', { name: 'ok' }, 'querystring.q'],
      ['/things/a%00b', { name: 'ok' }, 'params.slug'],
    ];
    for (const [url, payload, field] of cases) {
      const response = await post(url, payload);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = response.json();
      expect(body.code).toBe('validation_failed');
      expect(body.errors[0].field).toBe(field);
      expect(body.detail).toContain('NUL');
    }
  });

  it('lets valid text through, surrogate pairs and control characters included', async () => {
    const response = await post('/things/a', { name: 'smile \ud83d\ude00\tbell\u0007' });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('smile \ud83d\ude00\tbell\u0007');
  });

  it('leaves the items of a batch marked as checking its own items to them, and checks its envelope', async () => {
    const response = await post('/batch', { batch: ['ok', 'bad\u0000'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: 2 });
    const envelope = await post('/batch', { batch: ['ok'], sentAt: 'x\ud800' });
    expect(envelope.statusCode).toBe(400);
    expect(envelope.json().errors[0].field).toBe('body.sentAt');
    const unknownKey = await post('/batch', { batch: ['ok'], 'k\u0000': 1 });
    expect(unknownKey.statusCode).toBe(400);
  });
});
