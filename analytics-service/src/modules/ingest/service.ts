import { randomUUID } from 'node:crypto';
import {
  type EnrichedEvent,
  EventInput,
  type IngestResponse,
  type RejectedEvent,
  SERVER_ONLY_EVENTS,
} from '@shopstream/contracts';
import { AppError, ErrorCode, ServiceUnavailable, ValidationFailed } from '@shopstream/server-kit';
import type { Config } from '../../config';
import type { EventPublisher } from '../pipeline/publisher';
import { describeClient, pathOf, referrerHostOf, utmOf, visitorIdOf } from './enrich';
import { SiteRateLimiter } from './rate-limit';

/** Who sent a request: the site of its key, whether the key is the trusted server key, and the client. */
export interface EventSource {
  site: string;
  trusted: boolean;
  ip: string;
  userAgent: string;
  /** Do Not Track or Global Privacy Control: browser events are then dropped unread. */
  optedOut: boolean;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const PAST_TOLERANCE_MS = 30 * 24 * 3600_000;

/** Validates, enriches and publishes events; answers only once the queue has confirmed them. */
export class IngestService {
  private readonly limiter: SiteRateLimiter;
  published = 0;
  filteredTotal = 0;
  rejectedTotal = 0;

  constructor(
    private readonly config: Config,
    private readonly publisher: EventPublisher,
    /** Told of every event RabbitMQ confirmed (the live feed). */
    private readonly onAccepted: (events: EnrichedEvent[]) => void = () => {},
  ) {
    this.limiter = new SiteRateLimiter(config.ANALYTICS_RATE_LIMIT);
  }

  /** `candidates` are unvalidated events; `single` says the body was one event rather than a batch. */
  async ingest(source: EventSource, candidates: unknown[], single: boolean): Promise<IngestResponse> {
    const receivedAt = new Date();
    if (source.optedOut && !source.trusted) {
      this.filteredTotal += candidates.length;
      return { accepted: 0, ids: [], filtered: candidates.length, rejected: [] };
    }
    const rejected: RejectedEvent[] = [];
    const accepted: EnrichedEvent[] = [];
    let filtered = 0;
    const client = describeClient(source.userAgent);
    // One browser per request: its visitor id changes only with the day, so hash once per day.
    const visitorIds = new Map<string, string>();
    candidates.forEach((candidate, index) => {
      const prefix = single ? '' : `batch.${index}.`;
      const parsed = EventInput.safeParse(candidate);
      if (!parsed.success) {
        rejected.push({
          index,
          ...idOf(candidate),
          errors: parsed.error.issues.map((issue) => ({
            field: prefix + (issue.path.map(String).join('.') || '(event)'),
            message: issue.message,
          })),
        });
        return;
      }
      const input = parsed.data;
      if (!source.trusted && input.event && SERVER_ONLY_EVENTS.includes(input.event)) {
        rejected.push({
          index,
          ...idOf(candidate),
          errors: [
            { field: `${prefix}event`, message: `${input.event} is accepted only with the server key` },
          ],
        });
        return;
      }
      const referrerHost = referrerHostOf(input.page?.referrer, input.page?.url);
      const blocked =
        referrerHost && this.config.ANALYTICS_REFERRER_BLOCKLIST.get(source.site)?.has(referrerHost);
      if (!source.trusted && (client.bot || blocked)) {
        filtered++;
        return;
      }
      accepted.push(this.enrich(source, input, client, referrerHost, receivedAt, visitorIds));
    });

    this.rejectedTotal += rejected.length;
    this.filteredTotal += filtered;
    if (!accepted.length && rejected.length) {
      const errors = rejected.flatMap((r) => r.errors);
      if (single) throw ValidationFailed(errors);
      throw new AppError(ErrorCode.ValidationFailed, 'No event of the batch is valid', {
        errors,
        extra: { rejected },
      });
    }
    if (accepted.length) {
      if (!this.limiter.take(source.site, accepted.length)) {
        throw new AppError(ErrorCode.RateLimited, `Site ${source.site} is over its event rate`, {
          headers: { 'retry-after': '1' },
        });
      }
      try {
        await this.publisher.publishEvents({ events: accepted }, accepted[0]!.id);
      } catch {
        throw ServiceUnavailable('The event queue is unavailable; nothing was stored, retry later', 5);
      }
      this.published += accepted.length;
      this.onAccepted(accepted);
    }
    return { accepted: accepted.length, ids: accepted.map((e) => e.id), filtered, rejected };
  }

  private enrich(
    source: EventSource,
    input: EventInput,
    client: ReturnType<typeof describeClient>,
    referrerHost: string | undefined,
    receivedAt: Date,
    visitorIds: Map<string, string>,
  ): EnrichedEvent {
    const claimed = input.timestamp ? new Date(input.timestamp) : receivedAt;
    const skew = claimed.getTime() - receivedAt.getTime();
    // Trusted senders may backfill; a browser's clock is believed only within bounds.
    const occurredAt =
      skew > FUTURE_TOLERANCE_MS || (!source.trusted && skew < -PAST_TOLERANCE_MS) ? receivedAt : claimed;
    const day = occurredAt.toISOString().slice(0, 10);
    let visitorId = source.trusted
      ? `user:${input.userId ?? input.anonymousId ?? 'server'}`
      : visitorIds.get(day);
    if (!visitorId) {
      visitorId = visitorIdOf(
        this.config.ANALYTICS_VISITOR_SECRET,
        occurredAt,
        source.site,
        source.ip,
        source.userAgent,
      );
      visitorIds.set(day, visitorId);
    }
    const event: EnrichedEvent = {
      id: input.id ?? randomUUID(),
      site: source.site,
      type: input.type,
      name: input.type === 'page' ? 'pageview' : (input.event ?? input.type),
      occurredAt: occurredAt.toISOString(),
      receivedAt: receivedAt.toISOString(),
      visitorId,
      // Without a client session, a visitor's day is one session (the visitor id rotates daily).
      sessionId: input.sessionId ? `s:${input.sessionId}` : `v:${visitorId}`,
      trusted: source.trusted,
      utm: source.trusted ? {} : utmOf(input.page?.url, input.page?.search),
      device: source.trusted ? 'server' : client.device,
      browser: source.trusted ? 'server' : client.browser,
      os: source.trusted ? 'server' : client.os,
      properties: input.properties ?? {},
    };
    if (input.userId) event.userId = input.userId;
    const path = pathOf(input.page?.path, input.page?.url);
    if (path) event.path = path;
    if (input.page?.title) event.title = input.page.title;
    if (referrerHost) event.referrerHost = referrerHost;
    return event;
  }
}

function idOf(candidate: unknown): { id?: string } {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? { id: id.slice(0, 64) } : {};
}
