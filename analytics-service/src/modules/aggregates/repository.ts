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
}

/** One stored batch: created before its events are inserted, `done` once every bucket took it. */
export interface ApplyDoc {
  _id: string;
  storedAt: Date;
  done: boolean;
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
  /** The page of the earliest pageview seen, and its time (kept apart from `first`, which any event may lower). */
  entryAt?: Date;
  entryPath?: string;
}

export interface SessionTouch {
  site: string;
  first: Date;
  last: Date;
  entryPath?: string;
}

const DUPLICATE_KEY = 11000;

/**
 * Writes go out in commands of at most this many operations. FerretDB 1.24 runs the statements of
 * one unordered command in parallel, each holding PostgreSQL connections; a few hundred at once
 * exhaust its pool and deadlock it. MongoDB loses nothing by the smaller commands.
 */
export const WRITE_CHUNK = 16;

/**
 * Commands of one step in flight at once, per process. Kept at 1: four at once from each of a few
 * processes deadlocked FerretDB 1.24 (verified); real MongoDB would take more.
 */
export const WRITE_PARALLELISM = 1;

function chunks<T>(items: T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `write` on every chunk, WRITE_PARALLELISM at a time; rejects with the first error once all settled. */
async function eachChunk<T>(items: T[], write: (chunk: T[]) => Promise<unknown>) {
  const queue = chunks(items);
  let failure: unknown;
  const lane = async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
      try {
        await write(chunk);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_PARALLELISM, queue.length) }, lane));
  if (failure) throw failure;
}

function duplicateOnly(error: unknown): MongoBulkWriteError | undefined {
  const bulk = error as MongoBulkWriteError;
  if (bulk?.code !== DUPLICATE_KEY || !bulk.writeErrors) return undefined;
  const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
  return errors.every((e) => e.code === DUPLICATE_KEY) ? bulk : undefined;
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
  get applies() {
    return this.db.collection<ApplyDoc>('applies');
  }

  /** One at a time: FerretDB 1.24 can deadlock its small PostgreSQL pool on parallel DDL. */
  async ensureIndexes() {
    await this.events.createIndex({ applyId: 1 });
    await this.applies.createIndex({ done: 1, storedAt: 1 });
    await this.events.createIndex({ site: 1, name: 1, occurredAt: -1 });
    await this.buckets.createIndex({ site: 1, g: 1, dim: 1, t: 1 });
    await this.sessions.createIndex({ site: 1, first: 1 });
  }

  /** Inserts unordered; returns the ids that were new (duplicates by id are expected and skipped). */
  async insertEvents(docs: StoredEventDoc[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    await eachChunk(docs, async (chunk) => {
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
    });
    return inserted;
  }

  /** Records an apply before its events are written, so that any worker can finish it after a crash. */
  async beginApply(applyId: string, storedAt: Date) {
    await this.applies.updateOne(
      { _id: applyId },
      { $setOnInsert: { storedAt, done: false } },
      { upsert: true },
    );
  }

  /** One write per batch: marking each event instead cost FerretDB over a second per thousand events. */
  async finishApply(applyId: string) {
    await this.applies.updateOne({ _id: applyId }, { $set: { done: true } });
  }

  /** Applies begun before `olderThan` and never finished. */
  async pendingApplyIds(olderThan: Date, limit = 100): Promise<string[]> {
    const docs = await this.applies
      .find({ done: false, storedAt: { $lt: olderThan } }, { projection: { _id: 1 }, limit })
      .toArray();
    return docs.map((d) => d._id);
  }

  eventsOfApply(applyId: string) {
    return this.events.find({ applyId }).toArray();
  }

  /** Claims each visitor mark for an event; returns the owner of every key (the first claimer wins forever). */
  async claimVisitorMarks(claims: Map<string, string>): Promise<Map<string, string>> {
    if (!claims.size) return new Map();
    const docs = [...claims].map(([key, owner]) => ({ _id: key, owner }));
    await eachChunk(docs, async (chunk) => {
      try {
        await this.visitorMarks.insertMany(chunk, { ordered: false });
      } catch (error) {
        if (!duplicateOnly(error)) throw error;
      }
    });
    const owners = await this.visitorMarks.find({ _id: { $in: [...claims.keys()] } }).toArray();
    return new Map(owners.map((o) => [o._id, o.owner]));
  }

  /** $min/$max are idempotent: replaying a session's events never changes it twice. */
  async touchSessions(touches: Map<string, SessionTouch>) {
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
    // The entry page moves only to an earlier pageview: replays and late arrivals converge.
    const entries = [...touches].filter(([, t]) => t.entryPath !== undefined);
    await this.bulkWriteInChunks(
      this.sessions,
      entries.map(([id, t]) => ({
        updateOne: {
          filter: { _id: id, $or: [{ entryAt: { $exists: false } }, { entryAt: { $gt: t.first } }] },
          update: { $set: { entryAt: t.first, entryPath: t.entryPath } },
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
    // Two steps, because FerretDB 1.24 does not take the _id of an upsert whose filter has an $or.
    const createOps: AnyBulkWriteOperation<BucketDoc>[] = increments.map((b) => ({
      updateOne: {
        filter: { _id: b.id },
        update: { $set: { site: b.site, g: b.g, t: b.t, dim: b.dim, key: b.key } },
        upsert: true,
      },
    }));
    await eachChunk(createOps, (chunk) =>
      this.retryingDuplicates(() => this.buckets.bulkWrite(chunk, { ordered: false })),
    );
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
    await eachChunk(operations, (chunk) => collection.bulkWrite(chunk, { ordered: false }));
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
