import { type Db, MongoClient } from 'mongodb';

/** A database handle, or where to get the current one (the client behind it may be replaced). */
export type DbSource = Db | (() => Db);

export const dbOf = (source: DbSource): Db => (typeof source === 'function' ? source() : source);

/** A heartbeat of the driver's server monitor with no outcome for this long means the monitor hangs. */
const MONITOR_HUNG_MS = 30_000;

/**
 * The process's MongoDB client. It tracks unanswered commands and the driver's heartbeats, so a stuck
 * write can be explained in the log, and it replaces its client when that client cannot recover by
 * itself: seen after FerretDB restarted, a monitor heartbeat that never ends leaves the server
 * "Unknown" and every operation failing server selection, though the server is back.
 */
export class MongoConnection {
  private current: MongoClient;
  private readonly commands = new Map<
    number,
    { command: string; collection: string | undefined; at: number }
  >();
  private server = 'unknown';
  private heartbeat = { startedAt: 0, succeededAt: 0, failedAt: 0 };
  /** Last time MongoDB answered a command successfully. */
  succeededAt = Date.now();
  /** Commands sent, and the operations in them (each document inserted, each update or delete, one per other command). */
  commandsTotal = 0;
  operationsTotal = 0;
  /** The same operations by collection and command (`events insert`, `buckets update`…), to see where they go. */
  readonly operationsBy = new Map<string, number>();
  private readonly watch: NodeJS.Timeout;
  private reconnect: NodeJS.Timeout | undefined;
  private failedConnects = 0;
  private closed = false;

  constructor(
    private readonly uri: string,
    private readonly onReplaced: (
      reason: string,
      state: ReturnType<MongoConnection['pending']>,
    ) => void = () => {},
  ) {
    this.current = this.open();
    this.watch = setInterval(() => {
      const { startedAt, succeededAt, failedAt } = this.heartbeat;
      if (
        startedAt &&
        Date.now() - startedAt > MONITOR_HUNG_MS &&
        startedAt > Math.max(succeededAt, failedAt)
      )
        this.replace('the driver’s server monitor hangs');
    }, 5000);
    this.watch.unref();
  }

  get client() {
    return this.current;
  }

  /** The database of the connection string, on the current client. */
  readonly db = () => this.current.db();

  private open() {
    const client = new MongoClient(this.uri, {
      serverSelectionTimeoutMS: 2000,
      // A write that never answers (its server died mid-command) must fail so the worker retries it; never hang.
      socketTimeoutMS: 30_000,
      waitQueueTimeoutMS: 30_000,
      monitorCommands: true,
    });
    this.commands.clear();
    this.heartbeat = { startedAt: 0, succeededAt: 0, failedAt: 0 };
    // The driver closes a client whose first connection fails and then fails every later call with
    // "Topology is closed" (driver 7.9): connect now, and replace a client that could not, until one can.
    client.connect().then(
      () => {
        this.failedConnects = 0;
      },
      (error: Error) => {
        if (this.closed || this.current !== client) return;
        this.failedConnects++;
        this.reconnect = setTimeout(() => {
          if (!this.closed && this.current === client)
            this.replace(`could not connect: ${error.message}`, this.failedConnects > 1);
        }, 1000);
        this.reconnect.unref();
      },
    );
    client.on('commandStarted', (event) => {
      const collection = event.command[event.commandName];
      const batch = event.command.documents ?? event.command.updates ?? event.command.deletes;
      this.commandsTotal++;
      const operations = Array.isArray(batch) ? batch.length : 1;
      this.operationsTotal += operations;
      const by = `${typeof collection === 'string' ? collection : '-'} ${event.commandName}`;
      this.operationsBy.set(by, (this.operationsBy.get(by) ?? 0) + operations);
      this.commands.set(event.requestId, {
        command: event.commandName,
        collection: typeof collection === 'string' ? collection : undefined,
        at: Date.now(),
      });
    });
    client.on('commandSucceeded', (event) => {
      this.commands.delete(event.requestId);
      this.succeededAt = Date.now();
    });
    client.on('commandFailed', (event) => this.commands.delete(event.requestId));
    client.on('serverHeartbeatStarted', () => {
      this.heartbeat.startedAt = Date.now();
    });
    client.on('serverHeartbeatSucceeded', () => {
      this.heartbeat.succeededAt = Date.now();
    });
    client.on('serverHeartbeatFailed', () => {
      this.heartbeat.failedAt = Date.now();
    });
    client.on('serverDescriptionChanged', (event) => {
      const error = event.newDescription.error;
      this.server = `${event.address} ${event.newDescription.type}${error ? ` (${error.message})` : ''}`;
    });
    return client;
  }

  /**
   * Closes the client (its pending operations fail, and their callers retry) and opens a new one.
   * Callers that take their database from `db()` use the new client from their next operation on.
   */
  replace(reason: string, quietly = false) {
    if (this.closed) return;
    const state = this.pending();
    const old = this.current;
    clearTimeout(this.reconnect);
    this.current = this.open();
    // While the server stays away, only the first of the retries to connect is reported.
    if (!quietly) this.onReplaced(reason, state);
    void old.close(true).catch(() => {});
  }

  /** What this process is waiting for from MongoDB right now. */
  pending() {
    const now = Date.now();
    const ago = (at: number) => (at ? now - at : undefined);
    return {
      commands: [...this.commands.values()].map((c) => ({
        command: c.command,
        collection: c.collection,
        ms: now - c.at,
      })),
      server: this.server,
      lastSuccessMsAgo: now - this.succeededAt,
      heartbeatMsAgo: {
        started: ago(this.heartbeat.startedAt),
        succeeded: ago(this.heartbeat.succeededAt),
        failed: ago(this.heartbeat.failedAt),
      },
    };
  }

  close() {
    this.closed = true;
    clearInterval(this.watch);
    clearTimeout(this.reconnect);
    return this.current.close();
  }
}
