import { Binary } from 'mongodb';
import { type DbSource, dbOf } from '../../mongo';
import type { SessionDoc, StoredEventDoc } from '../aggregates/documents';

/** Which of a day's digest documents: its head (what it covers), or a part of its sessions or of their events. */
export type DigestKind = 'head' | 's' | 'e';

/**
 * One document of a day digest. `_id` is `site|day|head` for the head, `site|day|kind|version|part` for
 * parts; a rebuild writes a new version's parts, then the head, then deletes the older parts, and a reader
 * takes, per day, the newest version whose parts are all there.
 */
export interface DigestDoc {
  _id: string;
  site: string;
  /** UTC day (YYYY-MM-DD) the digest's sessions began on. */
  day: string;
  /**
   * Its week (`weekOf`): a reader's equality, which FerretDB 1.24 hands to PostgreSQL (a range it does not),
   * so a 30-day range is five or six finds of about seven documents each.
   */
  week: number;
  kind: DigestKind;
  version: number;
  part?: number;
  parts: number;
  data?: Binary;
  /** Head only: the hours whose events can change the digest (UTC, `YYYY-MM-DDTHH`), with the mark each had. */
  seen?: Record<string, string>;
  from?: Date;
  to?: Date;
  builtAt?: Date;
}

/** An hour with stored events, changed by every apply that stored events of it (`v` is the apply's id). */
export interface DigestMarkDoc {
  _id: string;
  site: string;
  hour: string;
  v: string;
}

/** Weeks of seven UTC days since the epoch. */
export const weekOf = (day: string) => Math.floor(Date.parse(`${day}T00:00:00.000Z`) / (7 * 86_400_000));

/** The session and event documents a day digest is built from. */
export type DaySessionDoc = SessionDoc;

/** FerretDB 1.24 runs an unordered command's statements in parallel: marks go ordered, 16 at a time. */
const COMMAND = 16;

/** The MongoDB calls of day digests (`digests`, `digest_marks`), and the reads they are built from. */
export class DigestRepository {
  constructor(private readonly source: DbSource) {}

  private get db() {
    return dbOf(this.source);
  }

  private get digests() {
    return this.db.collection<DigestDoc>('digests');
  }

  private get marks() {
    return this.db.collection<DigestMarkDoc>('digest_marks');
  }

  async ensureIndexes() {
    await this.digests.createIndex({ site: 1, week: 1, kind: 1 });
    await this.digests.createIndex({ site: 1, day: 1 });
    await this.marks.createIndex({ site: 1 });
  }

  /** Marks each `site|hour` as changed by this apply (upserts; last writer wins, any new value means changed). */
  async mark(hours: Array<{ site: string; hour: string }>, applyId: string) {
    for (let i = 0; i < hours.length; i += COMMAND) {
      await this.marks.bulkWrite(
        hours.slice(i, i + COMMAND).map(({ site, hour }) => ({
          updateOne: {
            filter: { _id: `${site}|${hour}` },
            update: { $set: { site, hour, v: applyId } },
            upsert: true,
          },
        })),
        { ordered: true },
      );
    }
  }

  /** Whether a refresh has built every closed day with events of the site (then one without a digest has none). */
  async backfilled(site: string) {
    return (await this.digests.findOne({ _id: `${site}|backfilled` }, { projection: { _id: 1 } })) !== null;
  }

  async markBackfilled(site: string) {
    await this.digests.replaceOne(
      { _id: `${site}|backfilled` },
      { site, day: '', week: -1, kind: 'head', version: 0, parts: 0, builtAt: new Date() },
      { upsert: true },
    );
  }

  marksOf(site: string) {
    return this.marks.find({ site }).toArray();
  }

  /** Removes a mark unless an apply changed it since it was read. */
  async clearMark(mark: DigestMarkDoc) {
    await this.marks.deleteOne({ _id: mark._id, v: mark.v });
  }

  headsOf(site: string, week: number) {
    return this.digests.find({ site, week, kind: 'head' }, { projection: { data: 0 } }).toArray();
  }

  /** The week's sessions parts, or (one find) all of its documents when the events parts are wanted too. */
  partsOf(site: string, week: number, withEvents: boolean) {
    return this.digests.find(withEvents ? { site, week } : { site, week, kind: 's' }).toArray();
  }

  /** Writes a new version of a day's digest: its parts, then its head, then removes older versions' parts. */
  async write(
    site: string,
    day: string,
    sessions: Buffer[],
    events: Buffer[],
    head: Pick<DigestDoc, 'seen' | 'from' | 'to'>,
  ) {
    const version = Date.now();
    const base = { site, day, week: weekOf(day), version, parts: sessions.length };
    for (const [kind, parts] of [
      ['s', sessions],
      ['e', events],
    ] as const) {
      for (const [part, data] of parts.entries()) {
        const _id = `${site}|${day}|${kind}|${version}|${part}`;
        await this.digests.replaceOne(
          { _id },
          { ...base, kind, part, data: new Binary(data) },
          { upsert: true },
        );
      }
    }
    await this.digests.replaceOne(
      { _id: `${site}|${day}|head` },
      { ...base, kind: 'head', ...head, builtAt: new Date() },
      { upsert: true },
    );
    const older = await this.digests
      .find({ site, day }, { projection: { _id: 1, kind: 1, version: 1 } })
      .toArray();
    for (const doc of older)
      if (doc.kind !== 'head' && doc.version !== version) await this.digests.deleteOne({ _id: doc._id });
    return version;
  }

  /** The site's days with stored events (from the day buckets): what a first digest run backfills. */
  async daysWithEvents(site: string): Promise<string[]> {
    const docs = await this.db
      .collection<{ t: Date }>('buckets')
      .find({ site, g: 'd', dim: 'total' }, { projection: { t: 1 } })
      .toArray();
    return docs.map((d) => d.t.toISOString().slice(0, 10));
  }

  /** Sessions that began on `day` (their `day` is a top-level equality FerretDB pushes down). */
  sessionsOfDay(site: string, day: string) {
    return this.db
      .collection<SessionDoc>('sessions')
      .find({ site, day }, { projection: { applied: 0 } })
      .toArray();
  }

  eventsOfDay(site: string, day: string) {
    return this.db
      .collection<StoredEventDoc>('events')
      .find({ site, day }, { projection: EVENT_PROJECTION })
      .toArray() as Promise<StoredEventDoc[]>;
  }

  eventsOfSession(site: string, sessionId: string) {
    return this.db
      .collection<StoredEventDoc>('events')
      .find({ site, sessionId }, { projection: EVENT_PROJECTION })
      .toArray() as Promise<StoredEventDoc[]>;
  }
}

const EVENT_PROJECTION = {
  sessionId: 1,
  type: 1,
  name: 1,
  occurredAt: 1,
  path: 1,
  visitorId: 1,
  country: 1,
  trusted: 1,
  'properties.product_id': 1,
  'properties.name': 1,
  'properties.products': 1,
} as const;
