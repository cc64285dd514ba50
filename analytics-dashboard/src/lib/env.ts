// Before any schema is built (this one is built when the module loads): zod must not probe eval under the CSP.
import './zod-without-eval';
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
});

const result = EnvSchema.safeParse({
  VITE_API_URL: import.meta.env.VITE_API_URL ?? serviceUrlDefaults.VITE_API_URL,
  VITE_ANALYTICS_URL: import.meta.env.VITE_ANALYTICS_URL ?? serviceUrlDefaults.VITE_ANALYTICS_URL,
  VITE_WS_URL: import.meta.env.VITE_WS_URL ?? serviceUrlDefaults.VITE_WS_URL,
  VITE_ANALYTICS_SITE: import.meta.env.VITE_ANALYTICS_SITE ?? 'demo-shop',
});
if (!result.success) {
  const issue = result.error.issues[0];
  throw new Error(`Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
}
export const env = result.data;
