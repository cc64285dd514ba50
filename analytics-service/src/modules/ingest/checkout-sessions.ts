import { EcommerceEvent, type EnrichedEvent } from '@shopstream/contracts';
import type { Redis } from 'ioredis';

/** How long a checkout's session is remembered: a pending order may be paid (or refunded) days later. */
const REMEMBERED_SECONDS = 30 * 86_400;

const checkoutIdOf = (event: Pick<EnrichedEvent, 'properties'>) => {
  const id = event.properties.checkout_id;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
};

/**
 * The browser session of each checkout, so that the shop's server events of an order count in it.
 *
 * The storefront's Checkout Started carries Segment's `checkout_id`; backend-api keeps it on the order and
 * sends it on every event of that order (Order Completed, Order Refunded, Order Cancelled…). A browser
 * Checkout Started writes `checkout-session:<site>:<checkout_id>` → its session id (Redis, 30 days, the first
 * one kept); a server event that names no session of its own and carries a remembered `checkout_id` is put in
 * that session, so filters on the session's source, country or device count the order and its revenue.
 * The event keeps its own visitor (the customer), as before. Nothing about the shopper is stored but the id
 * pair. Without Redis, or when it cannot answer, server events stay outside sessions, as before.
 */
export class CheckoutSessions {
  constructor(
    private readonly redis: Redis | undefined,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Remembers the session of each browser Checkout Started among `events` (enriched, sessions decided). */
  async remember(events: EnrichedEvent[]): Promise<void> {
    if (!this.redis) return;
    const writes: Promise<unknown>[] = [];
    for (const event of events) {
      if (event.trusted || event.name !== EcommerceEvent.CheckoutStarted) continue;
      const checkoutId = checkoutIdOf(event);
      if (checkoutId === undefined) continue;
      writes.push(
        this.redis.set(keyOf(event.site, checkoutId), event.sessionId, 'EX', REMEMBERED_SECONDS, 'NX'),
      );
    }
    if (!writes.length) return;
    await Promise.all(writes).catch(this.onError);
  }

  /**
   * Puts each server event that names no session (`named` false) and carries a remembered `checkout_id` in
   * the session of that checkout. In place; answers how many were placed.
   */
  async place(events: Array<{ event: EnrichedEvent; named: boolean }>): Promise<number> {
    if (!this.redis) return 0;
    const open = events.filter(
      ({ event, named }) => event.trusted && !named && checkoutIdOf(event) !== undefined,
    );
    if (!open.length) return 0;
    let sessions: Array<string | null>;
    try {
      sessions = await this.redis.mget(open.map(({ event }) => keyOf(event.site, checkoutIdOf(event)!)));
    } catch (error) {
      this.onError(error);
      return 0;
    }
    let placed = 0;
    open.forEach(({ event }, index) => {
      const sessionId = sessions[index];
      if (!sessionId) return;
      event.sessionId = sessionId;
      placed++;
    });
    return placed;
  }
}

const keyOf = (site: string, checkoutId: string) => `checkout-session:${site}:${checkoutId}`;
