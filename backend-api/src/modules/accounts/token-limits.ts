import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** How long a mailed-link request waits; null when it may go ahead. */
export type TokenWait = { retryAfterSeconds: number } | null;

export interface AccountTokenLimits {
  /** Counts one request for a mailed link (password reset, order link) to this email from this address. */
  consume(kind: string, email: string, ip: string | null): Promise<TokenWait>;
}

// Emails are personal data: Redis only ever sees a digest of them.
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Requests that send a link by mail are limited per email (so nobody floods one inbox) and per client
 * address (so nobody walks through many emails), over an hour, as login failures are (rate-limiter-flexible
 * on Redis). Both limits count whether or not the email has an account, so the answer never tells.
 */
export function createAccountTokenLimits(
  redis: Redis,
  settings: { perEmail: number; perIp: number; windowSeconds?: number },
): AccountTokenLimits {
  const duration = settings.windowSeconds ?? 3600;
  const limiters = new Map<string, { email: RateLimiterRedis; ip: RateLimiterRedis }>();
  const limitersOf = (kind: string) => {
    let pair = limiters.get(kind);
    if (!pair) {
      pair = {
        email: new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${kind}:email`,
          points: settings.perEmail,
          duration,
        }),
        ip: new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${kind}:ip`,
          points: settings.perIp,
          duration,
        }),
      };
      limiters.set(kind, pair);
    }
    return pair;
  };

  return {
    async consume(kind, email, ip) {
      const { email: perEmail, ip: perIp } = limitersOf(kind);
      const results = await Promise.allSettled([
        perEmail.consume(digest(email)),
        perIp.consume(digest(ip ?? 'unknown')),
      ]);
      let waitMs = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        waitMs = Math.max(waitMs, result.reason.msBeforeNext);
      }
      return waitMs > 0 ? { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : null;
    },
  };
}
