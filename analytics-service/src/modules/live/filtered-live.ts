import { type ReportFilter, scopeOfDimension } from '@shopstream/contracts';
import { eventHolds, type GoalTest, holds } from '../segments/filter-query';
import type { LiveTouch } from './reporter';

const MINUTE = 60_000;
/** A session's entry is remembered this long after its last event (longer than any inactivity timeout). */
const SESSION_MEMORY_MS = 120 * MINUTE;
/** Sessions remembered per site at most: the oldest-seen are forgotten first. */
const MAX_SESSIONS = 50_000;
/** Events remembered per session: the newest, within the live window. */
const MAX_EVENTS_PER_SESSION = 50;

interface LiveEvent {
  at: number;
  id: string;
  type: string;
  name: string;
  path?: string;
  product?: string;
}

interface LiveSession {
  visitorId: string;
  /** The dimensions of the earliest event this instance saw of the session, and its page. */
  entry: Record<string, string>;
  entryAt: number;
  exitPage?: string;
  lastSeen: number;
  events: LiveEvent[];
}

/** What the filtered feed shows of a window: visitors, pages and events of the sessions the filters select. */
export interface FilteredWindow {
  visitors: number;
  pages: Map<string, Set<string>>;
  events: LiveEvent[];
}

/**
 * The live sessions of one site as the accepted notices show them, so that a filtered feed is computed in
 * memory each tick: session-scoped filters read the dimensions of the session's entry (the earliest event
 * this instance saw of it, which is the entry unless the session began before the instance started),
 * `exit_page` its latest pageview; event-scoped filters (page, product, event) select the events of the
 * window, and the sessions having one.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();

  take(touches: LiveTouch[], now: number) {
    for (const touch of touches) {
      let session = this.sessions.get(touch.sessionId);
      const entryPage = touch.type === 'page' ? (touch.path ?? '/') : undefined;
      if (!session) {
        session = {
          visitorId: touch.visitorId,
          entry: { ...touch.dimensions, ...(entryPage !== undefined && { entry_page: entryPage }) },
          entryAt: now,
          lastSeen: now,
          events: [],
        };
        this.sessions.set(touch.sessionId, session);
        if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
      } else {
        // Re-inserted, so that the map stays ordered by last sight (the oldest is forgotten first).
        this.sessions.delete(touch.sessionId);
        this.sessions.set(touch.sessionId, session);
        if (session.entry.entry_page === undefined && entryPage !== undefined)
          session.entry.entry_page = entryPage;
      }
      session.lastSeen = now;
      if (touch.type === 'page') session.exitPage = touch.path ?? '/';
      session.events.push({
        at: now,
        id: touch.id,
        type: touch.type,
        name: touch.name,
        ...(touch.path !== undefined && { path: touch.path }),
        ...(touch.product !== undefined && { product: touch.product }),
      });
      if (session.events.length > MAX_EVENTS_PER_SESSION) session.events.shift();
    }
  }

  /** The sessions, pages and events of the last `windowMs` that the filters select. */
  select(
    filters: ReportFilter[],
    now: number,
    windowMs: number,
    goals: readonly GoalTest[] = [],
  ): FilteredWindow {
    const sessionFilters = filters.filter((f) => scopeOfDimension(f.dimension) === 'session');
    const eventFilters = filters.filter((f) => scopeOfDimension(f.dimension) === 'event');
    const visitors = new Set<string>();
    const pages = new Map<string, Set<string>>();
    const events: LiveEvent[] = [];
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen > SESSION_MEMORY_MS) {
        this.sessions.delete(id);
        continue;
      }
      while (session.events.length && now - session.events[0]!.at > windowMs) session.events.shift();
      if (!session.events.length) continue;
      if (!sessionFilters.every((f) => holds(f, sessionValue(session, f)))) continue;
      const selected = eventFilters.length
        ? session.events.filter((e) => eventFilters.every((f) => eventHolds(e, f, goals)))
        : session.events;
      if (!selected.length) continue;
      visitors.add(session.visitorId);
      for (const event of selected) {
        events.push(event);
        if (event.type !== 'page' || event.path === undefined) continue;
        let viewers = pages.get(event.path);
        if (!viewers) {
          viewers = new Set();
          pages.set(event.path, viewers);
        }
        viewers.add(session.visitorId);
      }
    }
    events.sort((a, b) => b.at - a.at);
    return { visitors: visitors.size, pages, events };
  }
}

function sessionValue(session: LiveSession, filter: ReportFilter): string | undefined {
  if (filter.dimension === 'exit_page') return session.exitPage;
  return session.entry[filter.dimension];
}
