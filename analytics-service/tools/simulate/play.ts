import type { EventInput } from '@shopstream/contracts';
import { postEvents, type SendOptions } from './send';
import type { ShopperSession } from './shopper-sessions';

/** One request's events as the service acknowledged them (202), with who sent them. */
export interface AcknowledgedPart {
  day: string;
  ip: string;
  country?: string;
  userAgent: string;
  events: EventInput[];
}

export interface PlayOptions extends SendOptions {
  /** Shopper sessions started per second. */
  rate: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** A request still unacknowledged at this time (ms since the epoch) is given up. */
  deadline: number;
  onAcknowledged?: (part: AcknowledgedPart) => void;
}

export interface PlayResult {
  acknowledged: AcknowledgedPart[];
  acknowledgedIds: Set<string>;
  requests: number;
  /** Answers that made the sender wait and retry, by status (0: no answer at all). */
  retried: Record<number, number>;
  /** Requests given up: refused for good (4xx) or still unacknowledged at the deadline. */
  givenUp: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays sessions at a rate like real browsers and backend-api would: each request is retried on 503,
 * 429 or no answer (after Retry-After, like the tracker) until the service acknowledges it with 202.
 * Only events listed in a 202 answer count as acknowledged.
 */
export async function playSessions(options: PlayOptions, sessions: ShopperSession[]): Promise<PlayResult> {
  const result: PlayResult = {
    acknowledged: [],
    acknowledgedIds: new Set(),
    requests: 0,
    retried: {},
    givenUp: 0,
    seconds: 0,
  };
  const started = Date.now();
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    while (inFlight >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  const send = async (session: ShopperSession, events: EventInput[], trusted: boolean) => {
    let backoff = 250;
    for (;;) {
      await acquire();
      let status = 0;
      let retryAfter = 0;
      try {
        result.requests++;
        const answer = await postEvents(options, events, {
          trusted,
          ...(trusted ? {} : { ip: session.ip, userAgent: session.userAgent }),
        });
        status = answer.status;
        retryAfter = answer.retryAfter;
        if (status === 202) {
          const ids = new Set((answer.body as { ids: string[] }).ids);
          const accepted = events.filter((e) => e.id && ids.has(e.id));
          for (const id of ids) result.acknowledgedIds.add(id);
          const part = {
            day: session.day,
            ip: session.ip,
            country: session.country,
            userAgent: session.userAgent,
            events: accepted,
          };
          result.acknowledged.push(part);
          options.onAcknowledged?.(part);
          return;
        }
      } catch {
        // No answer (connection refused, reset, timeout): the events may or may not be in; resend them.
      } finally {
        release();
      }
      if (status !== 0 && status !== 503 && status !== 429) {
        result.givenUp++;
        return;
      }
      result.retried[status] = (result.retried[status] ?? 0) + 1;
      const wait = retryAfter ? retryAfter * 1000 : backoff;
      backoff = Math.min(backoff * 2, 5000);
      if (Date.now() + wait > options.deadline) {
        result.givenUp++;
        return;
      }
      await sleep(wait);
    }
  };

  const playOne = async (session: ShopperSession) => {
    await send(session, session.browserEvents, false);
    if (session.serverEvents.length) await send(session, session.serverEvents, true);
  };

  const running: Array<Promise<void>> = [];
  for (const [index, session] of sessions.entries()) {
    const due = started + (index * 1000) / options.rate;
    if (due > Date.now()) await sleep(due - Date.now());
    running.push(playOne(session));
  }
  await Promise.all(running);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
