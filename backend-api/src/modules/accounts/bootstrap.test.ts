import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { buildApp } from '../../app';
import { ConfigSchema } from '../../config';
import { ensureBootstrapAdmin } from './bootstrap';

let ctx: TestApp;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx?.close());

describe('bootstrap admin', () => {
  it('creates the admin from the environment once, printing a generated password only that first time', async () => {
    const printed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const lines: string[] = [];
    const log = {
      info: (...args: unknown[]) => lines.push(JSON.stringify(args)),
      warn: () => {},
      error: () => {},
    };
    try {
      const config = { ...ctx.config, NODE_ENV: 'development' as const, ADMIN_EMAIL: 'Boss@Example.com' };
      await ensureBootstrapAdmin(config, log as never);
      await ensureBootstrapAdmin(config, log as never);
      const output = printed.mock.calls.map((call) => String(call[0])).join('');
      const password = /password: (\S+)/.exec(output)?.[1];
      expect(password).toBeDefined();
      expect(output.match(/password:/g)).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(password!);

      printed.mockRestore();
      const login = await ctx.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'boss@example.com', password },
      });
      expect(login.json().user.role).toBe('admin');
    } finally {
      printed.mockRestore();
    }
  });

  it('uses ADMIN_PASSWORD without printing it', async () => {
    const printed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await ensureBootstrapAdmin(
        { ...ctx.config, ADMIN_EMAIL: 'chief@example.com', ADMIN_PASSWORD: 'chief-password-from-env' },
        { info: () => {}, warn: () => {}, error: () => {} } as never,
      );
      expect(printed.mock.calls.map((call) => String(call[0])).join('')).not.toContain(
        'chief-password-from-env',
      );
    } finally {
      printed.mockRestore();
    }
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'chief@example.com', password: 'chief-password-from-env' },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('secrets', () => {
  it('requires JWT_SECRET, the SMTP server, the sender and ANALYTICS_SERVER_KEY in production and falls back to dev values elsewhere', () => {
    const production = ConfigSchema.safeParse({ NODE_ENV: 'production' });
    expect(production.success).toBe(false);
    expect(production.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'JWT_SECRET',
      'SMTP_URL',
      'MAIL_FROM',
      'ANALYTICS_SERVER_KEY',
    ]);
    const published = ConfigSchema.safeParse({
      NODE_ENV: 'production',
      JWT_SECRET: ConfigSchema.parse({ NODE_ENV: 'development' }).JWT_SECRET,
      ANALYTICS_SERVER_KEY: 'a-server-key-of-our-own-0123456789',
      SMTP_URL: 'smtp://mailer:secret@smtp.example.com:587',
      MAIL_FROM: 'Shop <orders@example.com>',
    });
    expect(published.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['JWT_SECRET']);
    expect(ConfigSchema.parse({ NODE_ENV: 'development' }).JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(ConfigSchema.parse({ NODE_ENV: 'development' }).SMTP_URL).toBe('smtp://127.0.0.1:1025');
    expect(ConfigSchema.safeParse({ NODE_ENV: 'production', JWT_SECRET: 'short' }).success).toBe(false);
  });

  it('writes JSON logs with a request id and never a password or token', async () => {
    const lines: string[] = [];
    const app = await buildApp(
      { ...ctx.config, LOG_LEVEL: 'trace', REDIS_KEY_PREFIX: `${ctx.config.REDIS_KEY_PREFIX}logs:` },
      { logStream: { write: (line) => lines.push(line) } },
    );
    try {
      const password = 'very-secret-password-123';
      await app.inject({
        method: 'POST',
        url: '/auth/register',
        headers: { 'x-request-id': 'req-abc-123' },
        payload: { email: 'logged@example.com', password, name: 'Logged' },
      });
      const registered = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'logged@example.com', password },
      });
      const cookie = String([registered.headers['set-cookie']].flat()[0]).split(';')[0]!;
      const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { cookie } });
      await app.inject({ url: '/me', headers: { authorization: `Bearer ${refreshed.json().accessToken}` } });
      await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'logged@example.com', password: 'wrong-guess-password' },
      });

      const output = lines.join('');
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries.some((entry) => entry.reqId === 'req-abc-123')).toBe(true);
      expect(output).not.toContain(password);
      expect(output).not.toContain('wrong-guess-password');
      expect(output).not.toContain(cookie.split('=')[1]);
      expect(output).not.toContain(registered.json().accessToken);
      expect(output).not.toContain(refreshed.json().accessToken);
    } finally {
      await app.close();
    }
  });
});
