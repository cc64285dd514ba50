// `npm run simulate -- --sessions 500 --rate 50`: plays shopper sessions against a running service and
// prints the ground truth of what it acknowledged. `--help` lists the options.
import { parseArgs } from 'node:util';
import { readConfig } from '../../src/config';
import { signAccessToken, startSession } from '../../test/support/environment';
import { playSessions } from './play';
import { groundTruthOf, simulateShoppers } from './shopper-sessions';
import { compareWithReports, formatGroundTruth } from './verify';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ANALYTICS_URL ?? 'http://localhost:8080' },
    sessions: { type: 'string', default: '200' },
    rate: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    days: { type: 'string', default: '0' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    site: { type: 'string', default: process.env.ANALYTICS_SITE ?? 'demo-shop' },
    'write-key': { type: 'string', default: process.env.ANALYTICS_WRITE_KEY ?? 'demo-shop-write-key' },
    'server-key': {
      type: 'string',
      default: process.env.ANALYTICS_SERVER_KEY ?? 'dev-only-analytics-server-key',
    },
    json: { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Plays realistic shopper sessions (landing, browsing, product views, carts, checkouts, orders,
drop-offs) against a running analytics service and prints the exact ground truth of the events it
acknowledged (202): counts and revenue per product and per day, pageviews and events per country (from
real address ranges sent as X-Forwarded-For: the service needs TRUST_PROXY for them), goals and the
purchase funnel by visitor.

  --url URL          the service (default http://localhost:8080, or ANALYTICS_URL)
  --sessions N       shopper sessions to play (default 200)
  --rate R           sessions started per second (default 20)
  --concurrency C    requests in flight at most (default 32)
  --days D           spread the sessions over the last D days (default 0: the last half hour)
  --seed S           the same seed plays the same traffic
  --site, --write-key, --server-key   the site and its keys (defaults: the service's dev defaults)
  --json             print the ground truth as JSON instead of tables
  --verify           then wait for the pipeline and compare the reports with the ground truth
                     (creates the simulated goals on the site when missing)
                     (only meaningful on a site that holds nothing but this run; signs a staff token
                     with JWT_SECRET)`);
  process.exit(0);
}

const now = Date.now();
const days = Number(values.days);
const from = new Date(days > 0 ? now - days * 86_400_000 : now - 30 * 60_000);
const runId = `sim${now.toString(36)}`;
const { sessions } = simulateShoppers({
  seed: Number(values.seed),
  sessions: Number(values.sessions),
  from,
  to: new Date(now),
  runId,
});

const events = sessions.reduce((n, s) => n + s.browserEvents.length + s.serverEvents.length, 0);
console.error(
  `simulate: ${sessions.length} sessions (${events} events) at ${values.rate} sessions/s against ${values.url}, seed ${values.seed}, run ${runId}`,
);
const played = await playSessions(
  {
    baseUrl: values.url,
    writeKey: values['write-key'],
    serverKey: values['server-key'],
    site: values.site,
    rate: Number(values.rate),
    concurrency: Number(values.concurrency),
    deadline: Date.now() + 10 * 60_000 + (sessions.length / Number(values.rate)) * 1000,
  },
  sessions,
);
const truth = groundTruthOf(played.acknowledged);
console.error(
  `simulate: ${played.acknowledgedIds.size} of ${events} events acknowledged with 202 in ${played.seconds.toFixed(1)} s; ` +
    `${played.requests} requests, retried ${JSON.stringify(played.retried)}, given up ${played.givenUp}`,
);

if (values.json)
  console.log(JSON.stringify({ runId, acknowledged: played.acknowledgedIds.size, truth }, null, 2));
else console.log(formatGroundTruth(truth));

if (values.verify) {
  // The service honours only tokens of live sessions: record one in the session mirror, as a sign-in would.
  const config = readConfig();
  const session = await startSession(config, 'staff');
  const token = await signAccessToken(config, { ...session, role: 'staff' }, 600);
  const deadline = Date.now() + 5 * 60_000;
  let mismatches = -1;
  while (Date.now() < deadline) {
    const comparison = await compareWithReports(values.url, token, values.site, truth, { goals: true });
    mismatches = comparison.mismatches;
    if (!mismatches) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(
    mismatches === 0 ? 'verify: the reports equal the ground truth' : `verify: ${mismatches} figures differ`,
  );
  process.exitCode = mismatches === 0 ? 0 : 1;
}
