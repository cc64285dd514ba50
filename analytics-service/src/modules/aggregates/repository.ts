import type {
  AnyBulkWriteOperation,
  Collection,
  Document,
  MongoBulkWriteError,
  OptionalUnlessRequiredId,
  UpdateFilter,
} from 'mongodb';
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
import { type DocumentWrite, documentOf, documentWritesOf } from './layout';
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

/**
 * Inserts go out in commands of up to this many documents: FerretDB 1.24 runs an insert command's
 * documents in one PostgreSQL transaction, one after the other (not in parallel like updates), and
 * spent about 105 µs of CPU per document in commands of 64 or 250 against 230–960 µs in commands of 16
 * (measured here, bench/drain).
 */
export const INSERT_CHUNK = 250;

/**
 * What this process knows is stored, so that it need not ask: FerretDB 1.24 answers `_id: {$in: …}`
 * (and `$or`, ranges) by reading the whole collection (no pushdown: 300 ids took 19 s in a collection of
 * 30,000 here), and only plain equality is pushed down. Bucket documents, sessions and visitor marks are
 * never deleted, so what was once stored stays true. Bounded: the oldest entries are forgotten first.
 */
class Known<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(id: string) {
    return this.entries.get(id);
  }
  set(id: string, value: V) {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Entries per cache: about 100 bytes each, so a few tens of MB at most. */
const KNOWN_LIMIT = 100_000;

function chunks<T>(items: T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `write` on every chunk, WRITE_PARALLELISM at a time; rejects with the first error once all settled. */
async function eachChunk<T>(items: T[], write: (chunk: T[]) => Promise<unknown>, size = WRITE_CHUNK) {
  const queue = chunks(items, size);
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
  private readonly knownBuckets = new Known<true>(KNOWN_LIMIT);
  private readonly knownSessions = new Known<true>(KNOWN_LIMIT);
  private readonly markOwners = new Known<string>(KNOWN_LIMIT);

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
    await eachChunk(docs, (chunk) => this.insertChunk(chunk, outcome, false), INSERT_CHUNK);
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
    // By apply id (pushed down and indexed), not by `$in` (a scan of every event under FerretDB).
    const wanted = new Set(ids);
    const ours = await this.events.find({ applyId }, { projection: { _id: 1 } }).toArray();
    for (const doc of ours) if (wanted.has(doc._id)) outcome.inserted.add(doc._id);
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
    // One equality per state: FerretDB pushes equality down, not `$in`.
    const stale: Pick<ApplyDoc, '_id' | 'state'>[] = [];
    for (const state of ['inserting', 'applying'] as const) {
      stale.push(
        ...(await this.applies
          .find({ state, storedAt: { $lt: olderThan } }, { projection: { _id: 1, state: 1 }, limit })
          .toArray()),
      );
    }
    return stale.slice(0, limit);
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
    const owners = new Map<string, string>();
    const unknown: Array<{ _id: string; owner: string }> = [];
    for (const [key, owner] of claims) {
      const known = this.markOwners.get(key);
      if (known) owners.set(key, known);
      else unknown.push({ _id: key, owner });
    }
    const inserted = await this.insertNew(this.visitorMarks, unknown);
    for (const mark of unknown) {
      // Marks this call inserted are its own; another's owner is read by id (equality is pushed down).
      const owner = inserted.has(mark._id)
        ? mark.owner
        : (await this.visitorMarks.findOne({ _id: mark._id }))?.owner;
      if (!owner) throw new Error(`visitor mark ${mark._id} is neither inserted nor stored`);
      owners.set(mark._id, owner);
      this.markOwners.set(mark._id, owner);
    }
    return owners;
  }

  /**
   * One write per session. $min/$max are idempotent: replaying a session's events never changes it
   * twice; the entry (with the session's dimensions) moves only to an earlier pageview and the exit
   * only to a later one, so late arrivals converge too. A session not stored yet is inserted as that
   * update would make it, dimensions included (an upsert cost FerretDB 1.24 about 18 times an insert's
   * CPU here); one another worker inserted meanwhile is updated instead.
   */
  async touchSessions(touches: Map<string, SessionTouch>) {
    if (!touches.size) return;
    const fresh = [...touches]
      .filter(([id]) => !this.knownSessions.get(id))
      .map(
        ([id, s]): SessionDoc => ({
          _id: id,
          site: s.site,
          first: s.first,
          last: s.last,
          visitorId: s.visitorId,
          entry: s.entry,
          exit: s.exit,
          ...dimensionsOf(s.entry),
        }),
      );
    const inserted = await this.insertNew(this.sessions, fresh);
    for (const doc of fresh) this.knownSessions.set(doc._id, true);
    const updates = [...touches].filter(([id]) => !inserted.has(id));
    await this.bulkWriteInChunks(
      this.sessions,
      updates.map(([id, s]) => ({
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
      updates.map(([id, s]) => ({
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

  /** Inserts documents, skipping those another writer inserted first; returns the ids this call inserted. */
  private async insertNew<T extends { _id: string }>(collection: Collection<T>, docs: T[]) {
    const inserted = new Set<string>();
    await eachChunk(
      docs,
      async (chunk) => {
        try {
          await collection.insertMany(chunk as OptionalUnlessRequiredId<T>[], { ordered: false });
          for (const doc of chunk) inserted.add(doc._id);
        } catch (error) {
          if (!duplicateOnly(error)) throw error;
          const duplicates = new Set(writeErrorsOf(error).map((answer) => answer.index));
          chunk.forEach((doc, index) => {
            if (!duplicates.has(index)) inserted.add(doc._id);
          });
        }
      },
      INSERT_CHUNK,
    );
    return inserted;
  }

  /**
   * Applies one apply's increments exactly once per document: they are summed per document first
   * (layout.ts: a day's counters and hours in one, an hour's minutes in another), so an apply is one
   * write per document it touches. Each document remembers, per worker, the sequence number of the last
   * apply it took, and the `$inc` only matches when this one is newer; a document that does not exist
   * yet is inserted with this apply's sums and its mark in one write.
   */
  async applyIncrements(worker: string, seq: number, increments: BucketIncrement[]) {
    const writes = documentWritesOf(increments);
    if (!writes.length) return;
    const created = await this.insertNewDocuments(worker, seq, writes, false);
    const updated = writes.filter((w) => !created.has(w.id));
    const matched = await this.guardedIncrements(worker, seq, updated);
    if (matched === updated.length) return;
    // Fewer matched: a replay (documents that took this apply already), or documents this process
    // believed stored are gone (a database restored or emptied under it). Each is then inserted if
    // missing, and the guarded updates run again: where they matched, their guard now refuses them.
    const again = await this.insertNewDocuments(worker, seq, updated, true);
    await this.guardedIncrements(
      worker,
      seq,
      updated.filter((w) => !again.has(w.id)),
    );
  }

  /** One `$inc` per document, refused by a document that took this apply or a later one of the worker. */
  private async guardedIncrements(worker: string, seq: number, writes: DocumentWrite[]) {
    const appliedField = `applied.${worker}`;
    let matched = 0;
    await eachChunk(
      writes.map(
        (w): AnyBulkWriteOperation<BucketDoc> => ({
          updateOne: {
            filter: {
              _id: w.id,
              $or: [{ [appliedField]: { $exists: false } }, { [appliedField]: { $lt: seq } }],
            },
            update: {
              $inc: w.inc,
              $set: w.name ? { [appliedField]: seq, name: w.name } : { [appliedField]: seq },
            } as UpdateFilter<BucketDoc>,
          },
        }),
      ),
      async (chunk) => {
        matched += (await this.buckets.bulkWrite(chunk, { ordered: false })).matchedCount;
      },
    );
    return matched;
  }

  /**
   * The guarded $inc cannot upsert (an existing document that already took the apply would look
   * missing), so a document not known to be stored is inserted first, already holding this apply's sums
   * and mark (an insert costs FerretDB a fraction of an update, and no lookup is needed). Returns the
   * ids this call inserted. A duplicate (stored by an earlier apply, another worker, or this apply's own
   * insert before a failure) gets the guarded update, which the last of these refuses. `all`: also
   * the documents this process believes stored.
   */
  private async insertNewDocuments(worker: string, seq: number, writes: DocumentWrite[], all: boolean) {
    const unknown = all ? writes : writes.filter((w) => !this.knownBuckets.get(w.id));
    const created = await this.insertNew(
      this.buckets,
      unknown.map((w) => documentOf(w, { [worker]: seq })),
    );
    for (const w of unknown) this.knownBuckets.set(w.id, true);
    return created;
  }

  private async bulkWriteInChunks<T extends Document>(
    collection: Collection<T>,
    operations: AnyBulkWriteOperation<T>[],
  ) {
    await eachChunk(operations, (chunk) => collection.bulkWrite(chunk, { ordered: false }));
  }
}
