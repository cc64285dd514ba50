import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database } from './client';
import * as schema from './schema';

/** An open transaction: what a service passes down to every repository call that must commit with it. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The database or an open transaction: a repository function runs in whichever it is given. */
export type Executor = Database | Transaction;

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws (and rethrown). */
export type WithTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

/** The Drizzle instance of the pooled connection a transaction runs on, for its prepared statements. */
const connectionOf = new WeakMap<Transaction, Database>();

/** What runs once a transaction of `transactionsOf` has committed. */
const commitHooks = new WeakMap<Transaction, Array<() => Promise<void>>>();

/**
 * Runs `hook` once `tx` has committed, before the caller of `withTransaction` gets its result; never when it
 * rolls back. For what others must only see after the commit (a cache version bumped before it, and a read
 * in between, would cache what is about to change). A transaction not opened by `transactionsOf` (a
 * savepoint, a test's own) runs the hook at once. A hook must not throw: its transaction has committed,
 * so an error would answer a change that happened as one that failed.
 */
export function afterCommit(tx: Transaction, hook: () => Promise<void>) {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else void hook();
}

/**
 * The one transaction helper of backend-api; services receive it instead of the database. Each pooled
 * connection keeps one Drizzle instance, and Drizzle's `transaction` on it sends BEGIN/COMMIT/ROLLBACK, so
 * statements prepared for that connection (`prepared`) run inside the transaction.
 */
export function transactionsOf(pool: pg.Pool): WithTransaction {
  const byConnection = new WeakMap<pg.PoolClient, Database>();
  return async (work) => {
    const client = await pool.connect();
    const hooks: Array<() => Promise<void>> = [];
    let result: Awaited<ReturnType<typeof work>>;
    try {
      let db = byConnection.get(client);
      if (!db) {
        // The type names a Pool client; a connection's instance is used only for its transactions.
        db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database;
        byConnection.set(client, db);
      }
      const connection = db;
      result = await connection.transaction((tx) => {
        connectionOf.set(tx, connection);
        commitHooks.set(tx, hooks);
        return work(tx);
      });
    } finally {
      client.release();
    }
    for (const hook of hooks) await hook();
    return result;
  };
}

/**
 * A statement Drizzle builds once per connection (or once for the pool) and PostgreSQL parses once per
 * connection, under `name`. Drizzle otherwise rebuilds a query's SQL on every call: on the checkout path that
 * cost more CPU than the queries themselves (bench/api-checkout). `build` gets the database or connection to
 * prepare on and answers the `.prepare(name)` of a query with `sql.placeholder`s.
 */
export function prepared<P>(build: (db: Database) => P): (executor: Executor) => P {
  const cache = new WeakMap<object, P>();
  return (executor) => {
    // A transaction opened elsewhere (not by transactionsOf) prepares on itself, for its own lifetime.
    const db = connectionOf.get(executor as Transaction) ?? (executor as Database);
    let statement = cache.get(db);
    if (!statement) {
      statement = build(db);
      cache.set(db, statement);
    }
    return statement;
  };
}
