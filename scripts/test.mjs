#!/usr/bin/env node
// `npm test`: docker compose config (every profile), the Dockerfiles, lint, the import boundaries, type check,
// every workspace's tests (unit and integration against the real servers), the scale-out run behind HAProxy,
// then the end-to-end journeys in Chromium. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dependenciesStale, paint, root, run, say } from './lib.mjs';

const resultsDir = join(root, '.local/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
const check = (name, code) => {
  if (code === 0) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
  say(`${name}: ${code === 0 ? paint(32, 'ok') : paint(31, `failed (exit ${code})`)}`);
};

if (dependenciesStale()) {
  say('installing dependencies (npm install)');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (run('node', ['scripts/infra.mjs', 'up']) !== 0) {
  say(paint(31, 'the infrastructure is not available; integration tests cannot run (see above)'));
  console.log('0 passed, 1 failed');
  process.exit(1);
}

say('docker-compose.yml (docker compose config, every profile) and the Dockerfiles (dockerfile-utils lint)');
if (run('docker', ['compose', 'version'], { stdio: 'ignore' }) !== 0)
  run('bash', ['scripts/install-compose.sh']);
check('docker compose config', run('docker', ['compose', 'config', '--quiet']));
const profiles = spawnSync('docker', ['compose', 'config', '--profiles'], { cwd: root, encoding: 'utf8' });
for (const profile of (profiles.stdout ?? '').split('\n').filter(Boolean))
  check(
    `docker compose --profile ${profile} config`,
    run('docker', ['compose', '--profile', profile, 'config', '--quiet']),
  );
if (profiles.status !== 0) check('docker compose config --profiles', profiles.status ?? 1);
const dockerfiles = readdirSync(root).filter((dir) => existsSync(join(root, dir, 'Dockerfile')));
check(
  `Dockerfiles (${dockerfiles.length})`,
  dockerfiles.length === 0
    ? 1
    : Math.max(...dockerfiles.map((dir) => run('npx', ['dockerfile-utils', 'lint', `${dir}/Dockerfile`]))),
);

say('lint (Biome)');
check('lint', run('npx', ['biome', 'ci', '.']));
say('boundaries (dependency-cruiser: .dependency-cruiser.cjs)');
check('boundaries', run('npm', ['run', '--silent', 'boundaries']));
say('type check (every workspace and test/fuzz)');
check('typecheck', run('npm', ['run', '--silent', 'typecheck']));

say('unit and integration tests (Vitest, every workspace)');
const vitestJson = join(resultsDir, 'vitest.json');
const vitestCode = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} vitest test(s)`);
  // A file that fails to load has no failed test but fails the run; it must not pass unseen.
  if (vitestCode !== 0 && report.numFailedTests === 0) check('vitest suites', vitestCode);
} else check('vitest', vitestCode);

// Two instances of each service behind HAProxy, kill -9 included (bench/scale-out; 70-115 s here).
say('scale-out (bench/scale-out/run.ts: HAProxy, two API, two ingest, two workers)');
check('scale-out', run('npx', ['tsx', 'bench/scale-out/run.ts']));

if (existsSync(join(root, 'e2e/playwright.config.ts'))) {
  say('end-to-end journeys (Playwright, Chromium)');
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    say(paint(31, 'Chromium is missing: apt-get install -y chromium (or set CHROMIUM_PATH)'));
    check('e2e', 1);
  } else {
    const e2eJson = join(resultsDir, 'e2e.json');
    const e2eCode = run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts'], {
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson },
    });
    if (existsSync(e2eJson)) {
      const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      if (stats.unexpected > 0) failures.push(`${stats.unexpected} e2e test(s)`);
      if (e2eCode !== 0 && stats.unexpected === 0) check('e2e run', e2eCode);
    } else check('e2e', e2eCode);
  }
}

if (failures.length) say(paint(31, `failed: ${failures.join(', ')}`));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
