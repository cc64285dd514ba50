import { randomBytes } from 'node:crypto';
import type { EnrichedEvent } from '@shopstream/contracts';
import { incrementsOf, visitorMarkKey } from './buckets';
import type { AggregatesRepository, SessionTouch, StoredEventDoc } from './repository';

/**
 * Stores raw events and keeps the buckets exactly right under redelivery and crashes.
 *
 * Each stored batch is one "apply" with id `<worker>:<seq>`: recorded as begun in `applies`, then written
 * on its new raw events. Applying it means: claim visitor marks (first claimer owns them forever), widen the
 * sessions ($min/$max), then $inc every bucket guarded by `applied.<worker> < seq`, and finally mark the
 * apply done. Every step can be replayed with the same result, so an apply interrupted anywhere
 * is simply run again: by its own worker, or by any worker's recovery sweep once it is old enough.
 */
export class AggregationService {
  readonly worker = randomBytes(6).toString('hex');
  private seq = 0;
  /** An apply of this worker that failed part-way; it must finish before the next one starts. */
  private unfinished: string | undefined;

  constructor(private readonly repository: AggregatesRepository) {}

  /** Stores a batch; resolves when its events are stored and every apply this worker started is done. */
  async storeEvents(events: EnrichedEvent[]): Promise<{ inserted: number; duplicates: number }> {
    if (this.unfinished) {
      await this.apply(this.unfinished, await this.repository.eventsOfApply(this.unfinished));
      this.unfinished = undefined;
    }
    const applyId = `${this.worker}:${++this.seq}`;
    const storedAt = new Date();
    const docs = dedupe(events.map((event) => toDoc(event, applyId, storedAt)));
    // Set before the insert: a half-done insert leaves events of this apply that must be applied first.
    this.unfinished = applyId;
    await this.repository.beginApply(applyId, storedAt);
    const fresh = await this.repository.insertEvents(docs);
    const mine = docs.filter((doc) => fresh.has(doc._id));
    await this.apply(applyId, mine);
    this.unfinished = undefined;
    return { inserted: fresh.size, duplicates: events.length - fresh.size };
  }

  /** Finishes applies that were left half done (a worker crashed or lost MongoDB) and are old enough. */
  async recoverPending(olderThanMs: number): Promise<number> {
    const applyIds = await this.repository.pendingApplyIds(new Date(Date.now() - olderThanMs));
    for (const applyId of applyIds) {
      await this.apply(applyId, await this.repository.eventsOfApply(applyId));
    }
    return applyIds.length;
  }

  private async apply(applyId: string, events: StoredEventDoc[]) {
    const [worker, seqText] = applyId.split(':');
    const seq = Number(seqText);
    const claims = new Map<string, string>();
    const sessions = new Map<string, SessionTouch>();
    for (const event of events) {
      if (event.trusted) continue;
      for (const g of ['h', 'd'] as const) {
        const key = visitorMarkKey(event, g);
        if (!claims.has(key)) claims.set(key, event._id);
      }
      if (event.type === 'page') {
        const id = `${event.site}|${event.sessionId}`;
        const session = sessions.get(id);
        if (!session)
          sessions.set(id, {
            site: event.site,
            first: event.occurredAt,
            last: event.occurredAt,
            entryPath: event.path,
          });
        else {
          if (event.occurredAt < session.first) {
            session.first = event.occurredAt;
            session.entryPath = event.path;
          }
          if (event.occurredAt > session.last) session.last = event.occurredAt;
        }
      }
    }
    const owners = await this.repository.claimVisitorMarks(claims);
    await this.repository.touchSessions(sessions);
    await this.repository.applyIncrements(worker ?? 'unknown', seq, incrementsOf(events, owners));
    await this.repository.finishApply(applyId);
  }
}

function dedupe(docs: StoredEventDoc[]) {
  const seen = new Set<string>();
  return docs.filter((doc) => !seen.has(doc._id) && seen.add(doc._id));
}

function toDoc(event: EnrichedEvent, applyId: string, storedAt: Date): StoredEventDoc {
  const { id, occurredAt, receivedAt, ...rest } = event;
  return {
    ...rest,
    _id: id,
    occurredAt: new Date(occurredAt),
    receivedAt: new Date(receivedAt),
    storedAt,
    properties: event.properties ?? {},
    utm: event.utm ?? {},
    applyId,
  };
}
