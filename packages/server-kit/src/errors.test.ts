import { ProblemCode } from '@shopstream/contracts';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  ErrorCode,
  frameworkErrors,
  isDependencyUnavailable,
  NotFound,
  problemDetailsPlugin,
  ValidationFailed,
} from './errors';

const app = Fastify({ logger: false, bodyLimit: 1024, frameworkErrors }).withTypeProvider<ZodTypeProvider>();

beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(problemDetailsPlugin);
  app.post(
    '/things',
    { schema: { body: z.strictObject({ name: z.string().max(10), price: z.number().int().nonnegative() }) } },
    async (request) => request.body,
  );
  app.get('/things/:id', async (request) => request.params);
  app.get('/missing', async () => {
    throw NotFound('No thing with id 7');
  });
  app.get('/invalid', async () => {
    throw ValidationFailed([{ field: 'email', message: 'is already taken' }]);
  });
  app.get('/busy', async () => {
    throw new AppError(ErrorCode.ServiceUnavailable, 'Broker unreachable', {
      headers: { 'retry-after': '5' },
    });
  });
  app.get('/empty-cart', async () => {
    throw new AppError(ErrorCode.CartEmpty, 'Add something first');
  });
  app.get('/bug', async () => {
    throw new Error('secret internal detail: password=hunter2');
  });
  await app.ready();
});
afterAll(() => app.close());

describe('problem details', () => {
  it('answers a typed error with its status, stable type and detail', async () => {
    const response = await app.inject({ method: 'GET', url: '/missing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      type: 'https://shopstream.dev/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: 'No thing with id 7',
      instance: '/missing',
    });
  });

  it('lists each invalid field of a body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'far too long a name', price: -5, extra: true },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.type).toBe('https://shopstream.dev/problems/validation_failed');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.name', 'body.price']));
    expect(body.errors.length).toBeGreaterThanOrEqual(3);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('https://shopstream.dev/problems/bad_request');
  });

  it('answers an oversized body with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(5000), price: 1 },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().type).toBe('https://shopstream.dev/problems/payload_too_large');
  });

  it('keeps field errors raised by a service', async () => {
    const response = await app.inject({ method: 'GET', url: '/invalid' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'email', message: 'is already taken' }]);
  });

  it('sends the headers a typed error carries, such as Retry-After', async () => {
    const response = await app.inject({ method: 'GET', url: '/busy' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('hides the internals of an unknown error behind a generic 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/bug' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json()).toMatchObject({ type: 'https://shopstream.dev/problems/internal', status: 500 });
  });

  it("answers URLs the router refuses before any route (bad percent-encoding, overlong segment) with a problem, not Fastify's own JSON", async () => {
    const badUtf8 = await app.inject({ method: 'GET', url: '/things/x%ED%A0%80y' });
    expect(badUtf8.statusCode).toBe(400);
    expect(badUtf8.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badUtf8.json()).toMatchObject({
      code: 'bad_request',
      status: 400,
      detail: expect.stringMatching(/UTF-8/),
    });
    const overlong = await app.inject({ method: 'GET', url: `/things/${'x'.repeat(5000)}` });
    expect(overlong.statusCode).toBe(414);
    expect(overlong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(overlong.json()).toMatchObject({ status: 414, detail: 'A segment of the URL path is too long' });
  });

  it('answers an unknown route with a problem, not an HTML page', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('problem sub-codes', () => {
  it('names every code of the contract in the error table', () => {
    expect(Object.values(ErrorCode).sort()).toEqual([...ProblemCode.options].sort());
  });

  it('answers a sub-code with its own code, type and title, and the status of a conflict', async () => {
    const response = await app.inject({ url: '/empty-cart' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'cart_empty',
      type: 'https://shopstream.dev/problems/cart_empty',
      title: 'The cart is empty',
      detail: 'Add something first',
    });
  });
});

describe('isDependencyUnavailable', () => {
  it('recognises the errors of unreachable servers, directly or as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const tooMany = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    const mongo = Object.assign(new Error('Server selection timed out after 30000 ms'), {
      name: 'MongoServerSelectionError',
    });
    expect(isDependencyUnavailable(refused)).toBe(true);
    expect(isDependencyUnavailable(tooMany)).toBe(true);
    expect(isDependencyUnavailable(mongo)).toBe(true);
    expect(isDependencyUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
    expect(isDependencyUnavailable(new AggregateError([refused], ''))).toBe(true);
  });

  it('leaves bugs and refusals of the data itself as they are', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(isDependencyUnavailable(unique)).toBe(false);
    expect(isDependencyUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false);
  });
});
