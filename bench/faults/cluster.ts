// Starts analytics-service processes (ingest and worker roles) on a database and queue prefix of their own,
// and reads what they stored: shared by the fault scripts, the ingest benchmark and the freshness script.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { MongoClient } from 'mongodb';
import { freePort, signAccessToken, startSession } from '../../analytics-service/test/support/environment';
import { serviceEntry } from '../support/service-build';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const RABBITMQ_URL = 'amqp://rabbitmq:rabbitmq_secret@127.0.0.1:5672';
const MONGO_SERVER = 'mongodb://analytics:analytics_secret@127.0.0.1:27017';
export const WRITE_KEY = 'bench-write-key';
export const SERVER_KEY = 'bench-server-key-0123456789';
export const SITE = 'bench-shop';
const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef0123456789';

function portRange(range: string | undefined): number[] {
  if (!range) return [];
  const [from, to] = range.split('-').map(Number);
  if (!from || !to || to < from) throw new Error('BENCH_PORTS must look like 6030-6049');
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ServiceProcess {
  role: 'all' | 'ingest' | 'worker';
  port: number;
  url: string;
  child: ChildProcess;
}

/** One isolated environment: its own MongoDB database and queue prefix; processes come and go in it. */
export class Cluster {
  readonly suffix = randomBytes(4).toString('hex');
  readonly database = `analytics_bench_${this.suffix}`;
  readonly prefix = `bench.${this.suffix}`;
  readonly redisPrefix = `bench:analytics_${this.suffix}:`;
  readonly processes = new Set<ServiceProcess>();
  private readonly mongo = new MongoClient(`${MONGO_SERVER}/${this.database}?authSource=admin`, {
    serverSelectionTimeoutMS: 2000,
  });

  /** The build when there is one: which of the two ran is printed with the figures. */
  readonly entry = serviceEntry('analytics-service');

  /** BENCH_PORTS=6030-6049: processes take their ports from this range (a shared machine's own range). */
  private readonly ports = portRange(process.env.BENCH_PORTS);

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  /** The environment of a service process of `role` (subclasses vary it per role). */
  env(port: number, _role: ServiceProcess['role']): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      MONGODB_URI: `${MONGO_SERVER}/${this.database}?authSource=admin`,
      RABBITMQ_URL,
      ANALYTICS_QUEUE_PREFIX: this.prefix,
      ANALYTICS_SITES: `${SITE}:${WRITE_KEY}`,
      ANALYTICS_SERVER_KEY: SERVER_KEY,
      ANALYTICS_VISITOR_SECRET: 'bench-visitor-secret-0123456789',
      JWT_SECRET,
      REDIS_KEY_PREFIX: this.redisPrefix,
      // The load generator gives each simulated shopper its own X-Forwarded-For from loopback.
      TRUST_PROXY: 'loopback',
      ANALYTICS_RATE_LIMIT: '10000000',
      ANALYTICS_REFERRER_BLOCKLIST: `${SITE}:spam.example`,
      ...this.extraEnv,
    };
  }

  /**
   * Starts `node dist/server.js --role=<role>` (the build; `node --import tsx src/server.ts` when there
   * is none) on `port` (a free one by default) and waits until it answers /health.
   */
  async start(role: ServiceProcess['role'], port?: number): Promise<ServiceProcess> {
    port ??= this.ports.shift() ?? (await freePort());
    // BENCH_PROFILE=<dir>: each service process writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    const child = spawn(process.execPath, [...profile, ...this.entry.args, `--role=${role}`], {
      cwd: `${root}/analytics-service`,
      env: this.env(port, role),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The service logs (JSON, warnings and up) go to this script's stderr: stdout is for the figures.
    child.stdout?.pipe(process.stderr);
    const service = { role, port, url: `http://127.0.0.1:${port}`, child };
    this.processes.add(service);
    child.once('exit', () => this.processes.delete(service));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${role} process exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${service.url}/health`)).ok) return service;
      } catch {}
      if (Date.now() > deadline) throw new Error(`${role} process did not answer /health within 60 s`);
      await sleep(200);
    }
  }

  /** kill -9: no shutdown hook runs, unacked messages and half-done writes stay as they are. */
  killHard(service: ServiceProcess) {
    service.child.kill('SIGKILL');
  }

  async stop(service: ServiceProcess) {
    if (service.child.exitCode !== null) return;
    service.child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => service.child.once('exit', resolve)), sleep(10_000)]);
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }

  get db() {
    return this.mongo.db();
  }

  async storedIds(): Promise<string[]> {
    const docs = await this.db
      .collection<{ _id: string }>('events')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id);
  }

  async counts() {
    const events = this.db.collection('events');
    const applies = this.db.collection<{ _id: string }>('applies');
    const unfinished = await applies.countDocuments({ state: { $in: ['inserting', 'applying'] } });
    // Events of an abandoned apply wait for a sweep to move them to a new one and count them.
    const abandoned = (await applies.find({ state: 'abandoned' }, { projection: { _id: 1 } }).toArray()).map(
      (a) => a._id,
    );
    const waiting = abandoned.length ? await events.countDocuments({ applyId: { $in: abandoned } }) : 0;
    return {
      stored: await events.countDocuments({}),
      pending: unfinished + waiting,
      queued: await this.queueDepth(),
    };
  }

  /** Messages ready in the events queue (a passive declare; unacknowledged ones are not counted). */
  async queueDepth(queue = `${this.prefix}.events`): Promise<number> {
    const connection = await amqp.connect(RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      const ok = await channel.checkQueue(queue);
      return ok.messageCount;
    } finally {
      await connection.close().catch(() => {});
    }
  }

  deadLettered() {
    return this.queueDepth(`${this.prefix}.events.dead`);
  }

  /**
   * Waits until the pipeline is idle: nothing queued, no unfinished apply, the stored count steady for
   * `steadyMs` and at least `expected`. Returns false at the timeout.
   */
  async drained(expected: number, timeoutMs: number, steadyMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let steadySince = Date.now();
    while (Date.now() < deadline) {
      try {
        const { stored, pending, queued } = await this.counts();
        if (stored !== last) {
          last = stored;
          steadySince = Date.now();
        }
        if (queued === 0 && pending === 0 && stored >= expected && Date.now() - steadySince >= steadyMs)
          return true;
      } catch {}
      await sleep(500);
    }
    return false;
  }

  /** A staff token of a session recorded in this cluster's session mirror (as backend-api would). */
  async staffToken() {
    const config = {
      JWT_SECRET,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: this.redisPrefix,
    };
    const session = await startSession(config, 'staff');
    return signAccessToken(config, { ...session, role: 'staff' }, 1800);
  }

  /** Stops every process, drops the database and deletes the queues and exchanges. */
  async close() {
    await Promise.all([...this.processes].map((p) => this.stop(p)));
    await this.db.dropDatabase().catch(() => {});
    await this.mongo.close().catch(() => {});
    const connection = await amqp.connect(RABBITMQ_URL).catch(() => undefined);
    if (!connection) return;
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    for (const queue of [`${this.prefix}.events`, `${this.prefix}.events.dead`])
      await channel.deleteQueue(queue).catch(() => {});
    for (const exchange of [`${this.prefix}.events.dead`, `${this.prefix}.live`])
      await channel.deleteExchange(exchange).catch(() => {});
    await connection.close().catch(() => {});
  }
}
