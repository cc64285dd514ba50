import cluster from 'node:cluster';
import { serve } from '@shopstream/server-kit';
import { buildApp, type Role } from './app';
import { readConfig } from './config';
import { superviseProcesses, takeFirstSignalOnly } from './processes';

const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
const processesArgument = argument('processes');
// `--processes=N` overrides ANALYTICS_PROCESSES and is validated by the same rule.
const config = readConfig(
  processesArgument === undefined ? process.env : { ...process.env, ANALYTICS_PROCESSES: processesArgument },
);
const role = (argument('role') ?? config.ANALYTICS_ROLE) as Role;

if (config.ANALYTICS_PROCESSES > 1 && cluster.isPrimary) {
  superviseProcesses({ processes: config.ANALYTICS_PROCESSES, role, logLevel: config.LOG_LEVEL });
} else {
  // A worker whose MongoDB writes stop succeeding replaces its client in place (buildApp's default): unacked
  // messages stay queued meanwhile, and half-done batches are finished by any worker's recovery sweep.
  const app = await buildApp(config, { role });
  // A worker-only process still listens, for /health, /ready and /metrics.
  const serving = serve(app, role === 'worker' && !process.env.PORT ? 0 : config.PORT, config.HOST);
  if (cluster.isWorker) takeFirstSignalOnly();
  await serving;
}
