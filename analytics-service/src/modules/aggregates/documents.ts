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
  /** The page URL's host; the screen class (mobile, tablet, laptop, desktop); the language subtag (en). */
  hostname?: string;
  screen?: string;
  language?: string;
  /** `<country>-<region name>` (GB-England); absent when unknown. */
  region?: string;
  utm: Record<string, string | undefined>;
  device: string;
  browser: string;
  os: string;
  properties: Record<string, unknown>;
  applyId: string;
  /** UTC day of `occurredAt` (YYYY-MM-DD): an equality FerretDB can hand to PostgreSQL, unlike a range. */
  day?: string;
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

/**
 * The earliest pageview of a session and what it carried: the session's dimensions (Plausible's
 * session-scoped filters). `$min` compares it field by field, time first, so replays and late arrivals
 * converge on the same entry. Every field is always present (`(direct)`, `(none)`), so every entry has
 * the same shape. Sessions drained before the dimensions existed have `{at, path}` only.
 */
export interface SessionEntry {
  at: Date;
  path: string;
  referrer?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  device?: string;
  browser?: string;
  os?: string;
  hostname?: string;
  screen?: string;
  language?: string;
  country?: string;
  region?: string;
}

/** The last pageview of a session, under `$max`. */
export interface SessionExit {
  at: Date;
  path: string;
}

/** What a session's events add up to, counted once per apply (guarded like the buckets). */
export const SESSION_COUNTERS = [
  'events',
  'pageviews',
  'orders',
  'revenue',
  'productViews',
  'productAdds',
  'checkouts',
] as const;
export type SessionCounter = (typeof SESSION_COUNTERS)[number];

/**
 * The entry's dimensions again as top-level strings, with the UTC day of the session's first pageview:
 * FerretDB 1.24 hands only top-level equality conditions to PostgreSQL (a range or a dotted field is
 * evaluated in its own process after reading every document of the site), so these are what filtered
 * reports match on. Set only by a write whose entry is the session's current one, so they converge with it.
 */
export interface SessionDimensions {
  day: string;
  referrer: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  device: string;
  browser: string;
  os: string;
  entry_page: string;
  /** `(none)` without a page URL; `Unknown` without a screen or a language; `(unknown)` without a country. */
  hostname: string;
  screen: string;
  language: string;
  country: string;
  region: string;
}

export interface SessionDoc extends Partial<SessionDimensions> {
  _id: string;
  site: string;
  /** Absent for a session of server events only (no page or screen view): such sessions are never reported. */
  first?: Date;
  last?: Date;
  visitorId?: string;
  entry?: SessionEntry;
  exit?: SessionExit;
  n?: Partial<Record<SessionCounter, number>>;
  applied?: Record<string, number>;
}

export interface SessionTouch {
  site: string;
  first: Date;
  last: Date;
  visitorId: string;
  entry: SessionEntry;
  exit: SessionExit;
}
