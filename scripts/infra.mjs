#!/usr/bin/env node
// Brings the infrastructure up (or down): Docker Compose where an engine answers, otherwise the
// provisioning script that makes this machine's own servers match the same URLs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerEngineAnswers, root, run, say } from './lib.mjs';

const action = process.argv[2] ?? 'up';
const useDocker = process.env.SHOPSTREAM_INFRA !== 'local' && dockerEngineAnswers();

if (action === 'up') {
  if (useDocker) {
    say('Docker engine found: docker compose up');
    process.exit(run('docker', ['compose', 'up', '-d', '--wait']));
  }
  say('no Docker engine: provisioning the local servers (scripts/provision.sh)');
  process.exit(run('bash', ['scripts/provision.sh']));
} else if (action === 'down') {
  if (useDocker) process.exit(run('docker', ['compose', 'down']));
  for (const [name, file] of [
    ['FerretDB', '.local/ferretdb/ferretdb.pid'],
    ['Mailpit', '.local/mailpit/mailpit.pid'],
    ['stripe-mock', '.local/stripe-mock/stripe-mock.pid'],
  ]) {
    const pidFile = join(root, file);
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
      say(`stopped ${name} (pid ${pid})`);
    } catch {
      say(`${name} was not running`);
    }
  }
  say('PostgreSQL, Redis and RabbitMQ belong to the machine and keep running');
} else {
  console.error(`usage: node scripts/infra.mjs up|down (got ${action})`);
  process.exit(2);
}
