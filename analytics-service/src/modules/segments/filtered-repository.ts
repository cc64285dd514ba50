import type { ReportFilter } from '@shopstream/contracts';
import { type DbSource, dbOf } from '../../mongo';
import type { SessionDoc, StoredEventDoc } from '../aggregates/documents';
import { matchOf } from './filter-query';

/** A session as the filtered reports read it. */
export type FilteredSession = Required<Pick<SessionDoc, '_id' | 'first' | 'last'>> &
  Pick<SessionDoc, 'visitorId' | 'entry' | 'exit' | 'n'>;

/** An event as the filtered reports read it: only what they count. */
export type FilteredEvent = Pick<StoredEventDoc, 'sessionId' | 'type' | 'name' | 'occurredAt' | 'path'> & {
  properties?: { product_id?: unknown; products?: unknown; name?: unknown };
};

/** Session ids per `$in` lookup of their events. */
const SESSION_CHUNK = 500;
/** Above this many sessions, their events are read by time range instead of by id. */
const BY_ID_LIMIT = 2000;

/**
 * Reads of the filtered path: range finds on `sessions` (one document per session, with its dimensions
 * and counters) and on `events`, with the filters as `$match` conditions. Nothing else than MongoDB 7
 * and FerretDB 1.24 both do: finds with equality, `$ne`, `$regex`, `$in` and ranges, and projections.
 */
export class FilteredRepository {
  constructor(private readonly source: DbSource) {}

  private get db() {
    return dbOf(this.source);
  }

  /** Sessions of the site that began in [from, to) and meet every session-scoped filter. */
  sessions(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<FilteredSession[]> {
    return this.db
      .collection<SessionDoc>('sessions')
      .find(
        { site, first: { $gte: from, $lt: to }, ...matchOf(filters) },
        { projection: { first: 1, last: 1, visitorId: 1, entry: 1, 'exit.path': 1, n: 1 } },
      )
      .toArray() as Promise<FilteredSession[]>;
  }

  /** Events of the site in [from, to) meeting every event-scoped filter (and `extra`). */
  events(
    site: string,
    from: Date,
    to: Date,
    filters: ReportFilter[],
    extra: Record<string, unknown> = {},
  ): Promise<FilteredEvent[]> {
    return this.db
      .collection<StoredEventDoc>('events')
      .find(
        { site, occurredAt: { $gte: from, $lt: to }, ...extra, ...matchOf(filters) },
        {
          projection: {
            _id: 0,
            sessionId: 1,
            type: 1,
            name: 1,
            occurredAt: 1,
            path: 1,
            'properties.product_id': 1,
            'properties.products': 1,
            'properties.name': 1,
          },
        },
      )
      .toArray() as Promise<FilteredEvent[]>;
  }

  /**
   * The events of these sessions in [from, to) meeting `extra`: by session id (indexed) while they are
   * few, by time range (then kept if theirs) when many.
   */
  async eventsOfSessions(
    site: string,
    sessionIds: Set<string>,
    from: Date,
    to: Date,
    extra: Record<string, unknown> = {},
  ): Promise<FilteredEvent[]> {
    if (!sessionIds.size) return [];
    if (sessionIds.size > BY_ID_LIMIT) {
      const all = await this.events(site, from, to, [], extra);
      return all.filter((e) => sessionIds.has(e.sessionId));
    }
    const ids = [...sessionIds];
    const found: FilteredEvent[] = [];
    // Sequential on purpose: parallel cursors exhaust FerretDB's small PostgreSQL pool.
    for (let i = 0; i < ids.length; i += SESSION_CHUNK) {
      found.push(
        ...(await this.events(site, from, to, [], {
          ...extra,
          sessionId: { $in: ids.slice(i, i + SESSION_CHUNK) },
        })),
      );
    }
    return found;
  }
}
