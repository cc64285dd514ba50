import type {
  AnyBulkWriteOperation,
  Collection,
  Db,
  Document,
  MongoBulkWriteError,
  UpdateFilter,
} from 'mongodb';

/** A raw event as stored: unique by id, with the apply it belongs to and whether that apply finished. */
export interface StoredEventDoc {
  _id: string;
  site: string;
  type: string;
  name: string;
  occurredAt: Date;
  receivedAt: Date;
  storedAt: Date;
  visitorId: string;
  sessionId: string;
  userId?: string;
  trusted: boolean;
  path?: string;
  title?: string;
  referrerHost?: string;
  utm: Record<string, string | undefined>;
  device: string;
  browser: string;
  os: string;
  properties: Record<string, unknown>;
  applyId: string;
  aggregated: boolean;
}

export type Granule = 'm' | 'h' | 'd';
export type Counters = Record<string, number>;

export interface BucketDoc {
  _id: string;
  site: string;
  g: Granule;
  t: Date;
  dim: string;
  key: string;
  name?: string;
  [counter: string]: unknown;
}

export interface BucketIncrement {
  id: string;
  site: string;
  g: Granule;
  t: Date;
  dim: string;
  key: string;
  name?: string;
  inc: Counters;
}

export interface SessionDoc {
  _id: string;
  site: string;
  first: Date;
  last: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * Writes go out in commands of at most this many operations. FerretDB 1.24 runs the statements of
 * one unordered command in parallel, each holding PostgreSQL connections; a few hundred at once
 * exhaust its pool and deadlock it. MongoDB loses nothing by the smaller commands.
 */
export const WRITE_CHUNK = 16;

function chunks<T>(items: T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function duplicateOnly(error: unknown): MongoBulkWriteError | undefined {
  const bulk = error as MongoBulkWriteError;
  if (bulk?.code !== DUPLICATE_KEY || !Array.isArray(bulk.writeErrors)) return undefined;
  return bulk.writeErrors.every((e) => e.code === DUPLICATE_KEY) ? bulk : undefined;
}

/** MongoDB calls of the aggregation pipeline; only what MongoDB 7 and FerretDB both support. */
export class AggregatesRepository {
  constructor(private readonly db: Db) {}

  get events() {
    return this.db.collection<StoredEventDoc>('events');
  }
  get buckets() {
    return this.db.collection<BucketDoc>('buckets');
  }
  get visitorMarks() {
    return this.db.collection<{ _id: string; owner: string }>('visitor_marks');
  }
  get sessions() {
    return this.db.collection<SessionDoc>('sessions');
  }

  /** One at a time: FerretDB 1.24 can deadlock its small PostgreSQL pool on parallel DDL. */
  async ensureIndexes() {
    await this.events.createIndex({ aggregated: 1, storedAt: 1 });
    await this.events.createIndex({ applyId: 1 });
    await this.events.createIndex({ site: 1, name: 1, occurredAt: -1 });
    await this.buckets.createIndex({ site: 1, g: 1, dim: 1, t: 1 });
    await this.sessions.createIndex({ site: 1, first: 1 });
  }

  /** Inserts unordered; returns the ids that were new (duplicates by id are expected and skipped). */
  async insertEvents(docs: StoredEventDoc[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const chunk of chunks(docs)) {
      try {
        await this.events.insertMany(chunk, { ordered: false });
        for (const d of chunk) inserted.add(d._id);
      } catch (error) {
        const bulk = duplicateOnly(error);
        if (!bulk) throw error;
        const failed = new Set(
          (Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]).map((e) => e.index),
        );
        chunk.forEach((d, index) => {
          if (!failed.has(index)) inserted.add(d._id);
        });
      }
    }
    return inserted;
  }

  /** Apply ids of stored events not yet aggregated, among the given ids or, without ids, stored before `olderThan`. */
  async pendingApplyIds(filter: { ids?: string[]; olderThan?: Date }, limit = 5000): Promise<string[]> {
    const query: Record<string, unknown> = { aggregated: false };
    if (filter.ids) query._id = { $in: filter.ids };
    if (filter.olderThan) query.storedAt = { $lt: filter.olderThan };
    const docs = await this.events.find(query, { projection: { applyId: 1 }, limit }).toArray();
    return [...new Set(docs.map((d) => d.applyId))];
  }

  eventsOfApply(applyId: string) {
    return this.events.find({ applyId }).toArray();
  }

  async markAggregated(applyId: string) {
    await this.events.updateMany({ applyId, aggregated: false }, { $set: { aggregated: true } });
  }

  /** Claims each visitor mark for an event; returns the owner of every key (the first claimer wins forever). */
  async claimVisitorMarks(claims: Map<string, string>): Promise<Map<string, string>> {
    if (!claims.size) return new Map();
    const docs = [...claims].map(([key, owner]) => ({ _id: key, owner }));
    for (const chunk of chunks(docs)) {
      try {
        await this.visitorMarks.insertMany(chunk, { ordered: false });
      } catch (error) {
        if (!duplicateOnly(error)) throw error;
      }
    }
    const owners = await this.visitorMarks.find({ _id: { $in: [...claims.keys()] } }).toArray();
    return new Map(owners.map((o) => [o._id, o.owner]));
  }

  /** $min/$max are idempotent: replaying a session's events never changes it twice. */
  async touchSessions(touches: Map<string, { site: string; first: Date; last: Date }>) {
    if (!touches.size) return;
    await this.bulkWriteInChunks(
      this.sessions,
      [...touches].map(([id, s]) => ({
        updateOne: {
          filter: { _id: id },
          update: { $set: { site: s.site }, $min: { first: s.first }, $max: { last: s.last } },
          upsert: true,
        },
      })),
    );
  }

  /**
   * Applies one apply's increments exactly once per bucket: each bucket remembers, per worker, the
   * sequence number of the last apply it took, and the $inc only matches when this one is newer.
   */
  async applyIncrements(worker: string, seq: number, increments: BucketIncrement[]) {
    if (!increments.length) return;
    const createOps: AnyBulkWriteOperation<BucketDoc>[] = increments.map((b) => ({
      updateOne: {
        filter: { _id: b.id },
        update: { $set: { site: b.site, g: b.g, t: b.t, dim: b.dim, key: b.key } },
        upsert: true,
      },
    }));
    for (const chunk of chunks(createOps)) {
      await this.retryingDuplicates(() => this.buckets.bulkWrite(chunk, { ordered: false }));
    }
    const appliedField = `applied.${worker}`;
    await this.bulkWriteInChunks(
      this.buckets,
      increments.map((b) => ({
        updateOne: {
          filter: {
            _id: b.id,
            $or: [{ [appliedField]: { $exists: false } }, { [appliedField]: { $lt: seq } }],
          },
          update: {
            $inc: b.inc,
            $set: b.name ? { [appliedField]: seq, name: b.name } : { [appliedField]: seq },
          } as UpdateFilter<BucketDoc>,
        },
      })),
    );
  }

  private async bulkWriteInChunks<T extends Document>(
    collection: Collection<T>,
    operations: AnyBulkWriteOperation<T>[],
  ) {
    for (const chunk of chunks(operations)) await collection.bulkWrite(chunk, { ordered: false });
  }

  /** Two upserts racing to create one document: the loser's duplicate-key error is retried once. */
  private async retryingDuplicates<T>(write: () => Promise<T>) {
    try {
      return await write();
    } catch (error) {
      if (!duplicateOnly(error)) throw error;
      return await write();
    }
  }
}
