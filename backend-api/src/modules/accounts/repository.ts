import type { AddressInput, AddressPatch, Role } from '@shopstream/contracts';
import { and, desc, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { addresses, refreshTokens, sessions, users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AddressRow = typeof addresses.$inferSelect;

export function createAccountRepository(db: Database) {
  return {
    findUserByEmail: async (email: string) =>
      (await db.select().from(users).where(eq(users.email, email)).limit(1))[0],

    findUserById: async (id: string) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0],

    /** Null when the email is taken. */
    insertUser: async (values: { email: string; passwordHash: string; name: string; role?: Role }) =>
      (await db.insert(users).values(values).onConflictDoNothing().returning())[0] ?? null,

    updateUser: async (
      id: string,
      values: Partial<
        Pick<UserRow, 'email' | 'name' | 'passwordHash' | 'role' | 'disabled' | 'emailVerifiedAt'>
      >,
    ) =>
      (
        await db
          .update(users)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(users.id, id))
          .returning()
      )[0],

    listUsers: async (filter: {
      role?: Role;
      email?: string;
      /** Part of the email or the name. */
      q?: string;
      /** The id of the last user of the previous page. */
      afterId?: string;
      limit: number;
    }) =>
      db
        .select()
        .from(users)
        .where(
          and(
            filter.role ? eq(users.role, filter.role) : undefined,
            filter.email ? ilike(users.email, `%${filter.email.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
            filter.q
              ? or(
                  ilike(users.email, `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`),
                  ilike(users.name, `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`),
                )
              : undefined,
            filter.afterId
              ? sql`(${users.createdAt}, ${users.id}) < (select u.created_at, u.id from users u where u.id = ${filter.afterId})`
              : undefined,
          ),
        )
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(filter.limit),

    /** The user's current role if the session is live and the account enabled. */
    findLiveSession: async (userId: string, sessionId: string) =>
      (
        await db
          .select({ role: users.role })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(
            and(
              eq(sessions.id, sessionId),
              eq(sessions.userId, userId),
              isNull(sessions.revokedAt),
              gt(sessions.expiresAt, sql`now()`),
              eq(users.disabled, false),
            ),
          )
          .limit(1)
      )[0] ?? null,

    /** Starts a session with its first refresh token. */
    createSession: (values: {
      userId: string;
      userAgent: string | null;
      ip: string | null;
      expiresAt: Date;
      tokenHash: string;
    }) =>
      db.transaction(async (tx) => {
        const [session] = await tx
          .insert(sessions)
          .values({
            userId: values.userId,
            userAgent: values.userAgent,
            ip: values.ip,
            expiresAt: values.expiresAt,
          })
          .returning();
        await tx.insert(refreshTokens).values({ sessionId: session!.id, tokenHash: values.tokenHash });
        return session!;
      }),

    /**
     * Exchanges a refresh token for the next one, atomically. A token exchanged less than `graceSeconds`
     * ago whose successor `nextHash` is still unused answers `rotated` again (two tabs refreshing at the
     * same moment); any other second use is `reused`: the caller must end the whole session.
     */
    rotateRefreshToken: (tokenHash: string, nextHash: string, graceSeconds: number) =>
      db.transaction(async (tx) => {
        const [token] = await tx
          .select({
            id: refreshTokens.id,
            sessionId: refreshTokens.sessionId,
            rotatedAt: refreshTokens.rotatedAt,
          })
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, tokenHash))
          .limit(1);
        if (!token) return { outcome: 'unknown' as const };
        const [session] = await tx
          .select({ session: sessions, user: users })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(eq(sessions.id, token.sessionId))
          .for('update', { of: sessions })
          .limit(1);
        if (!session) return { outcome: 'unknown' as const };
        const claimed = await tx
          .update(refreshTokens)
          .set({ rotatedAt: sql`now()` })
          .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.rotatedAt)))
          .returning({ id: refreshTokens.id });
        const live =
          !session.session.revokedAt && session.session.expiresAt > new Date() && !session.user.disabled;
        if (claimed.length === 0) {
          // Read after the session lock, so the exchange that won the race is visible.
          const [replay] = await tx
            .select({ id: refreshTokens.id })
            .from(refreshTokens)
            .where(
              and(
                eq(refreshTokens.sessionId, token.sessionId),
                eq(refreshTokens.tokenHash, nextHash),
                isNull(refreshTokens.rotatedAt),
                sql`exists (select 1 from refresh_tokens presented where presented.id = ${token.id}
                  and presented.rotated_at > now() - make_interval(secs => ${graceSeconds}))`,
              ),
            )
            .limit(1);
          if (!replay) return { outcome: 'reused' as const, sessionId: token.sessionId };
          if (!live) return { outcome: 'ended' as const };
          return { outcome: 'rotated' as const, session: session.session, user: session.user };
        }
        if (!live) return { outcome: 'ended' as const };
        await tx.insert(refreshTokens).values({ sessionId: token.sessionId, tokenHash: nextHash });
        await tx.update(sessions).set({ lastUsedAt: sql`now()` }).where(eq(sessions.id, token.sessionId));
        return { outcome: 'rotated' as const, session: session.session, user: session.user };
      }),

    findSessionIdByRefreshToken: async (tokenHash: string) =>
      (
        await db
          .select({ sessionId: refreshTokens.sessionId })
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, tokenHash))
          .limit(1)
      )[0]?.sessionId ?? null,

    revokeSession: async (sessionId: string, reason: string, userId?: string) =>
      (
        await db
          .update(sessions)
          .set({ revokedAt: sql`now()`, revokedReason: reason })
          .where(
            and(
              eq(sessions.id, sessionId),
              isNull(sessions.revokedAt),
              userId ? eq(sessions.userId, userId) : undefined,
            ),
          )
          .returning({ id: sessions.id })
      ).length > 0,

    /** The ids of the sessions it ended. */
    revokeOtherSessions: async (userId: string, keepSessionId: string | null, reason: string) =>
      (
        await db
          .update(sessions)
          .set({ revokedAt: sql`now()`, revokedReason: reason })
          .where(
            and(
              eq(sessions.userId, userId),
              isNull(sessions.revokedAt),
              keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined,
            ),
          )
          .returning({ id: sessions.id })
      ).map((row) => row.id),

    listLiveSessions: (userId: string) =>
      db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)),
        )
        .orderBy(desc(sessions.lastUsedAt)),

    listAllLiveSessions: () =>
      db
        .select({
          sessionId: sessions.id,
          userId: sessions.userId,
          expiresAt: sessions.expiresAt,
          role: users.role,
          disabled: users.disabled,
          updatedAt: users.updatedAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), eq(users.disabled, false)),
        ),

    listAddresses: (userId: string) =>
      db
        .select()
        .from(addresses)
        .where(eq(addresses.userId, userId))
        .orderBy(desc(addresses.isDefault), addresses.createdAt),

    insertAddress: (userId: string, input: AddressInput) =>
      db.transaction(async (tx) => {
        if (input.isDefault) {
          await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
        }
        const [row] = await tx
          .insert(addresses)
          .values({ ...input, isDefault: input.isDefault ?? false, userId })
          .returning();
        return row!;
      }),

    updateAddress: (userId: string, id: string, patch: AddressPatch) =>
      db.transaction(async (tx) => {
        const match = and(eq(addresses.id, id), eq(addresses.userId, userId));
        // An id that is not the caller's changes nothing: clearing the default first would lose it behind a 404.
        const [own] = await tx.select({ id: addresses.id }).from(addresses).where(match).for('update');
        if (!own) return null;
        if (patch.isDefault) {
          await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
        }
        const rows =
          Object.keys(patch).length === 0
            ? await tx.select().from(addresses).where(match)
            : await tx.update(addresses).set(patch).where(match).returning();
        return rows[0] ?? null;
      }),

    deleteAddress: async (userId: string, id: string) =>
      (
        await db
          .delete(addresses)
          .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
          .returning({ id: addresses.id })
      ).length > 0,
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;
