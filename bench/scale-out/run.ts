// Scale-out on one machine: two backend-api instances behind HAProxy (:4200), two analytics ingest instances
// behind HAProxy (:4210) and two analytics workers, on loopback with the real PostgreSQL, Redis, RabbitMQ and
// MongoDB (FerretDB here); the balancer's configuration is bench/scale-out/haproxy.cfg. It checks:
//   a. oversell storm: 40 parallel checkouts for 5 in stock across both API instances → exactly 5 paid,
//      stock 0; each paid checkout replayed on the other instance answers the same order
//   b. live feed: a /ws client on ingest1 sees the orders ingested through the balancer and through ingest2
//   c. outbox relay on both API instances: every order event is stored by analytics exactly once
//   d. kill -9 of api1 and ingest1 during checkout and event load: HAProxy routes around them; acknowledged
//      events == stored events (0 lost, 0 stored without acknowledgement); every checkout in flight either
//      completed or left nothing half done (stock taken == paid lines, stock reserved == pending lines)
// c is checked last, over the orders of the whole run. Prints each figure, PASS/FAIL per check, and exits 1
// on any failure. Run from the repository root:
//   npx tsx bench/scale-out/run.ts     (SCALE_LOAD_SECONDS=12 SCALE_INGEST_LOOPS=4 SCALE_CHECKOUT_CONCURRENCY=6)
// It runs the production build (`npm run build -w backend-api -w analytics-service`), rebuilt first when stale.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { Cluster, root, SERVER_KEY, SITE, sleep, WRITE_KEY } from '../faults/cluster';
import { benchApiEnv, createBenchDatabase, startApiProcess } from '../support/bench-api';
import { type Service, serviceEntry } from '../support/service-build';

const PORTS = {
  api: 4200,
  apis: [4201, 4202],
  ingest: 4210,
  ingests: [4211, 4212],
  relays: [4213, 4214],
  workers: [4231, 4232],
};
const STATS = 'http://127.0.0.1:4299/stats;csv';
const API = `http://127.0.0.1:${PORTS.api}`;
const INGEST = `http://127.0.0.1:${PORTS.ingest}`;
const LOAD_SECONDS = Number(process.env.SCALE_LOAD_SECONDS ?? 12);
const INGEST_LOOPS = Number(process.env.SCALE_INGEST_LOOPS ?? 4);
const CHECKOUT_CONCURRENCY = Number(process.env.SCALE_CHECKOUT_CONCURRENCY ?? 6);
const STORM = { stock: 5, checkouts: 40 };
const LOAD_CARTS = 250;

const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const results: Array<{ check: string; ok: boolean }> = [];
const figure = (text: string) => console.log(`  ${text}`);
function verdict(check: string, ok: boolean) {
  results.push({ check, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${check}\n`);
}

/** The build of both services, made now when missing or older than the source. */
function ensureBuild() {
  for (const service of ['backend-api', 'analytics-service'] satisfies Service[]) {
    try {
      if (serviceEntry(service).from === 'build') continue;
    } catch {}
    log(`building ${service}`);
    execFileSync('npm', ['run', '--silent', 'build', '-w', service], { cwd: root, stdio: ['ignore', 2, 2] });
  }
}

const checkoutBody = JSON.stringify({
  email: 'scale-out@example.com',
  shippingAddress: {
    fullName: 'Scale Out',
    line1: 'Hauptstraße 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
  shippingOptionId: 'standard',
  payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' },
});

/** A guest cart with one unit of `variantId`; answers its cookie. */
async function cartWith(variantId: string): Promise<string> {
  const response = await fetch(`${API}/cart/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variantId, quantity: 1 }),
  });
  if (!response.ok) throw new Error(`adding to a cart answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('cart_token='));
  if (!cookie) throw new Error('no cart cookie');
  return cookie.split(';')[0]!;
}

/** `count` carts, eight at a time: preparing them is not part of any check (and must not exhaust the pools). */
async function preparedCarts(count: number, variantOf: (index: number) => string): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 8) {
    const slice = Array.from({ length: Math.min(8, count - i) }, (_, k) => cartWith(variantOf(i + k)));
    cookies.push(...(await Promise.all(slice)));
  }
  return cookies;
}

interface CheckoutAnswer {
  status: number;
  servedBy: string;
  orderId?: string;
  code?: string;
}

async function checkout(url: string, cookie: string, key: string): Promise<CheckoutAnswer> {
  try {
    const response = await fetch(`${url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key },
      body: checkoutBody,
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string };
    return {
      status: response.status,
      servedBy: response.headers.get('x-served-by') ?? '',
      orderId: body.id,
      code: body.code,
    };
  } catch (error) {
    return { status: 0, servedBy: '', code: (error as Error).name };
  }
}

/** Requests each HAProxy frontend has taken: `relay1 → 12`. */
async function frontendRequests(): Promise<Map<string, number>> {
  const [header = '', ...lines] = (await (await fetch(STATS)).text()).split('\n');
  const column = header.replace(/^# /, '').split(',').indexOf('req_tot');
  const requests = new Map<string, number>();
  for (const cells of lines.map((line) => line.split(',')))
    if (cells[1] === 'FRONTEND') requests.set(cells[0] ?? '', Number(cells[column] ?? 0));
  return requests;
}

/** HAProxy's view of each server: `api/api1 → UP`. */
async function serverStates(): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  const csv = await (await fetch(STATS)).text();
  for (const line of csv.split('\n').slice(1)) {
    // pxname, svname, … status is the 18th column.
    const cells = line.split(',');
    const [proxy, server, status] = [cells[0], cells[1], cells[17]];
    if (proxy && server && server !== 'FRONTEND' && server !== 'BACKEND')
      states.set(`${proxy}/${server}`, status ?? '');
  }
  return states;
}

async function waitForStates(want: Record<string, string>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const states = await serverStates().catch(() => new Map<string, string>());
    if (Object.entries(want).every(([server, state]) => states.get(server) === state)) return true;
    await sleep(100);
  }
  return false;
}

const count = (values: string[]) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
};

/** Every port of the run must be free (4222 is NATS's default port, so the workers are on 4231-4232). */
async function assertPortsFree() {
  const { createConnection } = await import('node:net');
  const all = [
    PORTS.api,
    ...PORTS.apis,
    PORTS.ingest,
    ...PORTS.ingests,
    ...PORTS.relays,
    ...PORTS.workers,
    4299,
  ];
  const taken: number[] = [];
  for (const port of all) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) taken.push(port);
  }
  if (taken.length) {
    console.error(
      `ports in use: ${taken.join(', ')} (another scale-out run?); the run needs ${all.join(', ')}`,
    );
    process.exit(2);
  }
}

try {
  execFileSync('haproxy', ['-c', '-q', '-f', `${root}/bench/scale-out/haproxy.cfg`], {
    stdio: ['ignore', 'ignore', 2],
  });
} catch {
  console.error('HAProxy is missing or refuses bench/scale-out/haproxy.cfg: apt-get install -y haproxy');
  process.exit(2);
}
await assertPortsFree();
ensureBuild();
const cluster = new Cluster();
const redisPrefix = cluster.redisPrefix;
let haproxy: ChildProcess | undefined;
const apis: Array<Awaited<ReturnType<typeof startApiProcess>>> = [];
const database = await createBenchDatabase(async (sql) => {
  // The storm's variant has 5 in stock; the load's variants have plenty.
  // Variants no demo order touched, so that stock taken and reserved are this run's alone.
  const { rows } = await sql.query<{ id: string }>(
    `select v.id from variants v join products p on p.id = v.product_id
     where p.status = 'active' and not exists (select 1 from order_lines l where l.variant_id = v.id)
     order by v.sku limit 41`,
  );
  const [storm, ...load] = rows.map((r) => r.id);
  await sql.query('update variants set active = true where id = any($1)', [rows.map((r) => r.id)]);
  await sql.query('update inventory_levels set stock_reserved = 0 where variant_id = any($1)', [
    rows.map((r) => r.id),
  ]);
  await sql.query('update inventory_levels set stock_on_hand = $2 where variant_id = $1', [
    storm,
    STORM.stock,
  ]);
  await sql.query('update inventory_levels set stock_on_hand = 100000 where variant_id = any($1)', [load]);
  return { storm: storm!, load };
}, 'ecommerce_scaleout');
const sql = new pg.Client({ connectionString: database.databaseUrl });
await sql.connect();
const started = Date.now();
log(`database ${database.name}, analytics database ${cluster.database}, queue prefix ${cluster.prefix}`);

try {
  const apiEnv = {
    ...benchApiEnv(database.databaseUrl, redisPrefix),
    ANALYTICS_URL: INGEST,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    ANALYTICS_SITE: SITE,
    OUTBOX_POLL_INTERVAL_MS: '200',
    DATABASE_POOL_SIZE: '10',
    RESERVATION_SWEEP_INTERVAL_MS: '500',
  };
  // Both instances share the database and the Redis prefix, as a deployment's would.
  // Each instance's relay posts through a balancer frontend of its own (:4213, :4214), counted by HAProxy.
  apis.push(
    ...(await Promise.all(
      PORTS.apis.map((port, i) =>
        startApiProcess({ ...apiEnv, ANALYTICS_URL: `http://127.0.0.1:${PORTS.relays[i]}` }, port),
      ),
    )),
  );
  const ingests = await Promise.all(PORTS.ingests.map((port) => cluster.start('ingest', port)));
  await Promise.all(PORTS.workers.map((port) => cluster.start('worker', port)));
  haproxy = spawn('haproxy', ['-db', '-f', `${root}/bench/scale-out/haproxy.cfg`], {
    stdio: ['ignore', 2, 2],
  });
  const allUp = await waitForStates(
    { 'api/api1': 'UP', 'api/api2': 'UP', 'ingest/ingest1': 'UP', 'ingest/ingest2': 'UP' },
    15_000,
  );
  if (!allUp)
    throw new Error(`HAProxy does not see every instance up: ${JSON.stringify([...(await serverStates())])}`);
  log(
    `up in ${((Date.now() - started) / 1000).toFixed(1)} s: api :4201 :4202, ingest :4211 :4212, workers, HAProxy`,
  );
  const other = (servedBy: string) => (servedBy === 'api1' ? apis[1]!.url : apis[0]!.url);

  // ---- a. the oversell storm --------------------------------------------------------------------------
  console.log(
    `\na. oversell storm: ${STORM.checkouts} parallel checkouts through HAProxy for ${STORM.stock} in stock`,
  );
  const stormCarts = await preparedCarts(STORM.checkouts, () => database.prepared.storm);
  const stormKeys = stormCarts.map(() => randomUUID());
  const storm = await Promise.all(stormCarts.map((cookie, i) => checkout(API, cookie, stormKeys[i]!)));
  const paid = storm.map((answer, i) => ({ answer, i })).filter(({ answer }) => answer.status === 201);
  const stock = (
    await sql.query<{ onHand: number; reserved: number }>(
      `select stock_on_hand as "onHand", stock_reserved as "reserved" from inventory_levels where variant_id = $1`,
      [database.prepared.storm],
    )
  ).rows[0]!;
  const stormOrders = (
    await sql.query<{ status: string; n: number }>(
      `select o.status, count(*)::int as n from orders o join order_lines l on l.order_id = o.id
       where l.variant_id = $1 group by o.status`,
      [database.prepared.storm],
    )
  ).rows;
  figure(`answers: ${JSON.stringify(count(storm.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''}`)))}`);
  figure(
    `served by: ${JSON.stringify(count(storm.map((a) => a.servedBy)))}; paid ones by: ${JSON.stringify(count(paid.map((p) => p.answer.servedBy)))}`,
  );
  figure(
    `orders in PostgreSQL: ${JSON.stringify(stormOrders)}; stock on hand ${stock.onHand}, reserved ${stock.reserved}`,
  );
  const replays = await Promise.all(
    paid.map(async ({ answer, i }) => ({
      first: answer,
      replay: await checkout(other(answer.servedBy), stormCarts[i]!, stormKeys[i]!),
    })),
  );
  const sameOrder = replays.filter((r) => r.replay.status === 200 && r.replay.orderId === r.first.orderId);
  figure(
    `replays on the other instance: ${sameOrder.length} of ${replays.length} answered 200 with the same order`,
  );
  const paidInDb = stormOrders.find((o) => o.status === 'paid')?.n ?? 0;
  verdict(
    'a. oversell storm: exactly 5 paid, stock 0, 35 out of stock, replays give the same order',
    paid.length === STORM.stock &&
      paidInDb === STORM.stock &&
      stock.onHand === 0 &&
      stock.reserved === 0 &&
      storm.filter((a) => a.status === 409 && a.code === 'out_of_stock').length ===
        STORM.checkouts - STORM.stock &&
      new Set(paid.map((p) => p.answer.servedBy)).size >= 1 &&
      new Set(storm.map((a) => a.servedBy)).size === 2 &&
      sameOrder.length === replays.length,
  );

  // ---- b. the live feed across ingest instances -------------------------------------------------------
  console.log('b. live feed: a /ws client on ingest1; orders sent through HAProxy and straight to ingest2');
  const token = await cluster.staffToken();
  const seen = new Set<string>();
  const socket = new WebSocket(`ws://127.0.0.1:${PORTS.ingests[0]}/ws?site=${SITE}&token=${token}`);
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as { latestOrders?: Array<{ orderId: string }> };
    for (const { orderId } of message.latestOrders ?? []) seen.add(orderId);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const markers: Array<{ orderId: string; via: string; servedBy: string; status: number }> = [];
  for (let i = 0; i < 20; i++) {
    const orderId = `live-${cluster.suffix}-${i}`;
    const via = i % 2 === 0 ? 'haproxy' : 'ingest2';
    const url = via === 'haproxy' ? INGEST : ingests[1]!.url;
    const response = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${SERVER_KEY}`,
        'x-analytics-site': SITE,
      },
      body: JSON.stringify({
        id: `order-${orderId}`,
        type: 'track',
        event: 'Order Completed',
        properties: { order_id: orderId, total: 1000, currency: 'EUR', products: [] },
      }),
    });
    markers.push({
      orderId,
      via,
      servedBy: response.headers.get('x-served-by') ?? 'ingest2',
      status: response.status,
    });
    await sleep(200);
  }
  const liveDeadline = Date.now() + 5000;
  while (Date.now() < liveDeadline && markers.some((m) => !seen.has(m.orderId))) await sleep(100);
  socket.close();
  const takenBy2 = markers.filter((m) => m.servedBy === 'ingest2');
  figure(
    `orders acknowledged: ${markers.filter((m) => m.status === 202).length} of ${markers.length}; taken by ${JSON.stringify(count(markers.map((m) => m.servedBy)))}`,
  );
  figure(
    `seen on ingest1's /ws: ${markers.filter((m) => seen.has(m.orderId)).length} of ${markers.length}; of those ingest2 took: ${takenBy2.filter((m) => seen.has(m.orderId)).length} of ${takenBy2.length}`,
  );
  verdict(
    "b. live feed: ingest1's /ws shows every order, also those ingest2 took",
    markers.every((m) => m.status === 202 && seen.has(m.orderId)) && takenBy2.length > 0,
  );

  // ---- d. kill -9 api1 and ingest1 under load ---------------------------------------------------------
  console.log(
    `d. load for ${LOAD_SECONDS} s through HAProxy (checkouts and events); kill -9 api1 and ingest1 at ${(LOAD_SECONDS / 3).toFixed(0)} s`,
  );
  const loadCarts = await preparedCarts(
    LOAD_CARTS,
    (i) => database.prepared.load[i % database.prepared.load.length]!,
  );
  const loadUntil = Date.now() + LOAD_SECONDS * 1000;
  // Events: each loop posts batches of 25 with ids of its own, and retries a batch until it has a 202.
  const acknowledged = new Set<string>();
  const eventAnswers: string[] = [];
  let serial = 0;
  const userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
  const ingestLoop = async () => {
    while (Date.now() < loadUntil) {
      const batch = Array.from({ length: 25 }, () => ({
        id: `load-${cluster.suffix}-${serial++}`,
        type: 'page',
        page: { url: 'https://shop.example/scale-out', path: '/scale-out' },
      }));
      while (Date.now() < loadUntil + 20_000) {
        try {
          const response = await fetch(`${INGEST}/api/events`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-write-key': WRITE_KEY,
              'user-agent': userAgent,
            },
            body: JSON.stringify({ batch }),
            signal: AbortSignal.timeout(10_000),
          });
          eventAnswers.push(String(response.status));
          if (response.status === 202) {
            for (const id of ((await response.json()) as { ids: string[] }).ids) acknowledged.add(id);
            break;
          }
          await response.arrayBuffer();
        } catch (error) {
          eventAnswers.push((error as Error).name);
        }
        await sleep(100);
      }
      await sleep(50);
    }
  };
  // Checkouts: each loop takes the next cart; one attempt each during the load (the replays come after).
  const inFlight: Array<{ cookie: string; key: string; first: CheckoutAnswer }> = [];
  let nextCart = 0;
  const checkoutLoop = async () => {
    while (Date.now() < loadUntil && nextCart < loadCarts.length) {
      const cookie = loadCarts[nextCart++]!;
      const key = randomUUID();
      inFlight.push({ cookie, key, first: await checkout(API, cookie, key) });
    }
  };
  const load = Promise.all([
    ...Array.from({ length: INGEST_LOOPS }, ingestLoop),
    ...Array.from({ length: CHECKOUT_CONCURRENCY }, checkoutLoop),
  ]);
  await sleep((LOAD_SECONDS * 1000) / 3);
  const killedAt = Date.now();
  apis[0]!.child.kill('SIGKILL');
  cluster.killHard(ingests[0]!);
  log(`kill -9 api1 (pid ${apis[0]!.child.pid}) and ingest1 (pid ${ingests[0]!.child.pid})`);
  const routedAround = await waitForStates({ 'api/api1': 'DOWN', 'ingest/ingest1': 'DOWN' }, 10_000);
  const downAfterMs = Date.now() - killedAt;
  await load;
  const afterKill = inFlight.filter((c) => c.first.servedBy !== '');
  figure(
    `HAProxy marked api1 and ingest1 DOWN ${routedAround ? `${downAfterMs} ms` : 'NOT within 10 s'} after the kill`,
  );
  figure(`event requests: ${eventAnswers.length}, answers ${JSON.stringify(count(eventAnswers))}`);
  figure(
    `checkouts during the load: ${inFlight.length}, answers ${JSON.stringify(count(inFlight.map((c) => `${c.first.status}${c.first.code ? ` ${c.first.code}` : ''}`)))}, served by ${JSON.stringify(count(afterKill.map((c) => c.first.servedBy)))}`,
  );

  // Every checkout that did not answer 201 is replayed with its key on what is left (api2, via HAProxy).
  const failed = inFlight.filter((c) => c.first.status !== 201);
  const replayed = await Promise.all(
    failed.map(async (c) => ({ ...c, replay: await checkout(API, c.cookie, c.key) })),
  );
  figure(
    `replays of the ${failed.length} that failed: ${JSON.stringify(count(replayed.map((r) => `${r.replay.status}${r.replay.code ? ` ${r.replay.code}` : ''}`)))}`,
  );

  // A checkout cut off between its reservation and its payment leaves a pending order holding stock until
  // the reservation expires; expire them now, and api2's sweeper must give the stock back.
  const stuck =
    (
      await sql.query<{ n: number }>(
        `update orders set reserved_until = now() where status = 'pending' returning 1 as n`,
      )
    ).rowCount ?? 0;
  const sweepDeadline = Date.now() + 15_000;
  let pendingLeft = stuck;
  while (pendingLeft > 0 && Date.now() < sweepDeadline) {
    await sleep(250);
    pendingLeft = (
      await sql.query<{ n: number }>(`select count(*)::int as n from orders where status = 'pending'`)
    ).rows[0]!.n;
  }
  const claimedWithoutOrder = (
    await sql.query<{ n: number }>(
      `select count(*)::int as n from checkout_requests where completed_at is null`,
    )
  ).rows[0]!.n;
  figure(
    `pending orders left by the kill: ${stuck}, cancelled by api2's reservation sweeper: ${stuck - pendingLeft}`,
  );
  figure(
    `idempotency keys left claimed but never completed (their replays answer 409 checkout_in_progress): ${claimedWithoutOrder}`,
  );

  // Nothing half done: per variant, stock taken == paid lines and stock reserved == pending lines.
  const ledger = (
    await sql.query<{ variant: string; taken: number; reserved: number; paid: number; pending: number }>(
      `select v.variant_id as variant, 100000 - v.stock_on_hand as taken, v.stock_reserved as reserved,
         coalesce(sum(l.quantity) filter (where o.status = 'paid'), 0)::int as paid,
         coalesce(sum(l.quantity) filter (where o.status = 'pending'), 0)::int as pending
       from inventory_levels v left join order_lines l on l.variant_id = v.variant_id left join orders o on o.id = l.order_id
       where v.variant_id = any($1) group by v.variant_id`,
      [database.prepared.load],
    )
  ).rows;
  const halfDone = ledger.filter((row) => row.taken !== row.paid || row.reserved !== row.pending);
  const paidOrders = ledger.reduce((n, r) => n + r.paid, 0);
  const pendingOrders = ledger.reduce((n, r) => n + r.pending, 0);
  const completed = inFlight.filter(
    (c) =>
      c.first.status === 201 || replayed.some((r) => r.key === c.key && [200, 201].includes(r.replay.status)),
  ).length;
  figure(
    `checkouts: ${completed} of ${inFlight.length} completed (at once or on replay); PostgreSQL: ${paidOrders} paid, ${pendingOrders} pending`,
  );
  figure(`variants where stock taken ≠ paid lines or reserved ≠ pending lines: ${halfDone.length}`);

  // Events: wait for the workers to store everything acknowledged, then compare.
  const drainStart = Date.now();
  const drained = await cluster.drained(acknowledged.size, 180_000, 2000);
  const loadIds = (await cluster.storedIds()).filter((id) => id.startsWith(`load-${cluster.suffix}-`));
  const stored = new Set(loadIds);
  const lost = [...acknowledged].filter((id) => !stored.has(id)).length;
  const unacknowledged = loadIds.filter((id) => !acknowledged.has(id)).length;
  // Which worker stored them: an event's apply is `<worker>:<seq>`, one random worker id per process.
  const applies = await cluster.db
    .collection<{ _id: string; applyId?: string }>('events')
    .find({ _id: { $in: loadIds } }, { projection: { applyId: 1 } })
    .toArray();
  const byWorker = Object.values(count(applies.map((doc) => doc.applyId?.split(':')[0] ?? '?')));
  figure(`events stored per worker process: ${byWorker.sort((a, b) => b - a).join(' and ')}`);
  figure(
    `events acknowledged ${acknowledged.size}, stored ${stored.size} (drained ${((Date.now() - drainStart) / 1000).toFixed(1)} s after the load), lost ${lost}, stored without acknowledgement ${unacknowledged}`,
  );
  verdict(
    'd. kill -9 api1 and ingest1: routed around, 0 events lost or extra, no checkout half done',
    routedAround &&
      drained &&
      lost === 0 &&
      unacknowledged === 0 &&
      stored.size === acknowledged.size &&
      halfDone.length === 0 &&
      pendingLeft === 0 &&
      paidOrders === completed,
  );

  // ---- c. the outbox relay of both instances ----------------------------------------------------------
  console.log(
    'c. outbox relay (both API instances relaying; api1 until its kill): order events in analytics',
  );
  const outboxDeadline = Date.now() + 60_000;
  let outbox = { rows: 0, delivered: 0, redelivered: 0 };
  while (Date.now() < outboxDeadline) {
    outbox = (
      await sql.query<{ rows: number; delivered: number; redelivered: number }>(
        `select count(*)::int as rows, count(delivered_at)::int as delivered,
           coalesce(sum(attempts - 1) filter (where delivered_at is not null), 0)::int as redelivered from outbox`,
      )
    ).rows[0]!;
    if (outbox.rows === outbox.delivered) break;
    await sleep(250);
  }
  await cluster.drained(0, 60_000, 2000);
  const eventIds = (await sql.query<{ id: string }>('select event_id as id from outbox')).rows.map(
    (r) => r.id,
  );
  const orderEvents = await cluster.db
    .collection('events')
    .aggregate<{ _id: string; n: number }>([
      { $match: { _id: { $in: eventIds } } },
      { $group: { _id: '$_id', n: { $sum: 1 } } },
    ])
    .toArray();
  const paidTotal = (
    await sql.query<{ n: number }>(`select count(*)::int as n from orders where status = 'paid'`)
  ).rows[0]!.n;
  const relayed = await frontendRequests();
  const byRelay = { api1: relayed.get('relay1') ?? 0, api2: relayed.get('relay2') ?? 0 };
  figure(`outbox batches posted by each instance's relay: ${JSON.stringify(byRelay)}`);
  figure(
    `paid orders ${paidTotal}; outbox rows ${outbox.rows}, delivered ${outbox.delivered} (${outbox.redelivered} extra attempts); stored in analytics ${orderEvents.length}, more than once ${orderEvents.filter((e) => e.n > 1).length}`,
  );
  verdict(
    'c. outbox relay: both instances relayed; every order event delivered and stored once',
    outbox.rows > 0 &&
      outbox.rows === outbox.delivered &&
      orderEvents.length === eventIds.length &&
      new Set(eventIds).size === eventIds.length &&
      orderEvents.every((e) => e.n === 1) &&
      eventIds.length >= paidTotal &&
      byRelay.api1 > 0 &&
      byRelay.api2 > 0,
  );
} finally {
  haproxy?.kill('SIGTERM');
  await Promise.all(apis.map((api) => api.stop().catch(() => {})));
  await cluster.close();
  await sql.end();
  await database.drop(redisPrefix);
}

const failedChecks = results.filter((r) => !r.ok);
console.log(
  `scale-out: ${results.length - failedChecks.length} of ${results.length} checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = failedChecks.length === 0 && results.length === 4 ? 0 : 1;
