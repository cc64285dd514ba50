import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../config';

const issues = (env: Record<string, string>) => {
  const result = ConfigSchema.safeParse(env);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('Stripe configuration', () => {
  it('uses the test provider without keys, and Stripe only with both keys', () => {
    expect(issues({})).toEqual([]);
    expect(issues({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toEqual([]);
    expect(issues({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: is required with the other Stripe key/),
    ]);
    expect(issues({ STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toEqual([
      expect.stringMatching(/^STRIPE_SECRET_KEY: is required/),
    ]);
  });

  it('refuses what is not a Stripe key, and a live key sent elsewhere than Stripe in production', () => {
    expect(issues({ STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toEqual([
      expect.stringMatching(/^STRIPE_SECRET_KEY: expected a Stripe secret key/),
    ]);
    const live = {
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
    };
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      SMTP_URL: 'smtp://mail.example.com:587',
      MAIL_FROM: 'Shop <shop@example.com>',
      ANALYTICS_SERVER_KEY: 'a-production-server-key',
    };
    expect(issues({ ...production, ...live })).toEqual([
      'STRIPE_API_BASE: must not redirect a live Stripe key away from Stripe',
    ]);
    expect(issues({ ...production, ...live, STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([]);
    expect(issues(live)).toEqual([]);
  });
});
