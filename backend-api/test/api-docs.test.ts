import { describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  ANALYTICS_SERVER_KEY: 'a-production-server-key-0123456789',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'Shop <orders@shop.test>',
  SWAGGER_USERNAME: 'docs',
  SWAGGER_PASSWORD: 'docs-secret',
};
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('/api-docs', () => {
  it('asks for SWAGGER_USERNAME and SWAGGER_PASSWORD in production', async () => {
    const ctx = await startTestApp(PRODUCTION);
    try {
      const anonymous = await ctx.app.inject({ url: '/api-docs/json' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toContain('Basic');
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      const wrong = await ctx.app.inject({
        url: '/api-docs/json',
        headers: { authorization: basic('docs', 'guess') },
      });
      expect(wrong.statusCode).toBe(401);
      const allowed = await ctx.app.inject({
        url: '/api-docs/json',
        headers: { authorization: basic('docs', 'docs-secret') },
      });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json().openapi).toBe('3.1.0');
    } finally {
      await ctx.close();
    }
  });

  it('is open in development and gone with SWAGGER_ENABLED=false', async () => {
    const open = await startTestApp({ NODE_ENV: 'development' });
    try {
      expect((await open.app.inject({ url: '/api-docs/json' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const off = await startTestApp({ SWAGGER_ENABLED: 'false' });
    try {
      const response = await off.app.inject({ url: '/api-docs/json' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    } finally {
      await off.close();
    }
  });
});
