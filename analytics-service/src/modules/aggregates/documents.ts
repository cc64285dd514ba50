// The shapes of the aggregates' collections (events, applies, buckets, sessions): reports and the live
// hub read them, only repository.ts writes them.

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
  /** ISO 3166-1 alpha-2 from the client address at ingest; absent when unknown (never the address). */
  country?: string;
  utm: Record<string, string | undefined>;
  device: string;
  browser: string;
  os: string;
  properties: Record<string, unknown>;
  applyId: string;
}

/**
 * One stored batch. `inserting` while its events are written; `applying` once they all are (the event
 * set is complete from then on); `done` once every bucket took it. An apply whose inserts were cut
 * short is `abandoned` instead: its events are moved to a new apply, including any insert that
 * lands late, so that no event is ever counted by an apply that read an incomplete set.
 */
export type ApplyState = 'inserting' | 'applying' | 'done' | 'abandoned';

export interface ApplyDoc {
  _id: string;
  storedAt: Date;
  state: ApplyState;
  abandonedAt?: Date;
}

export type Granule = 'm' | 'h' | 'd';
export type Counters = Record<string, number>;

/**
 * A stored bucket document (layout.ts): `g: 'd'` holds a day's counters at its top and its hours under
 * `hours.hHH`; `g: 'hm'` holds one hour's minutes under `minutes.mMM`. `applied.<worker>` is the last
 * apply of each worker it took. Installs from before this layout also hold `g: 'h'`/`'m'` documents
 * until `tools/migrate-buckets.ts` folds them in.
 */
export interface BucketDoc {
  _id: string;
  site: string;
  g: 'd' | 'hm' | 'h' | 'm';
  t: Date;
  dim: string;
  key: string;
  name?: string;
  hours?: Record<string, Counters>;
  minutes?: Record<string, Counters>;
  applied?: Record<string, number>;
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

/** The earliest pageview of a session: `$min` compares it by time first, then path, so replays converge. */
export interface SessionEntry {
  at: Date;
  path: string;
}

export interface SessionDoc {
  _id: string;
  site: string;
  first: Date;
  last: Date;
  entry?: SessionEntry;
}

export interface SessionTouch {
  site: string;
  first: Date;
  last: Date;
  entryPath?: string;
}
