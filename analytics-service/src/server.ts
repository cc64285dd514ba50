import { serve } from '@shopstream/server-kit';
import { buildApp, type Role } from './app';
import { readConfig } from './config';

const config = readConfig();
const roleArgument = process.argv.find((arg) => arg.startsWith('--role='))?.slice('--role='.length);
const role = (roleArgument ?? config.ANALYTICS_ROLE) as Role;
const app = await buildApp(config, {
  role,
  // Crash-only: unacked messages go back to the queue and half-done batches are finished by any worker.
  onStuck: () => process.exit(70),
});
// A worker-only process still listens, for /health, /ready and /metrics.
await serve(app, role === 'worker' && !process.env.PORT ? 0 : config.PORT, config.HOST);
