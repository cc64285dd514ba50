import { createHash, createHmac, randomBytes } from 'node:crypto';
import type {
  AddressInput,
  AddressPatch,
  AdminUserListQuery,
  AdminUserPatch,
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  Role,
  UpdateProfileRequest,
} from '@shopstream/contracts';
import type { AccessTokens, SessionRegistry } from '@shopstream/server-kit';
import {
  AppError,
  Conflict,
  ErrorCode,
  Forbidden,
  NotFound,
  Unauthorized,
  ValidationFailed,
} from '@shopstream/server-kit';
import { decoyPasswordHash, hashPassword, normaliseEmail, verifyPassword } from '../../lib/passwords';
import type { LoginLimits } from './login-limits';
import type { AccountMailFlows } from './mailed-links';
import type { AccountRepository, AddressRow, SessionRow, UserRow } from './repository';

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: ReturnType<typeof toUser>;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newRefreshToken = () => randomBytes(32).toString('base64url');

/**
 * The token that follows a refresh token is derived from it (HMAC with a server key) rather than drawn at
 * random, so a second refresh of the same token within the grace window can answer the same successor
 * without the server ever keeping a token in clear: only its SHA-256 is stored, and only the holder of
 * the previous token can compute it.
 */
const successorDeriver = (secret: string) => {
  const key = createHmac('sha256', secret).update('shopstream refresh token successor').digest();
  return (token: string) => createHmac('sha256', key).update(token).digest('base64url');
};

export const toUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  emailVerified: row.emailVerifiedAt !== null,
  createdAt: row.createdAt.toISOString(),
});
export const toAdminUser = (row: UserRow) => ({
  ...toUser(row),
  disabled: row.disabled,
  updatedAt: row.updatedAt.toISOString(),
});
const toAddress = (row: AddressRow) => ({
  id: row.id,
  label: row.label,
  fullName: row.fullName,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  region: row.region,
  postalCode: row.postalCode,
  country: row.country,
  phone: row.phone,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
});
const toSession = (row: SessionRow, currentSessionId: string) => ({
  id: row.id,
  userAgent: row.userAgent,
  ip: row.ip,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  current: row.id === currentSessionId,
});

const invalidCredentials = () => Unauthorized('The email or password is wrong');

// The cursor names the last user of the page; the database compares with its exact (microsecond) time.
const encodeCursor = (row: UserRow) => Buffer.from(row.id).toString('base64url');
function decodeCursor(cursor: string) {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor this API returned' }]);
  }
  return id;
}

export function createAccountService(
  repo: AccountRepository,
  tokens: AccessTokens,
  options: {
    refreshTokenTtlDays: number;
    /** Keys the derivation of each refresh token's successor. */
    refreshTokenSecret: string;
    /** How long a rotated refresh token may be presented again and get the same successor. */
    refreshGraceSeconds: number;
    /** Absent only where nobody logs in (the bootstrap of the first admin); login then refuses to run. */
    loginLimits?: LoginLimits;
    /** The Redis mirror analytics-service checks tokens against; absent only where no session starts (bootstrap). */
    sessions?: SessionRegistry;
    /** Mailed links (verification, the note to the owner of a taken email); absent where nobody registers. */
    mailFlows?: AccountMailFlows;
  },
) {
  const successorOf = successorDeriver(options.refreshTokenSecret);
  const mirror = options.sessions;

  async function startSession(user: UserRow, meta: ClientMeta): Promise<SignedIn> {
    const refreshToken = newRefreshToken();
    const refreshExpiresAt = new Date(Date.now() + options.refreshTokenTtlDays * 86_400_000);
    const session = await repo.createSession({
      userId: user.id,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
      expiresAt: refreshExpiresAt,
      tokenHash: hashToken(refreshToken),
    });
    await mirror?.sessionLive({ sessionId: session.id, userId: user.id, expiresAt: session.expiresAt }, user);
    const accessToken = await tokens.sign({ userId: user.id, sessionId: session.id, role: user.role });
    return { accessToken, expiresIn: tokens.ttlSeconds, refreshToken, refreshExpiresAt, user: toUser(user) };
  }

  return {
    checkSession: (userId: string, sessionId: string) => repo.findLiveSession(userId, sessionId),

    /** Mirrors every live session into Redis at start, so sessions older than the mirror keep working. */
    async mirrorLiveSessions() {
      for (const row of await repo.listAllLiveSessions()) {
        await mirror?.sessionLive(
          { sessionId: row.sessionId, userId: row.userId, expiresAt: row.expiresAt },
          row,
        );
      }
    },

    /**
     * Creates the account, or leaves an existing one of that email untouched, and says the same either
     * way; both paths hash the password, so neither the answer nor its timing tells them apart.
     * A new account gets a verification link by mail; the owner of an existing one is told instead.
     */
    async register(input: RegisterRequest) {
      if (options.mailFlows) return options.mailFlows.register(input);
      await repo.insertUser({
        email: normaliseEmail(input.email),
        name: input.name,
        passwordHash: await hashPassword(input.password),
      });
    },

    async login(input: LoginRequest, meta: ClientMeta) {
      const limits = options.loginLimits;
      if (!limits) throw new Error('this account service was built without login limits');
      const email = normaliseEmail(input.email);
      const wait = await limits.check(email, meta.ip);
      if (wait) throw RateLimited(wait.retryAfterSeconds);
      const user = await repo.findUserByEmail(email);
      const passwordMatches = user
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyPassword(await decoyPasswordHash(), input.password).then(() => false);
      if (!user || !passwordMatches) {
        await limits.recordFailure(email, meta.ip);
        throw invalidCredentials();
      }
      await limits.recordSuccess(email, meta.ip);
      if (user.disabled) throw Forbidden('This account is disabled');
      return startSession(user, meta);
    },

    /**
     * Rotates the refresh token. Presenting it again within the grace window answers the same successor
     * (tabs refreshing together); presenting a rotated one later ends its whole session.
     */
    async refresh(
      refreshToken: string | undefined,
    ): Promise<Omit<SignedIn, 'refreshExpiresAt'> & { refreshExpiresAt: Date }> {
      if (!refreshToken) throw Unauthorized('No refresh token');
      const next = successorOf(refreshToken);
      const result = await repo.rotateRefreshToken(
        hashToken(refreshToken),
        hashToken(next),
        options.refreshGraceSeconds,
      );
      if (result.outcome === 'reused') {
        await repo.revokeSession(result.sessionId, 'refresh token reused');
        await mirror?.sessionsEnded([result.sessionId]);
        throw Unauthorized('This refresh token was already used; the session has been ended');
      }
      if (result.outcome !== 'rotated') throw Unauthorized('The session has ended');
      // Also mirrors sessions that started before the mirror existed (NX: an ended one stays ended). Best
      // effort: the rotation is committed, and failing now would turn the client's retry into token reuse.
      await mirror
        ?.sessionLive(
          { sessionId: result.session.id, userId: result.user.id, expiresAt: result.session.expiresAt },
          result.user,
        )
        .catch(() => {});
      const accessToken = await tokens.sign({
        userId: result.user.id,
        sessionId: result.session.id,
        role: result.user.role,
      });
      return {
        accessToken,
        expiresIn: tokens.ttlSeconds,
        refreshToken: next,
        refreshExpiresAt: result.session.expiresAt,
        user: toUser(result.user),
      };
    },

    /** Ends the session of the refresh cookie, or of the access token when there is no cookie. */
    async logout(refreshToken: string | undefined, bearerToken: string | undefined) {
      const fromCookie = refreshToken
        ? await repo.findSessionIdByRefreshToken(hashToken(refreshToken))
        : null;
      const target = fromCookie ?? (bearerToken ? (await tokens.verify(bearerToken))?.sessionId : undefined);
      if (target) {
        await repo.revokeSession(target, 'logout');
        await mirror?.sessionsEnded([target]);
      }
    },

    async profile(userId: string) {
      const user = await repo.findUserById(userId);
      if (!user) throw NotFound('No such user');
      return toUser(user);
    },

    async updateProfile(userId: string, input: UpdateProfileRequest) {
      const user = await repo.findUserById(userId);
      if (!user) throw NotFound('No such user');
      const email = input.email === undefined ? undefined : normaliseEmail(input.email);
      if (email !== undefined && email !== user.email) {
        if (!input.currentPassword || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
          throw ValidationFailed([{ field: 'body.currentPassword', message: 'is wrong or missing' }]);
        }
        const owner = await repo.findUserByEmail(email);
        if (owner) throw Conflict('An account with this email already exists');
      }
      try {
        const updated = await repo.updateUser(userId, {
          ...(input.name === undefined ? {} : { name: input.name }),
          // A new email is unverified until its owner follows a new link.
          ...(email === undefined || email === user.email ? {} : { email, emailVerifiedAt: null }),
        });
        return toUser(updated!);
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code === '23505') {
          throw Conflict('An account with this email already exists');
        }
        throw error;
      }
    },

    /** Changes the password and ends every other session of the user. */
    async changePassword(userId: string, sessionId: string, input: ChangePasswordRequest) {
      const user = await repo.findUserById(userId);
      if (!user) throw NotFound('No such user');
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw ValidationFailed([{ field: 'body.currentPassword', message: 'is wrong' }]);
      }
      await repo.updateUser(userId, { passwordHash: await hashPassword(input.newPassword) });
      await mirror?.sessionsEnded(await repo.revokeOtherSessions(userId, sessionId, 'password changed'));
    },

    listSessions: async (userId: string, currentSessionId: string) =>
      (await repo.listLiveSessions(userId)).map((row) => toSession(row, currentSessionId)),

    async revokeSession(userId: string, sessionId: string) {
      if (!(await repo.revokeSession(sessionId, 'revoked by user', userId)))
        throw NotFound('No such session');
      await mirror?.sessionsEnded([sessionId]);
    },

    listAddresses: async (userId: string) => (await repo.listAddresses(userId)).map(toAddress),
    addAddress: async (userId: string, input: AddressInput) =>
      toAddress(await repo.insertAddress(userId, input)),
    async updateAddress(userId: string, id: string, patch: AddressPatch) {
      const row = await repo.updateAddress(userId, id, patch);
      if (!row) throw NotFound('No such address');
      return toAddress(row);
    },
    async deleteAddress(userId: string, id: string) {
      if (!(await repo.deleteAddress(userId, id))) throw NotFound('No such address');
    },

    /** One account as staff see it, for the customer page. */
    async accountForStaff(userId: string) {
      const user = await repo.findUserById(userId);
      if (!user) throw NotFound('No such customer');
      return toAdminUser(user);
    },

    async listUsers(query: AdminUserListQuery) {
      const rows = await repo.listUsers({
        limit: query.limit + 1,
        ...(query.role ? { role: query.role } : {}),
        ...(query.email ? { email: query.email } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.cursor ? { afterId: decodeCursor(query.cursor) } : {}),
      });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map(toAdminUser),
        nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },

    /** Changes a user's role or disables the account; a disabled account's sessions end at once. */
    /** Admins change roles and disable anyone else; staff may only disable or re-enable customer accounts. */
    async updateUserAsAdmin(
      actingUserId: string,
      userId: string,
      patch: AdminUserPatch,
      actingRole: Role = 'admin',
    ) {
      if (actingUserId === userId)
        throw Conflict('Admins cannot change their own role or disable themselves');
      if (actingRole !== 'admin' && patch.role !== undefined)
        throw Forbidden('Only an admin can change roles');
      const user = await repo.findUserById(userId);
      if (!user) throw NotFound('No such user');
      if (actingRole !== 'admin' && user.role !== 'customer')
        throw Forbidden('Staff can disable customer accounts only');
      const updated = await repo.updateUser(userId, {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
      });
      await mirror?.accountChanged(userId, updated!);
      if (patch.disabled)
        await mirror?.sessionsEnded(await repo.revokeOtherSessions(userId, null, 'account disabled'));
      return toAdminUser(updated!);
    },

    /**
     * Creates the bootstrap admin when missing. Returns the generated password only when it had to make
     * one up (development without ADMIN_PASSWORD), so the caller can show it exactly once.
     */
    async ensureAdmin(email: string, password: string | undefined, role: Role = 'admin') {
      const normalised = normaliseEmail(email);
      const existing = await repo.findUserByEmail(normalised);
      if (existing) return { created: false as const };
      const chosen = password ?? randomBytes(12).toString('base64url');
      const user = await repo.insertUser({
        email: normalised,
        name: 'Administrator',
        role,
        passwordHash: await hashPassword(chosen),
      });
      if (!user) return { created: false as const };
      return { created: true as const, generatedPassword: password ? undefined : chosen };
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;

export const RateLimited = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.RateLimited, `Too many attempts; retry in ${retryAfterSeconds} s`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
