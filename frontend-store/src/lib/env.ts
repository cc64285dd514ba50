import { z } from 'zod';

const EnvSchema = z.object({
  NEXT_PUBLIC_API_URL: z.url({ message: 'expected the URL of backend-api, such as http://localhost:5005' }),
  NEXT_PUBLIC_ANALYTICS_URL: z.url({
    message: 'expected the URL of analytics-service, such as http://localhost:8080',
  }),
  NEXT_PUBLIC_SITE_URL: z.url({
    message: 'expected the public URL of this storefront, such as https://shop.example.com',
  }),
});

function readEnv() {
  // Next inlines NEXT_PUBLIC_* only when they are written out in full, so they are listed one by one.
  const result = EnvSchema.safeParse({
    NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:5005',
    NEXT_PUBLIC_ANALYTICS_URL: process.env.NEXT_PUBLIC_ANALYTICS_URL ?? 'http://localhost:8080',
    NEXT_PUBLIC_SITE_URL: process.env.NEXT_PUBLIC_SITE_URL ?? 'http://localhost:3001',
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}

export const env = readEnv();

/** An absolute URL on this storefront, for canonical links, Open Graph and the sitemap. */
export const siteUrl = (path = '/') => new URL(path, env.NEXT_PUBLIC_SITE_URL).toString();
