import { createHash, createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';

/** One event's identifiers as the sender gave them: `previousId` only on an alias. */
export interface SenderIds {
  anonymousId?: string;
  userId?: string;
  previousId?: string;
}

/** Links live a little over a year after their last write: a returning customer stays one visitor. */
const LINK_TTL_SECONDS = 400 * 24 * 3600;

/**
 * Visitor ids from Segment's identifiers: `anonymousId` or `userId`, hashed with the site's salt (derived
 * from the visitor secret, so every instance agrees and no identifier is stored). Once an event links an
 * anonymous id to a user (identify, alias, or any call carrying both), the user's visitor is the first
 * anonymous visitor it was linked to, and so is every anonymous id linked later: a shopper who signs in,
 * or signs in on a second device, stays one visitor from then on. Events stored before a link keep the
 * visitor they were counted under (nothing is merged retroactively), and a call naming only the user before
 * any link exists counts under the user's own hash.
 *
 * Links are kept in Redis (`identity:<site>:a|u:<hash>`). When Redis cannot answer, events are still
 * taken, each identified by its own id, unlinked.
 */
export class VisitorIdentities {
  private readonly saltOfSite = new Map<string, string>();

  constructor(
    private readonly secret: string,
    private readonly redis: Redis | undefined,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private hashOf(site: string, kind: 'a' | 'u', id: string) {
    let salt = this.saltOfSite.get(site);
    if (!salt) {
      salt = createHmac('sha256', this.secret).update(`site|${site}`).digest('hex');
      this.saltOfSite.set(site, salt);
    }
    return createHash('sha256').update(`${salt}|${kind}|${id}`).digest('hex').slice(0, 20);
  }

  /** The visitor id of each event (undefined where it carries no identifier), in order, linking as it goes. */
  async resolve(site: string, events: SenderIds[]): Promise<Array<string | undefined>> {
    const keyOf = (kind: 'a' | 'u', id: string) => `identity:${site}:${kind}:${this.hashOf(site, kind, id)}`;
    const keys = new Set<string>();
    for (const { anonymousId, userId, previousId } of events) {
      if (anonymousId) keys.add(keyOf('a', anonymousId));
      if (previousId) keys.add(keyOf('a', previousId)).add(keyOf('u', previousId));
      if (userId) keys.add(keyOf('u', userId));
    }
    if (keys.size === 0) return events.map(() => undefined);
    const known = new Map<string, string>();
    const keyList = [...keys];
    let linked = this.redis !== undefined;
    if (this.redis) {
      try {
        const values = await this.redis.mget(...keyList);
        values.forEach((value, index) => {
          if (value) known.set(keyList[index]!, value);
        });
      } catch (error) {
        linked = false;
        this.onError(error);
      }
    }
    const writes = new Map<string, string>();
    const link = (key: string, visitorId: string) => {
      if (known.has(key)) return;
      known.set(key, visitorId);
      writes.set(key, visitorId);
    };
    const visitors = events.map(({ anonymousId, userId, previousId }) => {
      const anonymousVisitor = anonymousId
        ? (known.get(keyOf('a', anonymousId)) ?? this.hashOf(site, 'a', anonymousId))
        : undefined;
      if (!userId) return anonymousVisitor;
      const userKey = keyOf('u', userId);
      // An alias's previousId is an earlier user id (analytics.js) or anonymous id.
      const previousVisitor = previousId
        ? (known.get(keyOf('u', previousId)) ??
          known.get(keyOf('a', previousId)) ??
          (anonymousVisitor ? undefined : this.hashOf(site, 'a', previousId)))
        : undefined;
      const visitorId =
        known.get(userKey) ?? previousVisitor ?? anonymousVisitor ?? this.hashOf(site, 'u', userId);
      // Only a call naming both ids links them: a user-only call never claims the user's visitor, so an
      // identify taken after it (the SDKs send batches concurrently) still links the shopper's anonymous id.
      if (linked && (anonymousId || previousId)) {
        link(userKey, visitorId);
        if (anonymousId) link(keyOf('a', anonymousId), visitorId);
        if (previousId) link(keyOf('a', previousId), visitorId);
      }
      return visitorId;
    });
    if (this.redis && linked && writes.size > 0) {
      try {
        const pipeline = this.redis.pipeline();
        // NX: the first link wins, so two instances taking one shopper's events agree on its visitor.
        for (const [key, visitorId] of writes) pipeline.set(key, visitorId, 'EX', LINK_TTL_SECONDS, 'NX');
        await pipeline.exec();
      } catch (error) {
        this.onError(error);
      }
    }
    return visitors;
  }
}
