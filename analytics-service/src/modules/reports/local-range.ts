import type { Counters, Granule } from '../aggregates/documents';
import { startOfDayIn } from '../shop/settings';

const MINUTE = 60_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A run of whole buckets of one granule: [from, to) is a multiple of the granule, on its boundaries. */
export interface Piece {
  g: Granule;
  from: Date;
  to: Date;
}

const ceil = (t: number, size: number) => Math.ceil(t / size) * size;
const floor = (t: number, size: number) => Math.floor(t / size) * size;

/**
 * The buckets of a local range: [from, to) tiled by the coarsest stored buckets that fit it, so that a
 * range's ends anywhere (a local midnight at UTC+5:30 or +5:45, a range asked to the minute) are exact.
 * Whole UTC days in the middle, whole hours up to them, minutes for the part hours at the ends (only the
 * site totals have minute buckets). `finest: 'h'` widens the part hours to the whole hours they touch
 * instead: for what minute buckets do not carry (unique visitors, every breakdown).
 */
export function piecesOf(from: Date, to: Date, finest: 'm' | 'h' = 'm'): Piece[] {
  // A bucket counts when its start is inside the range (as `bucketsIn` reads them): a range asked to the
  // second starts at its next minute and ends after the minute it ends in, so every piece is whole
  // buckets (a piece starting at 00:00:20 found none of its minute buckets, keyed 00:01, 00:02...).
  let start = ceil(from.getTime(), MINUTE);
  let end = ceil(to.getTime(), MINUTE);
  if (finest === 'h') {
    start = floor(start, HOUR);
    end = ceil(end, HOUR);
  }
  if (!(start < end)) return [];
  const pieces: Piece[] = [];
  const push = (g: Granule, a: number, b: number) => {
    if (a < b) pieces.push({ g, from: new Date(a), to: new Date(b) });
  };
  const firstHour = ceil(start, HOUR);
  const lastHour = floor(end, HOUR);
  if (firstHour >= lastHour) {
    // Inside one hour, or across one hour boundary without a whole hour between.
    push('m', start, Math.min(end, firstHour));
    if (firstHour < end) push('m', firstHour, end);
    return pieces;
  }
  push('m', start, firstHour);
  const firstDay = ceil(firstHour, DAY);
  const lastDay = floor(lastHour, DAY);
  if (firstDay < lastDay) {
    push('h', firstHour, firstDay);
    push('d', firstDay, lastDay);
    push('h', lastDay, lastHour);
  } else push('h', firstHour, lastHour);
  push('m', lastHour, end);
  return pieces;
}

const SIZE: Record<Granule, number> = { m: MINUTE, h: HOUR, d: DAY };

/** The start of every bucket of a piece. */
export function* bucketStartsOf(piece: Piece): Generator<Date> {
  for (let t = piece.from.getTime(); t < piece.to.getTime(); t += SIZE[piece.g]) yield new Date(t);
}

/** The stored counters of one bucket (granule, start) per key, or undefined where nothing was counted. */
export type BucketLookup = (g: Granule, t: Date) => ReadonlyMap<string, Counters> | undefined;

/** Adds the named counters of every bucket of the pieces into `rows`, per key. */
export function sumPieces<F extends string>(
  lookup: BucketLookup,
  pieces: Piece[],
  fields: readonly F[],
  rows: Map<string, Record<F, number>> = new Map(),
): Map<string, Record<F, number>> {
  for (const piece of pieces) {
    for (const t of bucketStartsOf(piece)) {
      for (const [key, counters] of lookup(piece.g, t) ?? []) {
        let row = rows.get(key);
        if (!row) {
          row = Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number>;
          rows.set(key, row);
        }
        for (const field of fields) row[field] += Number(counters[field] ?? 0);
      }
    }
  }
  return rows;
}

/**
 * Where a range's unique visitors are read: the day buckets of a range of whole UTC days, else the hour
 * buckets of every hour it touches (minute buckets carry no unique visitors). Each bucket counts a visitor
 * once, so the sum counts one visitor once per day (per hour) they came: the overview's and each daily
 * point's visitors, by the same rule.
 */
export function visitorPiecesOf(from: Date, to: Date): Piece[] {
  if (from.getTime() % DAY === 0 && to.getTime() % DAY === 0) return from < to ? [{ g: 'd', from, to }] : [];
  const start = floor(from.getTime(), HOUR);
  const end = ceil(to.getTime(), HOUR);
  return start < end ? [{ g: 'h', from: new Date(start), to: new Date(end) }] : [];
}

/** The shop's days that meet [from, to) in `timeZone`, each cut to the range, with its local date. */
export function localDaysOf(
  from: Date,
  to: Date,
  timeZone: string,
): Array<{ from: Date; to: Date; day: string }> {
  const date = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const days: Array<{ from: Date; to: Date; day: string }> = [];
  let start = startOfDayIn(timeZone, from);
  while (start < to) {
    // 25 hours on is inside the next day whatever its length (23, 24 or 25 hours).
    const next = startOfDayIn(timeZone, new Date(start.getTime() + 25 * HOUR));
    const cut = { from: start < from ? from : start, to: next > to ? to : next };
    days.push({ ...cut, day: date.format(cut.from) });
    start = next;
  }
  return days;
}
