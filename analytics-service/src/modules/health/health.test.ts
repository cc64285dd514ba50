import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { readConfig } from '../../config';

describe('health and readiness', () => {
  it('is live and ready when RabbitMQ and MongoDB answer', async () => {
    const app = await buildApp(readConfig({ LOG_LEVEL: 'silent' }));
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({
        status: 'ok',
        service: 'analytics-service',
      });
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
      const states = Object.fromEntries(
        ready.json().checks.map((c: { name: string; status: string }) => [c.name, c.status]),
      );
      expect(states).toMatchObject({ rabbitmq: 'up', mongodb: 'up' });
    } finally {
      await app.close();
    }
  });

  it('answers /ready with 503 naming RabbitMQ when the broker is unreachable, while /health stays 200', async () => {
    const app = await buildApp(
      readConfig({ LOG_LEVEL: 'silent', RABBITMQ_URL: 'amqp://rabbitmq:rabbitmq_secret@127.0.0.1:1' }),
    );
    try {
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'rabbitmq', status: 'down' })]),
      );
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
