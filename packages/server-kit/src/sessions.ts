import { Role } from '@shopstream/contracts';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { AccessClaims } from './access-tokens';
import { ServiceUnavailable } from './errors';

/*
 * Sessions as both services see them. PostgreSQL (backend-api) is the truth; backend-api mirrors into
 * Redis, under the prefix both services share (REDIS_KEY_PREFIX), what another service needs to refuse a
 * stale token without reaching PostgreSQL:
 *   session:<sid>  {"userId"}  while the session is live (expires with it), {"ended":true} once it ended
 *   account:<uid>  {"role","disabled","version"}  the account's current role and state
 * A token is honoured only when its session record is live, names its user, and the account record is
 * enabled: a missing record counts as ended, so a lost write or a flushed Redis refuses, never admits.
 */

const sessionKey = (sessionId: string) => `session:${sessionId}`;
const accountKey = (userId: string) => `account:${userId}`;

const SessionRecord = z.union([z.object({ ended: z.literal(true) }), z.object({ userId: z.string() })]);
const AccountRecord = z.object({ role: Role, disabled: z.boolean(), version: z.number() });

export interface AccountState {
  role: Role;
  disabled: boolean;
  /** When the account last changed (users.updated_at): an older write never replaces a newer one. */
  updatedAt: Date;
}

/** Writes the account record unless the stored one is newer (a login that read the row before a demotion). */
const SET_ACCOUNT_UNLESS_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and tonumber(stored.version) and tonumber(stored.version) > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

type RegistryRedis = Redis & {
  setAccountUnlessNewer(key: string, value: string, version: number): Promise<number>;
};

const unreachable = (error: unknown) => {
  const failure = ServiceUnavailable('Sessions cannot be checked or changed right now; try again');
  failure.cause = error;
  return failure;
};

/**
 * backend-api's side: called where sessions start, end or are revoked and where an account's role or
 * state changes. A Redis failure is a 503: the caller must not report success while the mirror is stale.
 */
export function createSessionRegistry(redis: Redis, options: { endedTtlSeconds: number }) {
  if (!('setAccountUnlessNewer' in redis)) {
    redis.defineCommand('setAccountUnlessNewer', { numberOfKeys: 1, lua: SET_ACCOUNT_UNLESS_NEWER });
  }
  const client = redis as RegistryRedis;
  const account = (userId: string, state: AccountState) =>
    client.setAccountUnlessNewer(
      accountKey(userId),
      JSON.stringify({ role: state.role, disabled: state.disabled, version: state.updatedAt.getTime() }),
      state.updatedAt.getTime(),
    );
  // NX: a session that already ended keeps its {"ended"} marker even if a late backfill comes along.
  const live = (session: { sessionId: string; userId: string; expiresAt: Date }) =>
    client.set(
      sessionKey(session.sessionId),
      JSON.stringify({ userId: session.userId }),
      'PX',
      Math.max(1, session.expiresAt.getTime() - Date.now()),
      'NX',
    );
  const guard = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw unreachable(error);
    }
  };

  return {
    /** A session started (or was found live, for sessions older than the mirror). */
    sessionLive: (session: { sessionId: string; userId: string; expiresAt: Date }, state: AccountState) =>
      guard(() => Promise.all([live(session), account(session.userId, state)])),

    /** Sessions ended (logout, revocation, refresh-token reuse, password change, account disabled). */
    sessionsEnded: (sessionIds: string[]) =>
      guard(async () => {
        if (!sessionIds.length) return;
        const pipeline = client.pipeline();
        // The marker only has to outlive the access tokens of the session: a missing record is refused too.
        for (const id of sessionIds) {
          pipeline.set(sessionKey(id), JSON.stringify({ ended: true }), 'EX', options.endedTtlSeconds);
        }
        const results = await pipeline.exec();
        const failed = results?.find(([error]) => error)?.[0];
        if (failed) throw failed;
      }),

    /** The account's role or disabled state changed. */
    accountChanged: (userId: string, state: AccountState) => guard(() => account(userId, state)),
  };
}
export type SessionRegistry = ReturnType<typeof createSessionRegistry>;

export type SessionVerdict =
  | { outcome: 'live'; role: Role }
  | { outcome: 'ended'; reason: 'the session has ended' | 'the account is disabled' };

/**
 * The reading side (analytics-service): the current verdict on a token's session, from Redis, remembered
 * for `cacheMs` per session so a burst of requests and every open /ws connection cost one read a period.
 * Throws a 503 problem when Redis cannot answer: an unchecked token is refused, not admitted.
 */
export function createSessionChecker(redis: Redis, options: { cacheMs: number }) {
  const cache = new Map<string, { verdict: SessionVerdict; until: number }>();

  async function read(claims: AccessClaims): Promise<SessionVerdict> {
    let values: (string | null)[];
    try {
      values = await redis.mget(sessionKey(claims.sessionId), accountKey(claims.userId));
    } catch (error) {
      throw unreachable(error);
    }
    const session = SessionRecord.safeParse(parseJson(values[0]));
    const account = AccountRecord.safeParse(parseJson(values[1]));
    if (
      !session.success ||
      'ended' in session.data ||
      session.data.userId !== claims.userId ||
      !account.success
    )
      return { outcome: 'ended', reason: 'the session has ended' };
    if (account.data.disabled) return { outcome: 'ended', reason: 'the account is disabled' };
    return { outcome: 'live', role: account.data.role };
  }

  return async (claims: AccessClaims): Promise<SessionVerdict> => {
    const now = Date.now();
    const cached = cache.get(claims.sessionId);
    if (cached && cached.until > now) return cached.verdict;
    const verdict = await read(claims);
    if (cache.size > 10_000) {
      for (const [id, entry] of cache) if (entry.until <= now) cache.delete(id);
    }
    cache.set(claims.sessionId, { verdict, until: now + options.cacheMs });
    return verdict;
  };
}
export type SessionChecker = ReturnType<typeof createSessionChecker>;

function parseJson(value: string | null | undefined): unknown {
  if (value == null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
