#!/usr/bin/env node
// `npm start`: the built platform on the usual ports. Builds first when a build is missing (`npm run
// build` rebuilds on purpose), applies migrations with the built migrator, then runs the services with
// `node`, the storefront with `next start` and the two Vite apps with `vite preview` (which send the
// same security headers as production). Each service reads its own .env; no demo data is loaded here
// (`npm run db:seed` does). Ctrl-C stops every app.
import { existsSync } from 'node:fs';
import { paint, root, run, say, startUntilSignal, waitForUrl } from './lib.mjs';

const step = (name, code) => {
  if (code !== 0) {
    say(paint(31, `${name} failed (exit ${code}); see the output above`));
    process.exit(code);
  }
};

const builds = [
  'backend-api/dist/server.js',
  'analytics-service/dist/server.js',
  'frontend-store/.next/BUILD_ID',
  'admin-panel/dist/index.html',
  'analytics-dashboard/dist/index.html',
];
const missing = builds.filter((file) => !existsSync(`${root}/${file}`));
if (missing.length) {
  say(`no build yet (${missing.join(', ')}): npm run build`);
  step('build', run('npm', ['run', '--silent', 'build']));
}
step('infrastructure', run('node', ['scripts/infra.mjs', 'up']));
say('applying database migrations');
step('migrations', run('node', ['backend-api/dist/db/migrate.js']));

const bin = (name) => `${root}/node_modules/.bin/${name}`;
const node = (cwd, env = {}) => ({
  cwd: `${root}/${cwd}`,
  command: process.execPath,
  args: ['--enable-source-maps', 'dist/server.js'],
  env,
});
const apps = [
  { name: 'backend-api', ...node('backend-api'), health: 'http://localhost:5005/ready' },
  { name: 'analytics', ...node('analytics-service'), health: 'http://localhost:8080/ready' },
  {
    name: 'store',
    cwd: `${root}/frontend-store`,
    command: bin('next'),
    args: ['start', '--port', '3001'],
    health: 'http://localhost:3001',
  },
  {
    name: 'admin',
    cwd: `${root}/admin-panel`,
    command: bin('vite'),
    args: ['preview'],
    health: 'http://localhost:3002',
  },
  {
    name: 'dashboard',
    cwd: `${root}/analytics-dashboard`,
    command: bin('vite'),
    args: ['preview'],
    health: 'http://localhost:3003',
  },
];

const { stopping } = startUntilSignal(apps);

const results = await Promise.all(apps.map((app) => waitForUrl(app.health, 120_000)));
if (stopping()) process.exit(0);
say('the built platform is up: storefront :3001, admin :3002, dashboard :3003, API :5005, analytics :8080');
const late = apps.filter((_, index) => !results[index]).map((app) => app.name);
if (late.length) say(paint(33, `not answering yet: ${late.join(', ')} (see their logs above)`));
say('press Ctrl-C to stop');
