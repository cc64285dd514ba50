import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database } from '../../db/client';
import { mailOutbox } from '../../db/schema';
import type { MailMessage } from './templates';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Where a message is written: the database, a Drizzle transaction, or a pg client inside its own transaction. */
export type MailExecutor = Database | Transaction | pg.PoolClient;

const isPgClient = (executor: MailExecutor): executor is pg.PoolClient => 'release' in executor;
const asDrizzle = (executor: MailExecutor): Database | Transaction =>
  isPgClient(executor) ? (drizzle(executor, { casing: 'snake_case' }) as unknown as Database) : executor;

export type MailRow = typeof mailOutbox.$inferSelect;

export function createMailRepository(db: Database) {
  return {
    /** Writes the message in the caller's transaction: it is sent if and only if the change commits. */
    async enqueue(executor: MailExecutor, message: MailMessage) {
      const rows = await asDrizzle(executor)
        .insert(mailOutbox)
        .values({
          template: message.template,
          data: message.data as unknown as Record<string, unknown>,
          recipient: message.to,
          dedupeKey: message.dedupeKey ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: mailOutbox.id });
      return rows[0]?.id ?? null;
    },

    /**
     * Claims due messages for `leaseMs`: FOR UPDATE SKIP LOCKED picks rows no other relay is claiming, and
     * moving next_attempt_at past the lease keeps them from every other relay until this one reports back.
     */
    claimDue: (limit: number, leaseMs: number) =>
      db.transaction(async (tx) => {
        const due = await tx
          .select({ id: mailOutbox.id })
          .from(mailOutbox)
          .where(
            and(
              isNull(mailOutbox.sentAt),
              isNull(mailOutbox.failedAt),
              lte(mailOutbox.nextAttemptAt, sql`now()`),
            ),
          )
          .orderBy(mailOutbox.nextAttemptAt, mailOutbox.createdAt)
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        return tx
          .update(mailOutbox)
          .set({ nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'` })
          .where(
            sql`${mailOutbox.id} in (${sql.join(
              due.map((row) => sql`${row.id}`),
              sql`, `,
            )})`,
          )
          .returning();
      }),

    markSent: (id: string) =>
      db
        .update(mailOutbox)
        .set({ sentAt: sql`now()`, attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
        .where(eq(mailOutbox.id, id)),

    /** Waits 1 s, 2 s, 4 s… (at most `maxBackoffMs`) before the next attempt. */
    markRetry: (id: string, error: string, maxBackoffMs: number) =>
      db
        .update(mailOutbox)
        .set({
          attempts: sql`${mailOutbox.attempts} + 1`,
          lastError: error.slice(0, 500),
          nextAttemptAt: sql`now() + least(${maxBackoffMs}::int, 1000 * power(2, least(${mailOutbox.attempts}, 20))::bigint) * interval '1 millisecond'`,
        })
        .where(eq(mailOutbox.id, id)),

    /** The server refused the message for good: it is kept, with the reason, and not retried. */
    markFailed: (id: string, error: string) =>
      db
        .update(mailOutbox)
        .set({
          attempts: sql`${mailOutbox.attempts} + 1`,
          lastError: error.slice(0, 500),
          failedAt: sql`now()`,
        })
        .where(eq(mailOutbox.id, id)),

    /** Gives claimed messages back at once (the relay stops, or the server went away mid-batch). */
    release: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve()
        : db
            .update(mailOutbox)
            .set({ nextAttemptAt: sql`now()` })
            .where(
              and(
                isNull(mailOutbox.sentAt),
                sql`${mailOutbox.id} in (${sql.join(
                  ids.map((id) => sql`${id}`),
                  sql`, `,
                )})`,
              ),
            )
            .then(() => undefined),
  };
}
export type MailRepository = ReturnType<typeof createMailRepository>;
