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
/** One identifier of a request: its hash (the visitor it stands for alone), its Redis key, its linked visitor. */
interface Link {
  hash: string;
  key: string;
  known: string | undefined;
}

/** KEYS: the links to write; ARGV: their lifetime (s), then each key's visitor. NX: the first link wins. */
const LINK_SCRIPT = `
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[i + 1], 'EX', ARGV[1], 'NX')
end
return #KEYS
`;

type LinkRedis = Redis & {
  linkVisitors(keys: number, ...keysThenArgs: Array<string | number>): Promise<number>;
};

export class VisitorIdentities {
  private readonly saltOfSite = new Map<string, string>();

  constructor(
    private readonly secret: string,
    private readonly redis: Redis | undefined,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    if (redis && !('linkVisitors' in redis)) redis.defineCommand('linkVisitors', { lua: LINK_SCRIPT });
  }

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
    // A batch names few ids many times: each id's hash and key are made once per request, looked up by
    // the id itself (no key text is built per event).
    const anonymous = new Map<string, Link>();
    const users = new Map<string, Link>();
    const linkOf = (kind: 'a' | 'u', id: string) => {
      const links = kind === 'a' ? anonymous : users;
      let link = links.get(id);
      if (!link) {
        const hash = this.hashOf(site, kind, id);
        link = { hash, key: `identity:${site}:${kind}:${hash}`, known: undefined };
        links.set(id, link);
      }
      return link;
    };
    for (const { anonymousId, userId, previousId } of events) {
      if (anonymousId) linkOf('a', anonymousId);
      if (previousId) {
        linkOf('a', previousId);
        linkOf('u', previousId);
      }
      if (userId) linkOf('u', userId);
    }
    if (anonymous.size + users.size === 0)
      return { visitors: events.map(() => undefined), saved: Promise.resolve() };
    const links = [...anonymous.values(), ...users.values()];
    let linked = this.redis !== undefined;
    if (this.redis) {
      try {
        const values = await this.redis.mget(links.map((link) => link.key));
        values.forEach((value, index) => {
          if (value) links[index]!.known = value;
        });
      } catch (error) {
        linked = false;
        this.onError(error);
      }
    }
    const writes: Link[] = [];
    const link = (target: Link, visitorId: string) => {
      if (target.known !== undefined) return;
      target.known = visitorId;
      writes.push(target);
    };
    const visitors = events.map(({ anonymousId, userId, previousId }) => {
      const anonymousLink = anonymousId ? anonymous.get(anonymousId)! : undefined;
      const anonymousVisitor = anonymousLink ? (anonymousLink.known ?? anonymousLink.hash) : undefined;
      if (!userId) return anonymousVisitor;
      const userLink = users.get(userId)!;
      // An alias's previousId is an earlier user id (analytics.js) or anonymous id.
      const previousAnonymous = previousId ? anonymous.get(previousId)! : undefined;
      const previousVisitor = previousId
        ? (users.get(previousId)!.known ??
          previousAnonymous!.known ??
          (anonymousVisitor ? undefined : previousAnonymous!.hash))
        : undefined;
      const visitorId = userLink.known ?? previousVisitor ?? anonymousVisitor ?? userLink.hash;
      // Only a call naming both ids links them: a user-only call never claims the user's visitor, so an
      // identify taken after it (the SDKs send batches concurrently) still links the shopper's anonymous id.
      if (linked && (anonymousLink || previousAnonymous)) {
        link(userLink, visitorId);
        if (anonymousLink) link(anonymousLink, visitorId);
        if (previousAnonymous) link(previousAnonymous, visitorId);
      }
      return visitorId;
    });
    let saved = Promise.resolve();
    if (this.redis && linked && writes.length > 0) {
      // NX: the first link wins, so two instances taking one shopper's events agree on its visitor.
      // One script call for all of a request's links (a request of a new shopper makes 8 or so), sent now and
      // awaited by the caller beside the queue's confirm (one round trip less per request).
      saved = (this.redis as LinkRedis)
        .linkVisitors(
          writes.length,
          ...writes.map((link) => link.key),
          LINK_TTL_SECONDS,
          ...writes.map((link) => link.known!),
        )
        .then(
          () => {},
          (error) => this.onError(error),
        );
    }
    return { visitors, saved };
  }
}
