#!/usr/bin/env node
// `npm run dev`: dependencies, infrastructure, migrations, demo data, then all five apps with
// labelled logs. Ctrl-C stops every app and everything they started.
import { dependenciesStale, paint, root, run, say, startUntilSignal, waitForUrl } from './lib.mjs';

const step = (name, code) => {
  if (code !== 0) {
    say(paint(31, `${name} failed (exit ${code}); see the output above`));
    process.exit(code);
  }
};

if (dependenciesStale()) {
  say('installing dependencies (npm install)');
  step('npm install', run('npm', ['install', '--no-audit', '--no-fund']));
}
step('infrastructure', run('node', ['scripts/infra.mjs', 'up']));
say('applying database migrations');
step('migrations', run('npm', ['run', '--silent', 'db:migrate', '-w', 'backend-api']));
say('loading demo data (skipped where it is already there)');
step('demo data', run('npm', ['run', '--silent', 'db:seed', '-w', 'backend-api']));

const bin = (name) => `${root}/node_modules/.bin/${name}`;
const apps = [
  {
    name: 'backend-api',
    cwd: `${root}/backend-api`,
    command: bin('tsx'),
    args: ['watch', '--clear-screen=false', 'src/server.ts'],
    env: { LOG_FORMAT: 'pretty' },
    url: 'http://localhost:5005',
    health: 'http://localhost:5005/ready',
  },
  {
    name: 'analytics',
    cwd: `${root}/analytics-service`,
    command: bin('tsx'),
    args: ['watch', '--clear-screen=false', 'src/server.ts'],
    // `npm run simulate` plays many shoppers from this machine, each with its own X-Forwarded-For.
    env: { TRUST_PROXY: 'loopback', LOG_FORMAT: 'pretty' },
    url: 'http://localhost:8080',
    health: 'http://localhost:8080/ready',
  },
  {
    name: 'store',
    cwd: `${root}/frontend-store`,
    command: bin('next'),
    args: ['dev', '--port', '3001'],
    url: 'http://localhost:3001',
    health: 'http://localhost:3001',
  },
  {
    name: 'admin',
    cwd: `${root}/admin-panel`,
    command: bin('vite'),
    args: [],
    url: 'http://localhost:3002',
    health: 'http://localhost:3002',
  },
  {
    name: 'dashboard',
    cwd: `${root}/analytics-dashboard`,
    command: bin('vite'),
    args: [],
    url: 'http://localhost:3003',
    health: 'http://localhost:3003',
  },
];

const { stopping } = startUntilSignal(apps);

const results = await Promise.all(apps.map((app) => waitForUrl(app.health, 120_000)));
if (stopping()) process.exit(0);
console.log('');
say('the platform is up:');
const rows = [
  ['Storefront', 'http://localhost:3001'],
  ['Admin panel', 'http://localhost:3002'],
  ['Analytics dashboard', 'http://localhost:3003'],
  ['Commerce API', 'http://localhost:5005  (OpenAPI: http://localhost:5005/api-docs)'],
  ['Analytics service', 'http://localhost:8080  (OpenAPI: http://localhost:8080/docs)'],
  ['RabbitMQ management', 'http://localhost:15672  (rabbitmq / rabbitmq_secret)'],
  ['Mailpit', 'http://localhost:8025  (the mail the shop sends; SMTP on localhost:1025)'],
];
for (const [name, url] of rows) console.log(`  ${name.padEnd(20)} ${url}`);
const late = apps.filter((_, index) => !results[index]).map((app) => app.name);
if (late.length) say(paint(33, `not answering yet: ${late.join(', ')} (see their logs above)`));
say('press Ctrl-C to stop');
