import { z } from 'zod';
import { serviceUrlDefaults } from './env-defaults';

const EnvSchema = z.object({
  VITE_API_URL: z.url({ message: 'expected the URL of backend-api, such as http://localhost:5005' }),
  VITE_ANALYTICS_URL: z.url({
    message: 'expected the URL of analytics-service, such as http://localhost:8080',
  }),
  VITE_WS_URL: z.url({
    protocol: /^wss?$/,
    message: 'expected a ws:// or wss:// URL, such as ws://localhost:8080/ws',
  }),
  VITE_ANALYTICS_SITE: z.string().min(1).max(64),
  VITE_SHOP_TIME_ZONE: z.string().refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected an IANA time zone such as Europe/Berlin' },
  ),
  VITE_SHOP_LOCALE: z.string().refine((tag) => Intl.NumberFormat.supportedLocalesOf(tag).length > 0, {
    message: 'expected a BCP 47 locale such as de-DE',
  }),
  VITE_SHOP_CURRENCY: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as EUR' }),
});

const result = EnvSchema.safeParse({
  VITE_API_URL: import.meta.env.VITE_API_URL ?? serviceUrlDefaults.VITE_API_URL,
  VITE_ANALYTICS_URL: import.meta.env.VITE_ANALYTICS_URL ?? serviceUrlDefaults.VITE_ANALYTICS_URL,
  VITE_WS_URL: import.meta.env.VITE_WS_URL ?? serviceUrlDefaults.VITE_WS_URL,
  VITE_ANALYTICS_SITE: import.meta.env.VITE_ANALYTICS_SITE ?? 'demo-shop',
  VITE_SHOP_TIME_ZONE: import.meta.env.VITE_SHOP_TIME_ZONE ?? 'Europe/Berlin',
  VITE_SHOP_LOCALE: import.meta.env.VITE_SHOP_LOCALE ?? 'de-DE',
  VITE_SHOP_CURRENCY: import.meta.env.VITE_SHOP_CURRENCY ?? 'EUR',
});
if (!result.success) {
  const issue = result.error.issues[0];
  throw new Error(`Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
}
export const env = result.data;
