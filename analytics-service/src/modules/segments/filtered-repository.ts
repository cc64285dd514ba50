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

/** Up to this many sessions, their events are read session by session (an equality FerretDB pushes down). */
const BY_ID_LIMIT = 100;
const DAY = 86_400_000;

/** Whether a match holds a top-level equality (which FerretDB 1.24 hands to PostgreSQL). */
const pushesDown = (match: Record<string, unknown>) =>
  Object.entries(match).some(([key, value]) => !key.startsWith('$') && typeof value === 'string');

/** The UTC days a range touches, as stored in `day`. */
export function daysOf(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Math.floor(from.getTime() / DAY) * DAY; t < to.getTime(); t += DAY) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Reads of the filtered path: finds on `sessions` (one document per session, with its dimensions and
 * counters) and on `events`, with the filters as match conditions. Nothing else than MongoDB 7 and
 * FerretDB 1.24 both do: finds with equality, `$ne`, `$regex` and ranges, and projections. A range is
 * read one UTC day at a time by the top-level `day` equality, because FerretDB hands PostgreSQL only
 * top-level equalities (a range alone would read every document of the site); MongoDB uses the indexes.
 */
export class FilteredRepository {
  constructor(private readonly source: DbSource) {}

  private get db() {
    return dbOf(this.source);
  }

  /** Sessions of the site that began in [from, to) and meet every session-scoped filter. */
  async sessions(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<FilteredSession[]> {
    const match = matchOf(filters);
    const find = (day?: string) =>
      this.db
        .collection<SessionDoc>('sessions')
        .find(
          { site, ...(day ? { day } : {}), ...match, first: { $gte: from, $lt: to } },
          { projection: { first: 1, last: 1, visitorId: 1, entry: 1, 'exit.path': 1, n: 1 } },
        )
        .toArray() as Promise<FilteredSession[]>;
    // An `is` filter is an equality PostgreSQL applies: one scan returns few documents.
    if (pushesDown(match)) return find();
    const found: FilteredSession[] = [];
    // Sequential on purpose: parallel cursors exhaust FerretDB's small PostgreSQL pool.
    for (const day of daysOf(from, to)) found.push(...(await find(day)));
    return found;
  }

  /** Events of the site in [from, to) meeting every event-scoped filter (and `extra`), a day at a time. */
  async events(
    site: string,
    from: Date,
    to: Date,
    filters: ReportFilter[],
    extra: Record<string, unknown> = {},
  ): Promise<FilteredEvent[]> {
    const found: FilteredEvent[] = [];
    for (const day of daysOf(from, to))
      found.push(...(await this.find({ site, day, ...extra }, from, to, filters)));
    return found;
  }

  private find(match: Record<string, unknown>, from: Date, to: Date, filters: ReportFilter[]) {
    return this.db
      .collection<StoredEventDoc>('events')
      .find(
        { ...match, ...matchOf(filters), occurredAt: { $gte: from, $lt: to } },
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
   * The events of these sessions in [from, to) meeting `extra`: session by session while they are few,
   * else the range's (then kept if theirs).
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
    const found: FilteredEvent[] = [];
    for (const sessionId of sessionIds)
      found.push(...(await this.find({ site, sessionId, ...extra }, from, to, [])));
    return found;
  }
}
