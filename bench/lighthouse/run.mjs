// Lighthouse (mobile, the default form factor with simulated throttling) on the storefront's home, a
// listing and a product page, as built for production. Prints the four category scores of each page.
//
//   node bench/lighthouse/run.mjs
//
// STORE_URL=http://localhost:3001 measures a store already running (built with `next build` and started
// with `next start`); without it the script starts `next start` from frontend-store/.next on port 4011
// (building first when there is no build). backend-api must be running for the pages to have content.
// LH_RUNS=3: runs per page; the median performance run is reported. CHROME_PATH defaults to /usr/bin/chromium.
// LH_SAVE=dir: writes each page's median report there (<page>.json) to read its trace breakdown.
// Beside the scores: the page's main-thread CPU time (thread time from the trace), wall time and tasks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

/**
 * The page's main thread over the whole Lighthouse run, from its trace: CPU time (the tasks' thread time,
 * which other processes on a loaded machine barely change) beside wall time and the task count. Total
 * blocking time is wall time scaled by Lighthouse's 4x slowdown, so it swings with the machine's load.
 */
function mainThread(trace) {
  const mains = trace.traceEvents.filter(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  );
  let best = { cpuMs: 0, wallMs: 0, tasks: 0 };
  for (const main of mains) {
    const tasks = trace.traceEvents.filter(
      (event) =>
        event.name === 'RunTask' && event.ph === 'X' && event.pid === main.pid && event.tid === main.tid,
    );
    const cpuMs = tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000;
    if (cpuMs > best.cpuMs)
      best = { cpuMs, wallMs: tasks.reduce((sum, task) => sum + task.dur, 0) / 1000, tasks: tasks.length };
  }
  return best;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const saveDir = process.env.LH_SAVE;
if (saveDir) mkdirSync(saveDir, { recursive: true });
const rows = [];
try {
  for (const [name, path] of pages) {
    // One unmeasured load warms the server's data cache, as a shop in use has it warm.
    await fetch(`${base}${path}`);
    const results = [];
    const threads = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(`${base}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: categories,
      });
      results.push(result.lhr);
      threads.push(mainThread(result.artifacts.Trace));
    }
    results.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = results[Math.floor(results.length / 2)];
    if (saveDir) writeFileSync(`${saveDir}/${name}.json`, JSON.stringify(lhr));
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
      // Medians over the runs, not the median-score run's.
      'main CPU ms': Math.round(median(threads.map((thread) => thread.cpuMs))),
      'main wall ms': Math.round(median(threads.map((thread) => thread.wallMs))),
      tasks: median(threads.map((thread) => thread.tasks)),
    });
    const failing = Object.values(lhr.audits).filter(
      (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
    );
    if (failing.length)
      console.error(`${name}: failing audits: ${failing.map((audit) => audit.id).join(', ')}`);
    // What a failing best-practices score is made of: console errors and back/forward cache blockers.
    for (const item of lhr.audits['errors-in-console']?.details?.items ?? [])
      console.error(
        `${name}: console error: ${item.description} (${item.sourceLocation?.url ?? item.source})`,
      );
    for (const item of lhr.audits['bf-cache']?.details?.items ?? [])
      console.error(`${name}: not back/forward cacheable: ${item.reason}`);
  }
} finally {
  await chrome.kill();
  if (server) process.kill(-server.pid);
}
console.log(
  `Lighthouse ${runs > 1 ? `(median of ${runs} runs) ` : ''}mobile, ${base}; load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
console.table(rows);
