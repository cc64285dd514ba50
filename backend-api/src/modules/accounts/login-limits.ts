import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';

export interface LoginLimitSettings {
  /** Wrong passwords for one account from one address before each further one makes that address wait. */
  freeFailuresPerAccountAndIp: number;
  /** The first wait; it doubles with every further wrong password, up to `maxBackoffSeconds`. */
  backoffSeconds: number;
  maxBackoffSeconds: number;
  /** Wrong passwords for one account from all addresses together per window, before the account waits. */
  failuresPerAccount: number;
  windowSeconds: number;
}

/** How long a login waits; null when it may go ahead. */
export type LoginWait = { retryAfterSeconds: number } | null;

export interface LoginLimits {
  check(email: string, ip: string | null): Promise<LoginWait>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  recordSuccess(email: string, ip: string | null): Promise<void>;
}

// Emails are personal data: Redis only ever sees a digest of them.
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
const accountKey = (email: string) => digest(email);
const accountAndIpKey = (email: string, ip: string | null) => digest(`${email}\n${ip ?? 'unknown'}`);
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Wrong passwords are counted per (account, address), with a doubling wait once the free ones are spent,
 * so a stranger guessing from elsewhere never locks the owner out; a higher ceiling per account across
 * all addresses stops guessing spread over many of them. A right password clears its (account, address).
 */
export function createLoginLimits(redis: Redis, settings: LoginLimitSettings): LoginLimits {
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'login-failures:account-ip',
    points: Number.MAX_SAFE_INTEGER,
    // Long enough that waiting out one backoff does not reset the count that doubles it.
    duration: 86_400,
  });
  const backoff = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'login-backoff:account-ip',
    points: 1,
    duration: 1,
  });
  const ceiling = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'login-failures:account',
    points: settings.failuresPerAccount,
    duration: settings.windowSeconds,
  });

  return {
    async check(email, ip) {
      const [waiting, account] = await Promise.all([
        backoff.get(accountAndIpKey(email, ip)),
        ceiling.get(accountKey(email)),
      ]);
      const waits = [
        waiting && waiting.consumedPoints > backoff.points ? waiting.msBeforeNext : 0,
        account && account.consumedPoints >= ceiling.points ? account.msBeforeNext : 0,
      ];
      const longest = Math.max(...waits);
      return longest > 0 ? { retryAfterSeconds: seconds(longest) } : null;
    },

    async recordFailure(email, ip) {
      const key = accountAndIpKey(email, ip);
      const [counted] = await Promise.all([failures.penalty(key), ceiling.penalty(accountKey(email))]);
      const beyondFree = counted.consumedPoints - settings.freeFailuresPerAccountAndIp;
      if (beyondFree <= 0) return;
      const wait = Math.min(settings.maxBackoffSeconds, settings.backoffSeconds * 2 ** (beyondFree - 1));
      await backoff.block(key, wait);
    },

    async recordSuccess(email, ip) {
      const key = accountAndIpKey(email, ip);
      await Promise.all([failures.delete(key), backoff.delete(key)]);
    },
  };
}
