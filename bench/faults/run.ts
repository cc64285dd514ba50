// Fault runs of the analytics pipeline: shopper traffic is played against an ingest process while a worker
// process stores it, and in the middle one of these happens:
//   worker-kill       the worker is killed with SIGKILL and started again 2 s later
//   rabbitmq-restart  RabbitMQ's application is stopped for 5 s (rabbitmqctl stop_app / start_app)
//   mongodb-stop      the MongoDB server (FerretDB here) is killed and started again 30 s later
// Afterwards: stored unique events must equal the events acknowledged with 202 (none lost, none extra),
// and the reports must equal the ground truth of the acknowledged events, to the cent.
// Run from the repository root: npx tsx bench/faults/run.ts [worker-kill|rabbitmq-restart|mongodb-stop|all]
// (FAULT_SESSIONS=1000 FAULT_RATE=100). Each scenario is bounded (about 5 minutes at most).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { playSessions } from '../../analytics-service/tools/simulate/play';
import { groundTruthOf, simulateShoppers } from '../../analytics-service/tools/simulate/shopper-sessions';
import { compareWithReports } from '../../analytics-service/tools/simulate/verify';
import { Cluster, root, SERVER_KEY, SITE, sleep, WRITE_KEY } from './cluster';

type Scenario = 'worker-kill' | 'rabbitmq-restart' | 'mongodb-stop';
const all: Scenario[] = ['worker-kill', 'rabbitmq-restart', 'mongodb-stop'];
const asked = process.argv[2] ?? 'all';
const scenarios = asked === 'all' ? all : [asked as Scenario];
if (!scenarios.every((s) => all.includes(s))) {
  console.error(`unknown scenario ${asked}; one of ${all.join(', ')} or all`);
  process.exit(2);
}
const SESSIONS = Number(process.env.FAULT_SESSIONS ?? 1000);
const RATE = Number(process.env.FAULT_RATE ?? 100);
const FAULT_AT_MS = (SESSIONS / RATE) * 1000 * 0.4;

const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const port27017Open = async () => {
  try {
    const { createConnection } = await import('node:net');
    return await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: 27017 });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  } catch {
    return false;
  }
};

const rabbitmqctl = (...args: string[]) =>
  execFileSync('rabbitmqctl', args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });

/** Brings RabbitMQ and MongoDB back whatever happened: other work on this machine needs them. */
function restoreInfrastructure() {
  try {
    rabbitmqctl('start_app');
    rabbitmqctl('await_startup');
  } catch (error) {
    log(`could not start RabbitMQ's application: ${error}`);
  }
  try {
    execFileSync('bash', [`${root}/scripts/provision.sh`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 180_000,
    });
  } catch (error) {
    log(`provision.sh failed: ${error}`);
  }
}

type Service = Awaited<ReturnType<Cluster['start']>>;

async function injectFault(
  scenario: Scenario,
  cluster: Cluster,
  worker: { current: Service },
  supervise: (service: Service) => void,
) {
  switch (scenario) {
    case 'worker-kill': {
      log(`kill -9 worker (pid ${worker.current.child.pid})`);
      cluster.killHard(worker.current);
      await sleep(2000);
      worker.current = await cluster.start('worker');
      log(`worker started again (pid ${worker.current.child.pid})`);
      supervise(worker.current);
      return;
    }
    case 'rabbitmq-restart': {
      log('rabbitmqctl stop_app');
      try {
        rabbitmqctl('stop_app');
        await sleep(5000);
      } finally {
        log('rabbitmqctl start_app');
        rabbitmqctl('start_app');
        rabbitmqctl('await_startup');
        log('RabbitMQ is back');
      }
      return;
    }
    case 'mongodb-stop': {
      const pidFile = `${root}/.local/ferretdb/ferretdb.pid`;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      log(`stopping the MongoDB server (FerretDB pid ${pid}) for 30 s`);
      try {
        process.kill(pid, 'SIGTERM');
        await sleep(30_000);
      } finally {
        execFileSync('bash', [`${root}/scripts/provision.sh`], {
          stdio: ['ignore', 'ignore', 'inherit'],
          timeout: 180_000,
        });
        log(`MongoDB server is back: ${await port27017Open()}`);
      }
      return;
    }
  }
}

interface Outcome {
  scenario: Scenario;
  acknowledged: number;
  stored: number;
  lost: number;
  extra: number;
  reportMismatches: number;
  requests: number;
  retried: Record<number, number>;
  givenUp: number;
  drainedSeconds: number;
  ok: boolean;
}

async function run(scenario: Scenario): Promise<Outcome> {
  const cluster = new Cluster();
  let closing = false;
  try {
    const ingest = await cluster.start('ingest');
    const worker = { current: await cluster.start('worker') };
    // The supervisor a deployment has (restart policy): a worker that exits on its own is started again.
    let restarts = 0;
    const supervise = (service: typeof worker.current) =>
      service.child.once('exit', (code) => {
        if (code === null || closing) return;
        restarts++;
        log(`worker exited with ${code}; starting it again`);
        void cluster.start('worker').then((next) => {
          worker.current = next;
          supervise(next);
        });
      });
    supervise(worker.current);
    const now = Date.now();
    const { sessions } = simulateShoppers({
      seed: 42,
      sessions: SESSIONS,
      from: new Date(now - 2 * 86_400_000),
      to: new Date(now),
      runId: `fault-${cluster.suffix}`,
    });
    const planned = sessions.reduce((n, s) => n + s.browserEvents.length + s.serverEvents.length, 0);
    log(
      `${scenario}: playing ${SESSIONS} sessions (${planned} events) at ${RATE}/s; fault at ${(FAULT_AT_MS / 1000).toFixed(0)} s`,
    );
    const playing = playSessions(
      {
        baseUrl: ingest.url,
        writeKey: WRITE_KEY,
        serverKey: SERVER_KEY,
        site: SITE,
        rate: RATE,
        concurrency: 64,
        deadline: Date.now() + 150_000,
      },
      sessions,
    );
    await sleep(FAULT_AT_MS);
    await injectFault(scenario, cluster, worker, supervise);
    const played = await playing;
    log(`${scenario}: load done in ${played.seconds.toFixed(1)} s; waiting for the pipeline to drain`);
    const drainStart = Date.now();
    // A killed worker's half-done apply is finished by the recovery sweep after 30 s.
    const drained = await cluster.drained(played.acknowledgedIds.size, 240_000);
    const drainedSeconds = (Date.now() - drainStart) / 1000;
    if (!drained) {
      const counts = await cluster.counts().catch((error) => String(error));
      log(
        `${scenario}: not drained: ${JSON.stringify(counts)}, dead-lettered ${await cluster.deadLettered().catch(() => -1)}`,
      );
    }
    const storedIds = await cluster.storedIds();
    const stored = new Set(storedIds);
    let lost = 0;
    for (const id of played.acknowledgedIds) if (!stored.has(id)) lost++;
    const extra = storedIds.filter((id) => !played.acknowledgedIds.has(id)).length;
    const truth = groundTruthOf(played.acknowledged);
    const comparison = await compareWithReports(ingest.url, await cluster.staffToken(), SITE, truth);
    const outcome: Outcome = {
      scenario,
      acknowledged: played.acknowledgedIds.size,
      stored: stored.size,
      lost,
      extra,
      reportMismatches: comparison.mismatches,
      requests: played.requests,
      retried: played.retried,
      givenUp: played.givenUp,
      drainedSeconds,
      ok: drained && lost === 0 && extra === 0 && comparison.mismatches === 0,
    };
    if (comparison.mismatches) {
      for (const row of comparison.rows.filter((r) => r.expected !== r.reported))
        log(`  mismatch ${row.scope} ${row.figure}: expected ${row.expected}, reported ${row.reported}`);
    }
    log(
      `${scenario}: events acknowledged ${outcome.acknowledged}, stored unique ${outcome.stored}, lost ${lost}, ` +
        `stored without acknowledgement ${extra}; report figures compared ${comparison.rows.length}, ` +
        `differing ${comparison.mismatches} (revenue expected ${truth.totals.revenue}); ` +
        `${played.requests} requests, retried ${JSON.stringify(played.retried)}, given up ${played.givenUp}; ` +
        `drained ${drainedSeconds.toFixed(1)} s after the load; worker exits restarted ${restarts} → ${outcome.ok ? 'PASS' : 'FAIL'}`,
    );
    return outcome;
  } finally {
    closing = true;
    await cluster.close();
  }
}

const outcomes: Outcome[] = [];
const stopOnSignal = () => {
  restoreInfrastructure();
  process.exit(130);
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);
try {
  for (const scenario of scenarios) outcomes.push(await run(scenario));
} finally {
  if (scenarios.some((s) => s !== 'worker-kill')) restoreInfrastructure();
}
console.table(
  outcomes.map((o) => ({
    scenario: o.scenario,
    acknowledged: o.acknowledged,
    stored: o.stored,
    lost: o.lost,
    extra: o.extra,
    'report mismatches': o.reportMismatches,
    retried: JSON.stringify(o.retried),
    'drain s': Number(o.drainedSeconds.toFixed(1)),
    result: o.ok ? 'PASS' : 'FAIL',
  })),
);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
