import { randomUUID } from 'node:crypto';
import {
  type EnrichedEvent,
  EventInput,
  type IgnoredEvent,
  type IgnoreReason,
  type IngestResponse,
  languageOf,
  type RejectedEvent,
  SERVER_ONLY_EVENTS,
  screenClassOf,
} from '@shopstream/contracts';
import { AppError, ErrorCode, ServiceUnavailable, ValidationFailed } from '@shopstream/server-kit';
import type { Config } from '../../config';
import type { EventPublisher } from '../pipeline/publisher';
import type { CheckoutSessions } from './checkout-sessions';
import { acceptsEventInput } from './compiled-validation';
import {
  type ClientFacts,
  describeClient,
  isServerSdk,
  pageHostOf,
  pathOf,
  referrerHostOf,
  utmOf,
  visitorIdOf,
} from './enrich';
import type { CountryLocator, RegionLocator } from './geo';
import type { VisitorIdentities } from './identity';
import { SiteRateLimiter } from './rate-limit';
import type { MessageClient, MessageIdentity } from './segment';
import type { SessionTouch, VisitorSessions } from './sessions';

/** Who sent a request: the site of its key, whether the key is the trusted server key, and the client. */
export interface EventSource {
  site: string;
  trusted: boolean;
  ip: string;
  userAgent: string;
  /** Do Not Track or Global Privacy Control: browser events are then dropped unread. */
  optedOut: boolean;
}

/** How one request's events are taken: the Segment routes answer 200 and list ignored events. */
export interface IngestOptions {
  /** The body was one event rather than a batch. */
  single: boolean;
  /** Per event: the browser a server SDK speaks for (`context.userAgent`, `context.ip`). */
  clients?: Array<MessageClient | undefined>;
  /** Per event: why it is refused before validation (Segment's size limit per message). */
  refusals?: Array<string | undefined>;
  /** Per event: an alias's `previousId`. */
  identities?: Array<MessageIdentity | undefined>;
  /**
   * `ignore`: a server-only event from a write key is listed in `ignored` (Segment routes, whose SDKs
   * would drop a whole batch answered 400); `reject`: it is refused as invalid (our own /api/events).
   */
  serverOnly: 'ignore' | 'reject';
}

/** The browser (or server) an event is counted for. */
interface EventClient {
  ip: string;
  userAgent: string;
  facts: ClientFacts;
  /** A server SDK speaking for itself: counted, never filtered as a bot, device `server`. */
  server: boolean;
  /** ISO 3166-1 alpha-2, looked up once per client of a request; the address itself is never stored. */
  country?: string;
  /** `<country>-<region name>`, looked up like the country. */
  region?: string;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const PAST_TOLERANCE_MS = 30 * 24 * 3600_000;

interface EventTime {
  occurredAt: Date;
  occurredAtText: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
}

/** What the events of one request share: its arrival, the times its events claim, its cookieless ids. */
interface RequestFacts {
  receivedAtText: string;
  /** When an event happened: its claimed time, unless a browser's clock is out of bounds. */
  timeOf(timestamp: string | undefined, trusted: boolean): EventTime;
  /** One browser per request: its visitor id changes only with the day, so it is hashed once per day. */
  cookieless: Map<string, string>;
}

function requestFacts(receivedAt: Date): RequestFacts {
  const receivedAtText = receivedAt.toISOString();
  const arrival: EventTime = {
    occurredAt: receivedAt,
    occurredAtText: receivedAtText,
    day: receivedAtText.slice(0, 10),
  };
  // A batch repeats its timestamps (an SDK's batch often has one): each is read once.
  const times = new Map<string, EventTime>();
  return {
    receivedAtText,
    cookieless: new Map(),
    timeOf(timestamp, trusted) {
      if (!timestamp) return arrival;
      const key = trusted ? `t${timestamp}` : timestamp;
      let time = times.get(key);
      if (!time) {
        const claimed = new Date(timestamp);
        const skew = claimed.getTime() - receivedAt.getTime();
        // Trusted senders may backfill; a browser's clock is believed only within bounds.
        if (skew > FUTURE_TOLERANCE_MS || (!trusted && skew < -PAST_TOLERANCE_MS)) time = arrival;
        else {
          const occurredAtText = claimed.toISOString();
          time = { occurredAt: claimed, occurredAtText, day: occurredAtText.slice(0, 10) };
        }
        times.set(key, time);
      }
      return time;
    },
  };
}

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
    private readonly identities?: VisitorIdentities,
    /** Inactivity sessions for events without `context.sessionId`; without it a visitor's day is one. */
    private readonly sessions?: VisitorSessions,
    /** Countries from client addresses (an offline database); without it events carry no country. */
    private readonly countries?: CountryLocator,
    /** Regions from client addresses (an offline database); without it events carry no region. */
    private readonly regions?: RegionLocator,
    /** The browser session of each checkout, for the server events of its order; without it they have none. */
    private readonly checkouts?: CheckoutSessions,
  ) {
    this.limiter = new SiteRateLimiter(config.ANALYTICS_RATE_LIMIT);
  }

  /** `candidates` are unvalidated events. */
  async ingest(
    source: EventSource,
    candidates: unknown[],
    options: IngestOptions | boolean,
  ): Promise<IngestResponse> {
    const { single, clients, identities, refusals, serverOnly } =
      typeof options === 'boolean' ? ({ single: options, serverOnly: 'reject' } as IngestOptions) : options;
    const listIgnored = serverOnly === 'ignore';
    const receivedAt = new Date();
    const ignored: IgnoredEvent[] = [];
    const ignore = (index: number, candidate: unknown, reason: IgnoreReason) => {
      if (listIgnored) ignored.push({ index, ...idOf(candidate), reason });
    };
    if (source.optedOut && !source.trusted) {
      this.filteredTotal += candidates.length;
      candidates.forEach((candidate, index) => {
        ignore(index, candidate, 'do_not_track');
      });
      return {
        accepted: 0,
        ids: [],
        filtered: candidates.length,
        rejected: [],
        ...(listIgnored && { ignored }),
      };
    }
    const rejected: RejectedEvent[] = [];
    const valid: Array<{ input: EventInput; client: EventClient; previousId?: string }> = [];
    let filtered = 0;
    const requestClient = this.clientOf(source.ip, source.userAgent, undefined, !source.trusted);
    candidates.forEach((candidate, index) => {
      const prefix = single ? '' : `batch.${index}.`;
      const refusal = refusals?.[index];
      if (refusal) {
        rejected.push({
          index,
          ...idOf(candidate),
          errors: [{ field: `${prefix}(event)`, message: refusal }],
        });
        return;
      }
      // The compiled check takes a valid event; zod parses (and names the fields of) any other.
      const parsed = acceptsEventInput(candidate)
        ? ({ success: true, data: candidate } as const)
        : EventInput.safeParse(candidate);
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
        if (listIgnored) {
          filtered++;
          ignore(index, candidate, 'server_only');
          return;
        }
        rejected.push({
          index,
          ...idOf(candidate),
          errors: [
            { field: `${prefix}event`, message: `${input.event} is accepted only with the server key` },
          ],
        });
        return;
      }
      const given = clients?.[index];
      const client =
        given?.userAgent || given?.ip
          ? this.clientOf(
              given.ip ?? source.ip,
              given.userAgent ?? source.userAgent,
              given.userAgent,
              !source.trusted,
            )
          : requestClient;
      const referrerHost = referrerHostOf(input.page?.referrer, input.page?.url);
      const blocked =
        referrerHost && this.config.ANALYTICS_REFERRER_BLOCKLIST.get(source.site)?.has(referrerHost);
      if (!source.trusted && (client.facts.bot || blocked)) {
        filtered++;
        ignore(index, candidate, client.facts.bot ? 'bot' : 'referrer_blocked');
        return;
      }
      valid.push({ input, client, previousId: identities?.[index]?.previousId });
    });

    this.rejectedTotal += rejected.length;
    this.filteredTotal += filtered;
    if (!valid.length && rejected.length) {
      const errors = rejected.flatMap((r) => r.errors);
      if (single) throw ValidationFailed(errors);
      throw new AppError(ErrorCode.ValidationFailed, 'No event of the batch is valid', {
        errors,
        extra: { rejected },
      });
    }
    const accepted: EnrichedEvent[] = [];
    if (valid.length) {
      if (!this.limiter.take(source.site, valid.length)) {
        throw new AppError(ErrorCode.RateLimited, `Site ${source.site} is over its event rate`, {
          headers: { 'retry-after': '1' },
        });
      }
      const { visitors: senderVisitors, saved: linksSaved } =
        source.trusted || !this.identities
          ? { visitors: [], saved: Promise.resolve() }
          : await this.identities.resolve(
              source.site,
              valid.map(({ input, previousId }) => ({
                anonymousId: input.anonymousId,
                userId: input.userId,
                previousId,
              })),
            );
      // What every event of the request shares is worked out once (see RequestFacts).
      const request = requestFacts(receivedAt);
      const touches: SessionTouch[] = [];
      const untimed: EnrichedEvent[] = [];
      const serverEvents: Array<{ event: EnrichedEvent; named: boolean }> = [];
      valid.forEach(({ input, client }, index) => {
        const event = this.enrich(source, input, client, senderVisitors[index], request);
        accepted.push(event);
        if (source.trusted) serverEvents.push({ event, named: Boolean(input.sessionId) });
        else if (!input.sessionId) {
          touches.push({ visitorId: event.visitorId, at: Date.parse(event.occurredAt) });
          untimed.push(event);
        }
      });
      if (touches.length && this.sessions) {
        const sessionIds = await this.sessions.resolve(source.site, touches);
        untimed.forEach((event, index) => {
          event.sessionId = sessionIds[index]!;
        });
      }
      // An order's server events join the browser session that checked out (its `checkout_id`).
      if (serverEvents.length && this.checkouts) await this.checkouts.place(serverEvents);
      const checkoutsRemembered =
        source.trusted || !this.checkouts ? undefined : this.checkouts.remember(accepted);
      try {
        await Promise.all([
          this.publisher.publishEvents({ events: accepted }, accepted[0]!.id),
          linksSaved,
          checkoutsRemembered,
        ]);
      } catch {
        throw ServiceUnavailable('The event queue is unavailable; nothing was stored, retry later', 5);
      }
      this.published += accepted.length;
      this.onAccepted(accepted);
    }
    return {
      accepted: accepted.length,
      ids: accepted.map((e) => e.id),
      filtered,
      rejected,
      ...(listIgnored && { ignored }),
    };
  }

  /** `browserAgent`: the user agent a server SDK gave for its browser, filtered like any browser's. */
  /** `locate`: look the country up (browser traffic; backend-api's own address says nothing of a shopper). */
  private clientOf(
    ip: string,
    userAgent: string,
    browserAgent: string | undefined,
    locate: boolean,
  ): EventClient {
    const server = browserAgent === undefined && isServerSdk(userAgent);
    const facts = server
      ? { device: 'server', browser: 'server', os: 'server', bot: false }
      : describeClient(userAgent);
    const country = locate && !server ? this.countries?.countryOf(ip) : undefined;
    const region = locate && !server ? this.regions?.regionOf(ip) : undefined;
    return { ip, userAgent, facts, server, ...(country && { country }), ...(region && { region }) };
  }

  private enrich(
    source: EventSource,
    input: EventInput,
    client: EventClient,
    senderVisitor: string | undefined,
    request: RequestFacts,
  ): EnrichedEvent {
    const referrerHost = referrerHostOf(input.page?.referrer, input.page?.url);
    const { occurredAt, occurredAtText, day } = request.timeOf(input.timestamp, source.trusted);
    let visitorId = source.trusted ? `user:${input.userId ?? input.anonymousId ?? 'server'}` : senderVisitor;
    if (!visitorId) {
      const cookielessKey = `${day}|${client.ip}|${client.userAgent}`;
      visitorId = request.cookieless.get(cookielessKey);
      if (!visitorId) {
        visitorId = visitorIdOf(
          this.config.ANALYTICS_VISITOR_SECRET,
          occurredAt,
          source.site,
          client.ip,
          client.userAgent,
        );
        request.cookieless.set(cookielessKey, visitorId);
      }
    }
    const event: EnrichedEvent = {
      id: input.id ?? randomUUID(),
      site: source.site,
      type: input.type,
      name:
        input.type === 'page'
          ? 'pageview'
          : input.type === 'screen'
            ? 'screenview'
            : (input.event ?? input.type),
      occurredAt: occurredAtText,
      receivedAt: request.receivedAtText,
      visitorId,
      // Without a client session, a visitor's day is one session unless VisitorSessions (Redis) decides
      // an inactivity session for it (server-key events make no sessions: reports skip them).
      sessionId: input.sessionId ? `s:${input.sessionId}` : `v:${visitorId}:${day}`,
      trusted: source.trusted,
      utm: source.trusted ? {} : utmOf(input.page?.url, input.page?.search),
      device: source.trusted ? 'server' : client.facts.device,
      browser: source.trusted ? 'server' : client.facts.browser,
      os: source.trusted ? 'server' : client.facts.os,
      properties: input.properties ?? {},
    };
    if (input.userId) event.userId = input.userId;
    const path = pathOf(input.page?.path, input.page?.url);
    if (path) event.path = path;
    if (input.page?.title) event.title = input.page.title;
    if (referrerHost) event.referrerHost = referrerHost;
    if (client.country && !source.trusted) event.country = client.country;
    if (client.region && !source.trusted) event.region = client.region;
    if (!source.trusted) {
      const hostname = pageHostOf(input.page?.url);
      if (hostname) event.hostname = hostname;
      if (input.screen) event.screen = screenClassOf(input.screen.width);
      if (input.locale) event.language = languageOf(input.locale);
    }
    return event;
  }
}

function idOf(candidate: unknown): { id?: string } {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? { id: id.slice(0, 100) } : {};
}
