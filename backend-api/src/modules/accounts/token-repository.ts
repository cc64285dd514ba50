import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accountTokens, sessions, users } from '../../db/schema';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type TokenPurpose = (typeof accountTokens.$inferInsert)['purpose'];

/**
 * The account writes that go with a mailed link. Each takes the transaction it runs in, so the service can
 * put the token, the account change and the mail that announces it in one commit.
 */
export function createAccountTokenRepository(db: Database) {
  return {
    inTransaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    /** Null when the email is taken. */
    insertUser: async (tx: Transaction, values: { email: string; passwordHash: string; name: string }) =>
      (await tx.insert(users).values(values).onConflictDoNothing().returning())[0] ?? null,

    findUserByEmail: async (tx: Transaction | Database, email: string) =>
      (await tx.select().from(users).where(eq(users.email, email)).limit(1))[0],

    insertToken: (
      tx: Transaction,
      values: { userId: string; purpose: TokenPurpose; tokenHash: string; email: string; expiresAt: Date },
    ) => tx.insert(accountTokens).values(values),

    /**
     * Uses a token once: it must be unused and unexpired, and its account must still have the email it was
     * sent to. Answers its user and email, or null. The row lock makes two uses of one token race to one winner.
     */
    consumeToken: async (tx: Transaction, tokenHash: string, purpose: TokenPurpose) =>
      (
        await tx
          .update(accountTokens)
          .set({ usedAt: sql`now()` })
          .where(
            and(
              eq(accountTokens.tokenHash, tokenHash),
              eq(accountTokens.purpose, purpose),
              isNull(accountTokens.usedAt),
              gt(accountTokens.expiresAt, sql`now()`),
              sql`exists (select 1 from ${users} where ${users.id} = ${accountTokens.userId}
                and ${users.email} = ${accountTokens.email} and not ${users.disabled})`,
            ),
          )
          .returning({ userId: accountTokens.userId, email: accountTokens.email })
      )[0] ?? null,

    /** Ends every other unused token of that purpose (a reset link sent earlier stops working). */
    retireTokens: (tx: Transaction, userId: string, purpose: TokenPurpose) =>
      tx
        .update(accountTokens)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(accountTokens.userId, userId),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
          ),
        ),

    setPassword: async (tx: Transaction, userId: string, passwordHash: string) =>
      (
        await tx
          .update(users)
          .set({ passwordHash, updatedAt: sql`now()` })
          .where(eq(users.id, userId))
          .returning()
      )[0]!,

    /** Marks the email verified if it is still the account's email; answers whether it did. */
    markEmailVerified: async (tx: Transaction, userId: string, email: string) =>
      (
        await tx
          .update(users)
          .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
          .where(and(eq(users.id, userId), eq(users.email, email)))
          .returning({ id: users.id })
      ).length > 0,

    /** Ends every session of the account; answers their ids. */
    revokeAllSessions: async (tx: Transaction, userId: string, reason: string) =>
      (
        await tx
          .update(sessions)
          .set({ revokedAt: sql`now()`, revokedReason: reason })
          .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id })
      ).map((row) => row.id),
  };
}
export type AccountTokenRepository = ReturnType<typeof createAccountTokenRepository>;
