import type { AnyBulkWriteOperation, Collection, Document, MongoBulkWriteError, UpdateFilter } from 'mongodb';
import { type DbSource, dbOf } from '../../mongo';
import type {
  ApplyDoc,
  ApplyState,
  BucketDoc,
  BucketIncrement,
  SessionDoc,
  SessionTouch,
  StoredEventDoc,
} from './documents';
import { refusalOf } from './refusals';
import { dimensionsOf, type SessionFacts } from './session-facts';

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

/** Ids per `$in` lookup: one read, however many. */
const LOOKUP_CHUNK = 500;

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

interface WriteAnswer {
  index: number;
  code?: number;
  errmsg?: string;
}

/** The per-document errors of a failed insert; empty when the command failed as a whole. */
function writeErrorsOf(error: unknown): WriteAnswer[] {
  const errors = (error as MongoBulkWriteError | undefined)?.writeErrors;
  if (!errors) return [];
  return (Array.isArray(errors) ? errors : [errors]) as WriteAnswer[];
}

/** What an insert of events came to: ids stored by it, and ids the store refused with its reason. */
export interface InsertOutcome {
  inserted: Set<string>;
  refused: Map<string, string>;
}

function duplicateOnly(error: unknown): MongoBulkWriteError | undefined {
  const bulk = error as MongoBulkWriteError;
  if (bulk?.code !== DUPLICATE_KEY || !bulk.writeErrors) return undefined;
  const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
  return errors.every((e) => e.code === DUPLICATE_KEY) ? bulk : undefined;
}

/** MongoDB calls of the aggregation pipeline; only what MongoDB 7 and FerretDB both support. */
export class AggregatesRepository {
  constructor(private readonly source: DbSource) {}

  private get db() {
    return dbOf(this.source);
  }

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
    await this.applies.createIndex({ state: 1, storedAt: 1 });
    await this.events.createIndex({ site: 1, name: 1, occurredAt: -1 });
    await this.buckets.createIndex({ site: 1, g: 1, dim: 1, t: 1 });
    await this.sessions.createIndex({ site: 1, first: 1 });
    // The filtered read path: events of a session, and event-scoped filters over a range.
    await this.events.createIndex({ site: 1, sessionId: 1 });
    await this.events.createIndex({ site: 1, path: 1, occurredAt: 1 });
    await this.sessions.createIndex({ site: 1, day: 1 });
  }

  /**
   * Inserts unordered; returns the ids that were new (duplicates by id are expected and skipped) and
   * the ids the store refused for their content. A refusal never costs the other events: a command
   * refused as a whole is halved until each refused event is alone (see `refusalOf`); any other error
   * is thrown, and the batch is retried whole.
   */
  async insertEvents(docs: StoredEventDoc[]): Promise<InsertOutcome> {
    const outcome: InsertOutcome = { inserted: new Set(), refused: new Map() };
    await eachChunk(docs, (chunk) => this.insertChunk(chunk, outcome, false));
    return outcome;
  }

  /** `split`: part of a command refused as a whole, of which some events may have landed already. */
  private async insertChunk(chunk: StoredEventDoc[], outcome: InsertOutcome, split: boolean) {
    try {
      await this.events.insertMany(chunk, { ordered: false });
      for (const d of chunk) outcome.inserted.add(d._id);
      return;
    } catch (error) {
      const answers = writeErrorsOf(error);
      if (answers.length) {
        const refusals = new Map<number, string>();
        for (const answer of answers) {
          if (answer.code === DUPLICATE_KEY) continue;
          const reason = refusalOf(answer);
          if (!reason) throw error;
          refusals.set(answer.index, reason);
        }
        const failed = new Set(answers.map((a) => a.index));
        const duplicates: string[] = [];
        chunk.forEach((d, index) => {
          const refusal = refusals.get(index);
          if (refusal) outcome.refused.set(d._id, refusal);
          else if (failed.has(index)) duplicates.push(d._id);
          else outcome.inserted.add(d._id);
        });
        if (split && duplicates.length) await this.addLandedEarlier(duplicates, chunk[0]!.applyId, outcome);
        return;
      }
      const reason = refusalOf(error);
      if (!reason) throw error;
      if (chunk.length === 1) {
        outcome.refused.set(chunk[0]!._id, reason);
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      await this.insertChunk(chunk.slice(0, half), outcome, true);
      await this.insertChunk(chunk.slice(half), outcome, true);
    }
  }

  /** A command refused as a whole may have stored some of its events first (FerretDB does): they are this apply's. */
  private async addLandedEarlier(ids: string[], applyId: string, outcome: InsertOutcome) {
    const ours = await this.events.find({ _id: { $in: ids }, applyId }, { projection: { _id: 1 } }).toArray();
    for (const doc of ours) outcome.inserted.add(doc._id);
  }

  /** Records an apply before its events are written, so that any worker can finish it after a crash. */
  async beginApply(applyId: string, storedAt: Date) {
    await this.applies.updateOne(
      { _id: applyId },
      { $setOnInsert: { storedAt, state: 'inserting' } },
      { upsert: true },
    );
  }

  /** Moves an apply from `from` to `to` if it is still in `from`; returns its state afterwards. */
  private async moveApply(applyId: string, from: ApplyState, to: ApplyState, set: Partial<ApplyDoc> = {}) {
    const moved = await this.applies.updateOne(
      { _id: applyId, state: from },
      { $set: { state: to, ...set } },
    );
    if (moved.modifiedCount === 1) return to;
    return (await this.applies.findOne({ _id: applyId }, { projection: { state: 1 } }))?.state;
  }

  /** Its events are all stored: the owner may apply them, unless a sweep abandoned it first. */
  claimApply(applyId: string) {
    return this.moveApply(applyId, 'inserting', 'applying');
  }

  /** Gives up an apply whose inserts may be incomplete; its events are then moved to a new apply. */
  abandonApply(applyId: string, at = new Date()) {
    return this.moveApply(applyId, 'inserting', 'abandoned', { abandonedAt: at });
  }

  /** One write per batch: marking each event instead cost FerretDB over a second per thousand events. */
  async finishApply(applyId: string) {
    await this.applies.updateOne({ _id: applyId }, { $set: { state: 'done' } });
  }

  /** Applies begun before `olderThan` and still inserting or applying: their worker died or is stuck. */
  async staleApplies(olderThan: Date, limit = 100): Promise<Pick<ApplyDoc, '_id' | 'state'>[]> {
    return this.applies
      .find(
        { state: { $in: ['inserting', 'applying'] }, storedAt: { $lt: olderThan } },
        { projection: { _id: 1, state: 1 }, limit },
      )
      .toArray();
  }

  /** Applies abandoned since `since`: a late insert of theirs may still land and must be moved on. */
  async abandonedApplyIds(since: Date, limit = 100): Promise<string[]> {
    const docs = await this.applies
      .find({ state: 'abandoned', abandonedAt: { $gte: since } }, { projection: { _id: 1 }, limit })
      .toArray();
    return docs.map((d) => d._id);
  }

  async hasEventsOfApply(applyId: string) {
    return (await this.events.findOne({ applyId }, { projection: { _id: 1 } })) !== null;
  }

  /** Moves the events of one apply to another; returns how many moved. */
  async moveEvents(fromApplyId: string, toApplyId: string) {
    const result = await this.events.updateMany({ applyId: fromApplyId }, { $set: { applyId: toApplyId } });
    return result.modifiedCount;
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

  /**
   * One write per session. $min/$max are idempotent: replaying a session's events never changes it
   * twice; the entry (with the session's dimensions) moves only to an earlier pageview and the exit
   * only to a later one, so late arrivals converge too.
   */
  async touchSessions(touches: Map<string, SessionTouch>) {
    if (!touches.size) return;
    await this.bulkWriteInChunks(
      this.sessions,
      [...touches].map(([id, s]) => ({
        updateOne: {
          filter: { _id: id },
          update: {
            $set: { site: s.site },
            // Field order matters: embedded documents compare field by field, time first.
            $min: { first: s.first, visitorId: s.visitorId, entry: s.entry },
            $max: { last: s.last, exit: s.exit },
          },
          upsert: true,
        },
      })),
    );
    // Only a write whose entry is the session's entry now copies its dimensions to the top level: a
    // batch with a later pageview matches nothing, so the copy converges with the entry.
    await this.bulkWriteInChunks(
      this.sessions,
      [...touches].map(([id, s]) => ({
        updateOne: {
          filter: { _id: id, 'entry.at': s.entry.at, 'entry.path': s.entry.path },
          update: { $set: dimensionsOf(s.entry) },
        },
      })),
    );
  }

  /**
   * Adds a batch's events to their sessions' counters exactly once, guarded like the buckets
   * (`applied.<worker> < seq`), after `touchSessions` created the sessions of its pageviews. A session
   * named only by server events is created here without times,
   * so reports never list it, and its orders count once its pageviews arrive.
   */
  async countSessions(worker: string, seq: number, facts: SessionFacts) {
    const { counts, touches } = facts;
    if (!counts.size) return;
    await this.bulkWriteInChunks(
      this.sessions,
      [...counts]
        .filter(([id]) => !touches.has(id))
        .map(([id, c]) => ({
          updateOne: { filter: { _id: id }, update: { $set: { site: c.site } }, upsert: true },
        })),
    );
    const appliedField = `applied.${worker}`;
    await this.bulkWriteInChunks(
      this.sessions,
      [...counts].map(([id, c]) => ({
        updateOne: {
          filter: {
            _id: id,
            $or: [{ [appliedField]: { $exists: false } }, { [appliedField]: { $lt: seq } }],
          },
          update: {
            $inc: Object.fromEntries(Object.entries(c.inc).map(([k, v]) => [`n.${k}`, v])),
            $set: { [appliedField]: seq },
          } as UpdateFilter<SessionDoc>,
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
    await this.createMissingBuckets(increments);
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

  /**
   * The guarded $inc below cannot upsert (an existing bucket that already took the apply would look
   * missing), so buckets are created first: found by id, and the missing ones inserted. Inserts cost
   * FerretDB a tenth of an update, and in steady traffic most buckets exist already.
   */
  private async createMissingBuckets(increments: BucketIncrement[]) {
    const existing = new Set<string>();
    for (const ids of chunks(
      increments.map((b) => b.id),
      LOOKUP_CHUNK,
    )) {
      const found = await this.buckets.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
      for (const doc of found) existing.add(doc._id);
    }
    const missing = increments
      .filter((b) => !existing.has(b.id))
      .map((b): BucketDoc => ({ _id: b.id, site: b.site, g: b.g, t: b.t, dim: b.dim, key: b.key }));
    await eachChunk(missing, async (chunk) => {
      try {
        await this.buckets.insertMany(chunk, { ordered: false });
      } catch (error) {
        // Another worker created some of them meanwhile.
        if (!duplicateOnly(error)) throw error;
      }
    });
  }

  private async bulkWriteInChunks<T extends Document>(
    collection: Collection<T>,
    operations: AnyBulkWriteOperation<T>[],
  ) {
    await eachChunk(operations, (chunk) => collection.bulkWrite(chunk, { ordered: false }));
  }
}
