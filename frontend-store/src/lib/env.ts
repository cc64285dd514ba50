// Plain checks rather than zod: this module is in every page's browser bundle, and zod would add ~40 kB.

function url(name: string, value: string, example: string): string {
  try {
    new URL(value);
    return value.replace(/\/$/, '');
  } catch {
    throw new Error(`Invalid environment variable ${name}: expected ${example}`);
  }
}

function text(name: string, value: string): string {
  if (!value || value.length > 128)
    throw new Error(`Invalid environment variable ${name}: expected 1-128 characters`);
  return value;
}

/** Stripe's publishable key, or nothing: without it the checkout uses the test provider's card form. */
function publishableKey(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^pk_(test|live)_[A-Za-z0-9_]{1,200}$/.test(value))
    throw new Error(
      'Invalid environment variable NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: expected pk_test_… or pk_live_…',
    );
  return value;
}

function readEnv() {
  // Next inlines NEXT_PUBLIC_* only when they are written out in full, so they are listed one by one.
  return {
    NEXT_PUBLIC_API_URL: url(
      'NEXT_PUBLIC_API_URL',
      process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:5005',
      'the URL of backend-api, such as http://localhost:5005',
    ),
    NEXT_PUBLIC_ANALYTICS_URL: url(
      'NEXT_PUBLIC_ANALYTICS_URL',
      process.env.NEXT_PUBLIC_ANALYTICS_URL ?? 'http://localhost:8080',
      'the URL of analytics-service, such as http://localhost:8080',
    ),
    NEXT_PUBLIC_ANALYTICS_WRITE_KEY: text(
      'NEXT_PUBLIC_ANALYTICS_WRITE_KEY',
      process.env.NEXT_PUBLIC_ANALYTICS_WRITE_KEY ?? 'demo-shop-write-key',
    ),
    NEXT_PUBLIC_SITE_URL: url(
      'NEXT_PUBLIC_SITE_URL',
      process.env.NEXT_PUBLIC_SITE_URL ?? 'http://localhost:3001',
      'the public URL of this storefront, such as https://shop.example.com',
    ),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: publishableKey(process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY),
  };
}

export const env = readEnv();

/** An absolute URL on this storefront, for canonical links, Open Graph and the sitemap. */
export const siteUrl = (path = '/') => new URL(path, env.NEXT_PUBLIC_SITE_URL).toString();
