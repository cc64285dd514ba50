import type { StoredEventDoc } from '../aggregates/documents';
import {
  type DigestSession,
  digestSessionsOf,
  packEvents,
  packSessions,
  unpackEventsInto,
  unpackSessions,
} from './digest-format';
import { type DigestDoc, type DigestRepository, weekOf } from './digest-repository';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Sessions per part: a packed part stays far below MongoDB's 16 MB document limit. */
const SESSIONS_PER_PART = 20_000;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const hourOf = (t: number) => new Date(t).toISOString().slice(0, 13);
const startOf = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** The UTC days a range touches. */
export function daysOf(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Math.floor(from.getTime() / DAY) * DAY; t < to.getTime(); t += DAY) days.push(dayOf(t));
  return days;
}

export interface DigestReadStats {
  /** Digest documents returned by MongoDB, and session and event documents read for the live days. */
  documents: number;
  digestedDays: number;
  liveDays: number;
}

export interface DigestOptions {
  /** The session timeout: a day is closed once no new event can join its sessions (plus an hour). */
  sessionTimeoutMs: number;
  /** Now, for tests. */
  now?: () => number;
}

/** Keeps the newest complete version of each day's parts. */
function newestComplete(docs: DigestDoc[]): Map<string, Map<number, DigestDoc[]>> {
  const byDay = new Map<string, Map<number, DigestDoc[]>>();
  for (const doc of docs) {
    let versions = byDay.get(doc.day);
    if (!versions) {
      versions = new Map();
      byDay.set(doc.day, versions);
    }
    versions.set(doc.version, [...(versions.get(doc.version) ?? []), doc]);
  }
  return byDay;
}

/**
 * Day digests: per site and UTC day, the day's sessions (dimensions, counters) in one packed document and
 * their events in another (split into parts past `SESSIONS_PER_PART`), so a filtered report over 30 days
 * reads a few dozen documents instead of one per session. The workers keep them right: every apply marks
 * the hours of its events (`markApplied`), and `refresh` (re)builds a closed day from `sessions` and
 * `events` when it has none or a mark in the hours it covers changed. Days not digested (the open days)
 * are built live from the same documents by the same function.
 */
export class DayDigests {
  private readonly now: () => number;

  constructor(
    private readonly repository: DigestRepository,
    private readonly options: DigestOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether no event can join the day's sessions any more (but a late one, which its mark reports). */
  closed(day: string): boolean {
    return startOf(day) + DAY + this.options.sessionTimeoutMs + HOUR <= this.now();
  }

  /** The drain's part: the hours an apply stored events of. */
  async markApplied(applyId: string, events: StoredEventDoc[]) {
    const hours = new Map<string, { site: string; hour: string }>();
    for (const e of events) {
      const hour = hourOf(e.occurredAt.getTime());
      hours.set(`${e.site}|${hour}`, { site: e.site, hour });
    }
    if (hours.size) await this.repository.mark([...hours.values()], applyId);
  }

  /**
   * A day's sessions with their events, read from `sessions` and `events`: the day's sessions by their
   * `day`, the day's events, and the events of sessions that may go on past midnight one by one.
   */
  async buildDay(site: string, day: string): Promise<{ sessions: DigestSession[]; documents: number }> {
    const docs = await this.repository.sessionsOfDay(site, day);
    const events = await this.repository.eventsOfDay(site, day);
    const next = startOf(day) + DAY;
    const seen = new Set(events.map((e) => e._id));
    let documents = docs.length + events.length;
    for (const doc of docs) {
      // Its events past midnight (and an order within the timeout after its last pageview).
      if (!doc.last || doc.last.getTime() + this.options.sessionTimeoutMs < next) continue;
      for (const e of await this.repository.eventsOfSession(site, doc._id.slice(site.length + 1))) {
        documents++;
        if (!seen.has(e._id)) {
          seen.add(e._id);
          events.push(e);
        }
      }
    }
    return { sessions: digestSessionsOf(site, docs, events), documents };
  }

  /** Writes a day's digest from built sessions (the bench writes what the workers would, this way too). */
  async store(site: string, day: string, sessions: DigestSession[], seen: Record<string, string> = {}) {
    const parts: DigestSession[][] = [];
    for (let i = 0; i < sessions.length; i += SESSIONS_PER_PART)
      parts.push(sessions.slice(i, i + SESSIONS_PER_PART));
    if (!parts.length) parts.push([]);
    let from = startOf(day);
    let to = startOf(day) + DAY;
    for (const s of sessions) {
      from = Math.min(from, s.first - this.options.sessionTimeoutMs);
      to = Math.max(to, s.last + this.options.sessionTimeoutMs + 1);
    }
    const visitors = new Map<string, number>();
    const packed = parts.map((part) => packSessions(part, startOf(day), visitors));
    return this.repository.write(site, day, packed, parts.map(packEvents), {
      seen,
      from: new Date(from),
      to: new Date(to),
    });
  }

  /**
   * The worker's part, for one site: builds each closed day that has no digest or whose covered hours
   * changed since (by their marks), and clears the marks of closed days. `backfill` also builds the
   * closed days with events but no digest (a first run on earlier data). Returns the days built.
   */
  async refresh(site: string, backfill = false): Promise<string[]> {
    const marks = await this.repository.marksOf(site);
    const weeks = new Set(marks.map((m) => weekOf(m.hour.slice(0, 10))));
    const backfillDays = backfill ? await this.repository.daysWithEvents(site) : [];
    for (const day of backfillDays) weeks.add(weekOf(day));
    // Heads of the weeks touched and the week before (a head covers the hours after its day).
    for (const week of [...weeks]) weeks.add(week - 1);
    const heads = new Map<string, DigestDoc>();
    for (const week of weeks)
      for (const head of await this.repository.headsOf(site, week)) heads.set(head.day, head);

    const todo = new Set<string>();
    for (const day of backfillDays) if (!heads.has(day) && this.closed(day)) todo.add(day);
    for (const mark of marks) {
      const at = Date.parse(`${mark.hour}:00:00.000Z`);
      const own = dayOf(at);
      if (this.closed(own) && heads.get(own)?.seen?.[mark.hour] !== mark.v) todo.add(own);
      for (const head of heads.values()) {
        if (head.day === own || !head.from || !head.to) continue;
        if (head.from.getTime() < at + HOUR && at < head.to.getTime() && head.seen?.[mark.hour] !== mark.v)
          if (this.closed(head.day)) todo.add(head.day);
      }
    }
    const built: string[] = [];
    for (const day of [...todo].sort()) {
      const { sessions } = await this.buildDay(site, day);
      const seen: Record<string, string> = {};
      const cover = { from: startOf(day), to: startOf(day) + DAY };
      for (const s of sessions) {
        cover.from = Math.min(cover.from, s.first - this.options.sessionTimeoutMs);
        cover.to = Math.max(cover.to, s.last + this.options.sessionTimeoutMs + 1);
      }
      for (const mark of marks) {
        const at = Date.parse(`${mark.hour}:00:00.000Z`);
        if (cover.from < at + HOUR && at < cover.to) seen[mark.hour] = mark.v;
      }
      await this.store(site, day, sessions, seen);
      built.push(day);
    }
    if (backfill) await this.repository.markBackfilled(site);
    // A mark is done with once its own day is closed and every digest it can change has seen it.
    for (const mark of marks)
      if (this.closed(dayOf(Date.parse(`${mark.hour}:00:00.000Z`)))) {
        await this.repository.clearMark(mark);
      }
    return built;
  }

  /**
   * The sessions that began in the UTC days of [from, to) (callers cut the exact range), from the days'
   * digests where there are, else built live; with their events when `withEvents`.
   */
  async sessions(
    site: string,
    from: Date,
    to: Date,
    withEvents: boolean,
  ): Promise<{ sessions: DigestSession[]; stats: DigestReadStats }> {
    const days = daysOf(from, to);
    const wanted = new Set(days);
    const stats: DigestReadStats = { documents: 0, digestedDays: 0, liveDays: 0 };
    const found: DigestSession[] = [];
    const digested = new Set<string>();
    for (const week of new Set(days.map(weekOf))) {
      const docs = await this.repository.partsOf(site, week, withEvents);
      stats.documents += docs.length;
      const sessionParts = newestComplete(docs.filter((d) => d.kind === 's'));
      const eventParts = withEvents ? newestComplete(docs.filter((d) => d.kind === 'e')) : undefined;
      for (const [day, versions] of sessionParts) {
        if (!wanted.has(day)) continue;
        const complete = [...versions.keys()]
          .sort((a, b) => b - a)
          .find((version) => {
            const parts = versions.get(version)!;
            const events = eventParts?.get(day)?.get(version);
            return parts.length === parts[0]!.parts && (!eventParts || events?.length === parts.length);
          });
        if (complete === undefined) continue;
        const parts = versions.get(complete)!.sort((a, b) => a.part! - b.part!);
        const events = eventParts
          ?.get(day)
          ?.get(complete)
          ?.sort((a, b) => a.part! - b.part!);
        parts.forEach((part, i) => {
          const sessions = unpackSessions(part.data!.buffer, startOf(day));
          if (events) unpackEventsInto(sessions, events[i]!.data!.buffer);
          found.push(...sessions);
        });
        digested.add(day);
      }
    }
    stats.digestedDays = digested.size;
    // A closed day without a digest has no sessions, unless its events still wait for a refresh (a mark
    // of its hours) or no refresh has backfilled the site yet: only those and the open days are read live.
    const undigested = days.filter((day) => !digested.has(day));
    const closed = undigested.filter((day) => this.closed(day));
    let empty = new Set<string>();
    if (closed.length && (await this.repository.backfilled(site))) {
      const pending = new Set((await this.repository.marksOf(site)).map((m) => m.hour.slice(0, 10)));
      empty = new Set(closed.filter((day) => !pending.has(day)));
    }
    for (const day of undigested) {
      if (empty.has(day)) continue;
      stats.liveDays++;
      if (withEvents) {
        const { sessions, documents } = await this.buildDay(site, day);
        found.push(...sessions);
        stats.documents += documents;
      } else {
        const docs = await this.repository.sessionsOfDay(site, day);
        found.push(...digestSessionsOf(site, docs));
        stats.documents += docs.length;
      }
    }
    return { sessions: found, stats };
  }
}
