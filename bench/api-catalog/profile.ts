// Where an uncached staff catalog request goes: statements per request, each statement's EXPLAIN (ANALYZE,
// BUFFERS) on the bench's seeded data, Node CPU per request (process.cpuUsage) and the response's zod encode
// and JSON text alone, beside an injected GET /health in the same run. In-process (app.inject), sequential,
// on a freshly seeded database of its own.
// Run from the repository root: npx tsx bench/api-catalog/profile.ts   (BENCH_REQUESTS=300)
import { loadavg } from 'node:os';
import { ProductList } from '@shopstream/contracts';
import pg from 'pg';
import { buildApp } from '../../backend-api/src/app';
import { readConfig } from '../../backend-api/src/config';
import { DEMO_ACCOUNTS } from '../../backend-api/src/db/seed';
import { benchApiEnv, createBenchDatabase } from '../support/bench-api';

const requests = Number(process.env.BENCH_REQUESTS ?? 300);

// Every statement any pg client sends, with its parameters, while `recording` is on.
let recording = false;
const statements: { text: string; values: unknown[] }[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
  if (recording) {
    statements.push(
      typeof config === 'string'
        ? { text: config, values: values ?? [] }
        : { text: config.text, values: values ?? config.values ?? [] },
    );
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const database = await createBenchDatabase(undefined, 'catalog_profile');
const env = {
  ...benchApiEnv(database.databaseUrl, `bench:${database.name}:`),
  OUTBOX_RELAY_ENABLED: 'false',
  RESERVATION_SWEEPER_ENABLED: 'false',
  LOG_LEVEL: 'error',
};
const app = await buildApp(readConfig({ ...process.env, ...env }));
const explain = new pg.Client({ connectionString: database.databaseUrl });
await explain.connect();
try {
  const staff = DEMO_ACCOUNTS.find((account) => account.role === 'staff')!;
  const login = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: staff.email, password: staff.password },
  });
  const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };

  const scenarios = [
    { name: 'GET /health (reference)', url: '/health', headers: {} },
    { name: 'staff listing', url: '/admin/products?limit=24', headers },
    { name: 'staff search "snekaers"', url: '/admin/products?q=snekaers', headers },
  ];
  console.log(
    `\n${requests} sequential requests per scenario, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}\n`,
  );
  console.log(
    [
      'scenario'.padEnd(28),
      'CPU/req µs'.padStart(11),
      'wall/req ms'.padStart(12),
      'statements/req'.padStart(15),
    ].join(' '),
  );
  const only = process.env.BENCH_ONLY; // a scenario name's beginning, e.g. "staff listing" (for --cpu-prof)
  const samples: { name: string; payload: unknown; statements: typeof statements }[] = [];
  for (const scenario of scenarios.filter((s) => !only || s.name.startsWith(only))) {
    const inject = () => app.inject({ method: 'GET', url: scenario.url, headers: scenario.headers });
    for (let i = 0; i < 50; i++) await inject(); // warm-up: JIT, pool, prepared statements
    statements.length = 0;
    recording = true;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let last: Awaited<ReturnType<typeof inject>> | undefined;
    for (let i = 0; i < requests; i++) {
      last = await inject();
      if (last.statusCode !== 200) throw new Error(`${scenario.url}: ${last.statusCode} ${last.body}`);
    }
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    recording = false;
    console.log(
      [
        scenario.name.padEnd(28),
        String(Math.round((used.user + used.system) / requests)).padStart(11),
        (wall / requests).toFixed(2).padStart(12),
        (statements.length / requests).toFixed(1).padStart(15),
      ].join(' '),
    );
    samples.push({
      name: scenario.name,
      payload: last!.json(),
      statements: statements.slice(0, statements.length / requests),
    });
  }

  console.log('\nthe response alone (CPU per operation, 2,000 operations):');
  for (const sample of samples.filter((sample) => sample.name !== scenarios[0]!.name)) {
    const perOp = (run: () => unknown) => {
      for (let i = 0; i < 200; i++) run();
      const cpu = process.cpuUsage();
      for (let i = 0; i < 2000; i++) run();
      const used = process.cpuUsage(cpu);
      return `${Math.round((used.user + used.system) / 2000)} µs`;
    };
    const bytes = JSON.stringify(sample.payload).length;
    console.log(
      `  ${sample.name} (${bytes} bytes): zod encode ${perOp(() => ProductList.encode(sample.payload as ProductList))}, JSON.stringify ${perOp(() => JSON.stringify(sample.payload))}`,
    );
  }

  console.log('\nstatements of one request, EXPLAIN (ANALYZE, BUFFERS) on the seeded data:');
  for (const sample of samples.filter((sample) => sample.name !== scenarios[0]!.name)) {
    console.log(`\n## ${sample.name}: ${sample.statements.length} statements`);
    for (const statement of sample.statements) {
      // The second run is the one that counts: the first warms the catalog into shared buffers.
      await explain.query(`explain (analyze, buffers) ${statement.text}`, statement.values);
      const plan = await explain.query(`explain (analyze, buffers) ${statement.text}`, statement.values);
      const lines = plan.rows.map((row) => row['QUERY PLAN'] as string);
      const timing = lines.filter((line) => /^(Planning|Execution) Time/.test(line)).join(', ');
      console.log(`\n- ${statement.text.replace(/\s+/g, ' ').slice(0, 110)}…\n  ${timing}`);
      if (process.env.BENCH_PLANS === '1') console.log(lines.map((line) => `    ${line}`).join('\n'));
      if (process.env.BENCH_DUMP) {
        const { writeFileSync } = await import('node:fs');
        const file = `${process.env.BENCH_DUMP}/${sample.name.replace(/\W+/g, '-')}-${sample.statements.indexOf(statement)}`;
        writeFileSync(`${file}.json`, JSON.stringify(statement));
      }
    }
  }
} finally {
  await explain.end();
  await app.close();
  await database.drop();
}
