import cluster, { type Worker } from 'node:cluster';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

export interface SupervisorOptions {
  processes: number;
  role: string;
  logLevel: keyof typeof LEVELS;
  /** Above serve's own 10 s close timeout: a process that outlives it is killed. */
  stopTimeoutMs?: number;
}

/**
 * The primary of a multi-process server: forks `processes` copies of this script (same arguments, same
 * role), which share the listening port (node:cluster hands each new connection to the next one), restarts
 * one that dies unexpectedly, and stops them all on SIGTERM or SIGINT. It opens no connection of its own.
 */
export function superviseProcesses({ processes, role, logLevel, stopTimeoutMs = 15_000 }: SupervisorOptions) {
  // One JSON line per event, shaped like the services' pino logs; the primary has no Fastify logger.
  const log = (level: Exclude<keyof typeof LEVELS, 'silent'>, msg: string, fields: object = {}) => {
    if (LEVELS[level] < LEVELS[logLevel]) return;
    const line = {
      level: LEVELS[level],
      time: Date.now(),
      service: 'analytics-service',
      role,
      ...fields,
      msg,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };

  let stopping = false;
  let exitCode = 0;
  let everListened = false;
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const restarts = new Set<NodeJS.Timeout>();

  const fork = () => startedAt.set(cluster.fork(), Date.now());

  cluster.on('listening', (worker, address) => {
    everListened = true;
    log('info', 'process listening', { pid: worker.process.pid, port: address.port });
  });

  cluster.on('exit', (worker, code, signal) => {
    const livedMs = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (startedAt.size === 0) process.exit(exitCode);
      return;
    }
    if (!everListened) {
      // The first processes could not even start (a bad port, say): fail as a single process would.
      log('fatal', 'process failed to start; stopping', { pid: worker.process.pid, code, signal });
      stop(1);
      return;
    }
    // Back off when processes keep dying soon after starting, so a crash loop does not spin a core.
    quickDeaths = livedMs < 30_000 ? quickDeaths + 1 : 0;
    const delayMs = Math.min(30_000, 500 * 2 ** quickDeaths);
    log('error', 'process exited unexpectedly; restarting', {
      pid: worker.process.pid,
      code,
      signal,
      delayMs,
    });
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restarts.add(timer);
  });

  const stop = (code: number) => {
    stopping = true;
    exitCode = code;
    for (const timer of restarts) clearTimeout(timer);
    const workers = [...startedAt.keys()];
    if (workers.length === 0) process.exit(exitCode);
    // SIGTERM, not worker.kill(): each process closes itself gracefully through `serve`.
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      log('warn', 'processes did not stop in time; killing them', { stopTimeoutMs });
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, stopTimeoutMs);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) {
        // A second signal ends everything at once, as it does for a single process.
        for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
        process.exit(1);
      }
      log('info', 'stopping processes', { signal, processes: startedAt.size });
      stop(0);
    });
  }

  log('info', 'starting processes', { processes });
  for (let i = 0; i < processes; i++) fork();
}

/**
 * In a process forked by the primary: a terminal's Ctrl-C or a service manager's SIGTERM may reach the
 * whole process group, and the primary forwards the signal too; `serve` would take that second signal as
 * "exit now". Only the first signal counts here; the primary enforces the deadline.
 */
export function takeFirstSignalOnly() {
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const handlers = process.listeners(signal);
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      for (const handler of handlers) handler(signal);
    });
  }
}
