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

  /**
   * The visitor id of each event (undefined where it carries no identifier), in order, linking as it goes.
   * `saved` settles once the new links are written (never rejects): await it before answering, so a link
   * is in Redis before the sender learns its events were taken.
   */
  async resolve(
    site: string,
    events: SenderIds[],
  ): Promise<{ visitors: Array<string | undefined>; saved: Promise<void> }> {
    // A batch names few ids many times: each is hashed once per request.
    const hashes = new Map<string, string>();
    const hashOf = (kind: 'a' | 'u', id: string) => {
      const key = `${kind}|${id}`;
      let hash = hashes.get(key);
      if (!hash) {
        hash = this.hashOf(site, kind, id);
        hashes.set(key, hash);
      }
      return hash;
    };
    const keyOf = (kind: 'a' | 'u', id: string) => `identity:${site}:${kind}:${hashOf(kind, id)}`;
    const keys = new Set<string>();
    for (const { anonymousId, userId, previousId } of events) {
      if (anonymousId) keys.add(keyOf('a', anonymousId));
      if (previousId) keys.add(keyOf('a', previousId)).add(keyOf('u', previousId));
      if (userId) keys.add(keyOf('u', userId));
    }
    if (keys.size === 0) return { visitors: events.map(() => undefined), saved: Promise.resolve() };
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
        ? (known.get(keyOf('a', anonymousId)) ?? hashOf('a', anonymousId))
        : undefined;
      if (!userId) return anonymousVisitor;
      const userKey = keyOf('u', userId);
      // An alias's previousId is an earlier user id (analytics.js) or anonymous id.
      const previousVisitor = previousId
        ? (known.get(keyOf('u', previousId)) ??
          known.get(keyOf('a', previousId)) ??
          (anonymousVisitor ? undefined : hashOf('a', previousId)))
        : undefined;
      const visitorId = known.get(userKey) ?? previousVisitor ?? anonymousVisitor ?? hashOf('u', userId);
      // Only a call naming both ids links them: a user-only call never claims the user's visitor, so an
      // identify taken after it (the SDKs send batches concurrently) still links the shopper's anonymous id.
      if (linked && (anonymousId || previousId)) {
        link(userKey, visitorId);
        if (anonymousId) link(keyOf('a', anonymousId), visitorId);
        if (previousId) link(keyOf('a', previousId), visitorId);
      }
      return visitorId;
    });
    let saved = Promise.resolve();
    if (this.redis && linked && writes.size > 0) {
      const redis = this.redis;
      // NX: the first link wins, so two instances taking one shopper's events agree on its visitor.
      // Sent now and awaited by the caller beside the queue's confirm (one round trip less per request).
      saved = Promise.all(
        [...writes].map(([key, visitorId]) => redis.set(key, visitorId, 'EX', LINK_TTL_SECONDS, 'NX')),
      ).then(
        () => {},
        (error) => this.onError(error),
      );
    }
    return { visitors, saved };
  }
}
