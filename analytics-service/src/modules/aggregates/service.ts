import { randomBytes } from 'node:crypto';
import type { EnrichedEvent } from '@shopstream/contracts';
import { incrementsOf, visitorMarkKey } from './buckets';
import type { StoredEventDoc } from './documents';
import type { AggregatesRepository } from './repository';
import { sessionFactsOf } from './session-facts';

export interface StoredEvents {
  inserted: number;
  duplicates: number;
  /** Events the store refused for their content: they can never be stored, so they are dead-lettered. */
  refused: Array<{ id: string; reason: string }>;
}

/**
 * Stores raw events and keeps the buckets exactly right under redelivery, crashes and stuck writes.
 *
 * Each stored batch is one "apply" with id `<worker>:<seq>`, recorded before its events are inserted
 * (state `inserting`) and claimed once they all are (`applying`). Applying it means: claim visitor marks
 * (first claimer owns them forever), widen the sessions ($min/$max), then $inc every bucket guarded by
 * `applied.<worker> < seq`, and finally mark it `done`. Every step of an apply with a complete event set
 * can be replayed with the same result, so an apply interrupted while applying is simply run again, by
 * its own worker or by any worker's recovery sweep.
 *
 * An apply interrupted while inserting is different: an insert of it may still be under way, or land
 * late, so no one may apply it. It is `abandoned` instead (by its worker after a failed write, or by a
 * sweep when it is old), and the sweep moves its events to a fresh apply of its own, again whenever a
 * late one shows up. The claim and the abandonment are one conditional write each, so exactly one wins.
 */
export class AggregationService {
  readonly worker = randomBytes(6).toString('hex');
  private seq = 0;
  /** This worker's last apply if a write of it failed: it is settled before the next one starts. */
  private unsettled: string | undefined;

  constructor(
    private readonly repository: AggregatesRepository,
    /** Abandoned applies are watched this long for late inserts (a write is never executed later). */
    private readonly lateInsertWindowMs = 3600_000,
    /**
     * Told each apply's events once its sessions and buckets are written, before it is marked done (so a
     * replayed apply tells again): the day digests mark the hours it changed.
     */
    private readonly onApplied: (applyId: string, events: StoredEventDoc[]) => Promise<void> = async () => {},
  ) {}

  private nextApplyId() {
    return `${this.worker}:${++this.seq}`;
  }

  /**
   * Stores a batch; resolves when its events are stored and every apply this worker started is settled.
   * Events the store refuses for their content are left out and listed in `refused` with its reason;
   * the others are stored and counted all the same.
   */
  async storeEvents(events: EnrichedEvent[]): Promise<StoredEvents> {
    if (this.unsettled) {
      await this.settle(this.unsettled);
      this.unsettled = undefined;
    }
    const applyId = this.nextApplyId();
    const storedAt = new Date();
    const docs = dedupe(events.map((event) => toDoc(event, applyId, storedAt)));
    this.unsettled = applyId;
    await this.repository.beginApply(applyId, storedAt);
    // Every insert has answered, so the apply's event set is complete: refused events never landed.
    const { inserted: fresh, refused } = await this.repository.insertEvents(docs);
    // Abandoned meanwhile (this worker looked dead to a sweep): the sweep moves these events on and counts them.
    if ((await this.repository.claimApply(applyId)) === 'applying') {
      await this.apply(
        applyId,
        docs.filter((doc) => fresh.has(doc._id)),
      );
    }
    this.unsettled = undefined;
    return {
      inserted: fresh.size,
      duplicates: events.length - fresh.size - refused.size,
      refused: [...refused].map(([id, reason]) => ({ id, reason })),
    };
  }

  /** After a failed write: an apply still inserting is abandoned, one already claimed is applied again. */
  private async settle(applyId: string) {
    const state = await this.repository.abandonApply(applyId);
    if (state === 'applying') await this.apply(applyId, await this.repository.eventsOfApply(applyId));
  }

  /**
   * The recovery sweep: abandons applies stuck inserting, finishes applies stuck applying (both older
   * than `olderThanMs`), and moves the events of abandoned applies to a fresh apply and counts them.
   * Returns how many applies it acted on.
   */
  async recoverPending(olderThanMs: number): Promise<number> {
    let acted = 0;
    for (const stale of await this.repository.staleApplies(new Date(Date.now() - olderThanMs))) {
      if (stale.state === 'inserting') await this.repository.abandonApply(stale._id);
      else await this.apply(stale._id, await this.repository.eventsOfApply(stale._id));
      acted++;
    }
    const since = new Date(Date.now() - this.lateInsertWindowMs);
    for (const abandoned of await this.repository.abandonedApplyIds(since)) {
      if (!(await this.repository.hasEventsOfApply(abandoned))) continue;
      const applyId = this.nextApplyId();
      await this.repository.beginApply(applyId, new Date());
      await this.repository.moveEvents(abandoned, applyId);
      if ((await this.repository.claimApply(applyId)) === 'applying') {
        await this.apply(applyId, await this.repository.eventsOfApply(applyId));
      }
      acted++;
    }
    return acted;
  }

  private async apply(applyId: string, events: StoredEventDoc[]) {
    const [worker, seqText] = applyId.split(':');
    const seq = Number(seqText);
    const claims = new Map<string, string>();
    for (const event of events) {
      if (event.trusted) continue;
      for (const g of ['h', 'd'] as const) {
        const key = visitorMarkKey(event, g);
        if (!claims.has(key)) claims.set(key, event._id);
      }
    }
    const sessions = sessionFactsOf(events);
    const owners = await this.repository.claimVisitorMarks(claims);
    await this.repository.touchSessions(sessions.touches);
    await this.repository.countSessions(worker ?? 'unknown', seq, sessions);
    await this.repository.applyIncrements(worker ?? 'unknown', seq, incrementsOf(events, owners));
    await this.onApplied(applyId, events);
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
    day: occurredAt.slice(0, 10),
  };
}
