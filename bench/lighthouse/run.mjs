// Lighthouse (mobile, the default form factor with simulated throttling) on the storefront's home, a
// listing and a product page, as built for production. Prints the four category scores of each page.
//
//   node bench/lighthouse/run.mjs
//
// STORE_URL=http://localhost:3001 measures a store already running (built with `next build` and started
// with `next start`); without it the script starts `next start` from frontend-store/.next on port 4011
// (building first when there is no build). backend-api must be running for the pages to have content.
// LH_RUNS=3: runs per page; the median performance run is reported. CHROME_PATH defaults to /usr/bin/chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const storeDir = fileURLToPath(new URL('../../frontend-store/', import.meta.url));
const runs = Number(process.env.LH_RUNS ?? 3);
const pages = [
  ['home', '/'],
  ['listing', '/category/shoes'],
  ['product', '/product/lightweight-court-sneakers-sneakers-7'],
];
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function waitFor(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let server;
let base = process.env.STORE_URL;
if (!base) {
  if (!existsSync(`${storeDir}.next/BUILD_ID`)) {
    console.error('building the storefront (next build)…');
    const build = spawnSync('npx', ['next', 'build'], { cwd: storeDir, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  base = 'http://localhost:4011';
  server = spawn('npx', ['next', 'start', '--port', '4011'], {
    cwd: storeDir,
    stdio: 'ignore',
    detached: true,
  });
}
await waitFor(base);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: flags,
});
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = [];
try {
  for (const [name, path] of pages) {
    // One unmeasured load warms the server's data cache, as a shop in use has it warm.
    await fetch(`${base}${path}`);
    const results = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(`${base}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: categories,
      });
      results.push(result.lhr);
    }
    results.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = results[Math.floor(results.length / 2)];
    const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
    rows.push({
      page: `${name} (${path})`,
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
      LCP: lhr.audits['largest-contentful-paint'].displayValue,
      CLS: lhr.audits['cumulative-layout-shift'].displayValue,
      TBT: lhr.audits['total-blocking-time'].displayValue,
    });
    const failing = Object.values(lhr.audits).filter(
      (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
    );
    if (failing.length)
      console.error(`${name}: failing audits: ${failing.map((audit) => audit.id).join(', ')}`);
  }
} finally {
  await chrome.kill();
  if (server) process.kill(-server.pid);
}
console.log(`Lighthouse ${runs > 1 ? `(median of ${runs} runs) ` : ''}mobile, ${base}`);
console.table(rows);
