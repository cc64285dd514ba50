// Before any schema is built (this one is built when the module loads): zod must not probe eval under the CSP.
import './zod-without-eval';
import { z } from 'zod';
import { serviceUrlDefaults } from './env-defaults';

const EnvSchema = z.object({
  VITE_API_URL: z.url({ message: 'expected the URL of backend-api, such as http://localhost:5005' }),
});

const result = EnvSchema.safeParse({
  VITE_API_URL: import.meta.env.VITE_API_URL ?? serviceUrlDefaults.VITE_API_URL,
});
if (!result.success) {
  const issue = result.error.issues[0];
  throw new Error(`Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
}
export const env = result.data;
