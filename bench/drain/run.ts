// The drain into MongoDB on realistic multi-day traffic, beside a bare insert of the same documents in the
// same run. The simulator's shoppers of the last two days are posted to the ingest role while the worker
// is stopped (RabbitMQ holds them), then the worker is started and timed until every event is stored and
// counted. Printed: events/s sustained, the worker's MongoDB operations and commands per event (by
// collection), the worker's and FerretDB's CPU µs per event (steadier than events/s on a shared machine),
// and the bare reference: insertMany of the very documents the worker stored into a fresh collection, 16
// and 250 a command.
// Run from the repository root: npx tsx bench/drain/run.ts
//   BENCH_DRAIN_EVENTS (60000) events posted; BENCH_DRAIN_TIMEOUT (600) s allowed for the drain;
//   BENCH_PORT (free) the ingest port, the worker's is the next one;
//   ANALYTICS_PREFETCH / ANALYTICS_BATCH_SIZE pass through to the worker.

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { simulateShoppers } from '../../analytics-service/tools/simulate/shopper-sessions';
import { Cluster, type ServiceProcess, SITE, sleep, WRITE_KEY } from '../faults/cluster';

const total = Number(process.env.BENCH_DRAIN_EVENTS ?? 60_000);
const timeoutSeconds = Number(process.env.BENCH_DRAIN_TIMEOUT ?? 600);
const basePort = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const BATCH = 50;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';

class DrainCluster extends Cluster {
  override env(port: number, role: ServiceProcess['role']): NodeJS.ProcessEnv {
    return { ...super.env(port, role), METRICS_TOKEN };
  }
}

/** CPU seconds used so far by a process and its children (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    let sum = 0;
    for (const id of [pid, ...children.map(Number)]) {
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / 100;
    }
    return sum;
  } catch {
    return 0;
  }
}

/** The FerretDB process serving MongoDB here, if there is one (its CPU per event is printed). */
function ferretdbPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('ferretdb') && command.includes('27017')) return Number(entry);
    } catch {}
  }
  return undefined;
}

async function metrics(worker: ServiceProcess) {
  const text = await (
    await fetch(`${worker.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const by = new Map<string, number>();
  for (const match of text.matchAll(
    /^analytics_mongodb_collection_operations_total\{collection="([^"]*)",command="([^"]*)"\} (\S+)$/gm,
  )) {
    by.set(`${match[1]} ${match[2]}`, Number(match[3]));
  }
  return {
    stored: value('analytics_events_stored_total'),
    commands: value('analytics_mongodb_commands_total'),
    operations: value('analytics_mongodb_operations_total'),
    by,
  };
}

const pool = simulateShoppers({
  seed: 7,
  sessions: Math.ceil(total / 4),
  from: new Date(Date.now() - 2 * 86_400_000),
  to: new Date(Date.now() - 60_000),
  runId: `drain-${randomUUID().slice(0, 8)}`,
}).sessions.flatMap((session) => session.browserEvents);

const cluster = new DrainCluster(
  Object.fromEntries(
    ['ANALYTICS_PREFETCH', 'ANALYTICS_BATCH_SIZE', 'ANALYTICS_BATCH_WAIT_MS']
      .filter((name) => process.env[name])
      .map((name) => [name, process.env[name]!]),
  ),
);
try {
  const ingest = await cluster.start('ingest', basePort);
  // Post every event while no worker runs: the queue holds them, the drain is then timed alone.
  let next = 0;
  let accepted = 0;
  const post = async () => {
    for (;;) {
      const start = next;
      if (start >= total) return;
      next += BATCH;
      const batch = Array.from({ length: Math.min(BATCH, total - start) }, (_, i) => {
        const index = start + i;
        const event = pool[index % pool.length]!;
        return { ...event, id: `${event.id}-${Math.floor(index / pool.length)}` };
      });
      const response = await fetch(`${ingest.url}/api/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-write-key': WRITE_KEY,
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
          'x-forwarded-for': `198.51.100.${start % 250}`,
        },
        body: JSON.stringify({ batch }),
      });
      if (response.status !== 202)
        throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      accepted += ((await response.json()) as { accepted: number }).accepted;
    }
  };
  await Promise.all(Array.from({ length: 8 }, post));
  for (let i = 0; (await cluster.queueDepth()) * BATCH < accepted * 0.99 && i < 50; i++) await sleep(200);

  const ferretdb = ferretdbPid();
  const ferretCpuBefore = cpuSeconds(ferretdb);
  const started = Date.now();
  const worker = await cluster.start('worker', basePort === undefined ? undefined : basePort + 1);
  let last = await metrics(worker);
  for (;;) {
    await sleep(1000);
    const now = await metrics(worker);
    last = now;
    if (now.stored >= accepted) break;
    if (Date.now() - started > timeoutSeconds * 1000) break;
  }
  const seconds = (Date.now() - started) / 1000;
  const workerCpu = cpuSeconds(worker.child.pid);
  const ferretCpu = cpuSeconds(ferretdb) - ferretCpuBefore;
  const counted = await cluster.counts();

  // The bare reference: the same documents, inserted one command at a time, 16 a command (the cap on
  // FerretDB updates) and 250 (the worker's insert commands), each into a fresh collection.
  const docs = await cluster.db.collection('events').find({}).toArray();
  const bareRun = async (size: number) => {
    const bare = cluster.db.collection(`bare_${size}_${randomUUID().slice(0, 8)}`);
    const ferretBefore = cpuSeconds(ferretdb);
    const start = performance.now();
    for (let i = 0; i < docs.length; i += size)
      await bare.insertMany(docs.slice(i, i + size), { ordered: false });
    const rate = docs.length / ((performance.now() - start) / 1000);
    const ferretUs = ((cpuSeconds(ferretdb) - ferretBefore) * 1e6) / docs.length;
    await bare.drop();
    return { size, rate, ferretUs };
  };
  const bares = [await bareRun(16), await bareRun(250)];

  const stored = last.stored;
  const per = (n: number) => (n / stored).toFixed(3);
  const collections = [...last.by]
    .filter(([, n]) => n / stored >= 0.001)
    .sort((a, b) => b[1] - a[1])
    .map(([by, n]) => `${by} ${per(n)}`)
    .join(', ');
  const drainRate = stored / seconds;
  console.log(
    [
      `analytics-service from its ${cluster.entry.from}; ${accepted} simulated events over two days (${pool.length} in the pool), site ${SITE}; worker prefetch ${process.env.ANALYTICS_PREFETCH ?? 'default'}, batch ${process.env.ANALYTICS_BATCH_SIZE ?? 'default'}; loadavg at the end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      `drain: ${stored} events stored and counted in ${seconds.toFixed(1)} s (worker start included) = ${Math.round(drainRate)} events/s; ${counted.pending} applies pending, ${counted.queued} messages queued at the end`,
      `worker MongoDB per event: ${per(last.operations)} operations, ${per(last.commands)} commands (${collections})`,
      `CPU per event: worker ${Math.round((workerCpu * 1e6) / stored)} µs, FerretDB ${ferretdb ? Math.round((ferretCpu * 1e6) / stored) : '–'} µs (its PostgreSQL not included)`,
      ...bares.map(
        (b) =>
          `bare insertMany of the same ${docs.length} documents, ${b.size} a command: ${Math.round(b.rate)} events/s, FerretDB ${ferretdb ? Math.round(b.ferretUs) : '–'} µs per event; drain / bare ${(drainRate / b.rate).toFixed(3)}`,
      ),
    ].join('\n'),
  );
} finally {
  await cluster.close();
}
