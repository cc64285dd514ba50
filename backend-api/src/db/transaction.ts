import type { Database } from './client';

/** An open transaction: what a service passes down to every repository call that must commit with it. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The database or an open transaction: a repository function runs in whichever it is given. */
export type Executor = Database | Transaction;

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws (and rethrown). */
export type WithTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

/** The one transaction helper of backend-api; services receive it instead of the database. */
export const transactionsOf =
  (db: Database): WithTransaction =>
  (work) =>
    db.transaction(work);
