import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logging';

describe('loggerOptions', () => {
  it('writes JSON lines unless asked for pretty output', () => {
    expect(loggerOptions('backend-api', 'info').logger).not.toHaveProperty('transport');
    expect(loggerOptions('backend-api', 'info', 'json').logger).not.toHaveProperty('transport');
  });

  it('renders for a person through pino-pretty, installed beside pino, when asked (npm run dev)', () => {
    const { logger } = loggerOptions('backend-api', 'info', 'pretty');
    expect(logger).toMatchObject({ transport: { target: 'pino-pretty' } });
    // pino resolves the transport target from Fastify's own pino.
    const fromPino = createRequire(createRequire(import.meta.url).resolve('fastify'));
    expect(() => fromPino.resolve('pino-pretty')).not.toThrow();
  });
});
