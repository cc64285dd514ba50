import { type DbSource, dbOf } from '../../mongo';
import { bucketStart } from '../aggregates/buckets';
import type { BucketDoc, Counters, Granule, SessionDoc } from '../aggregates/documents';
import { slotsOf } from '../aggregates/layout';
import { type BucketLookup, type Piece, sumPieces } from './local-range';

export const TOTAL_COUNTERS = [
  'events',
  'pageviews',
  'screens',
  'visitors',
  'orders',
  'revenue',
  'refunds',
  'refunded',
  'cancellations',
  'cancelled',
  'productViews',
  'productAdds',
  'cartViews',
  'checkouts',
] as const;
/** Part hours read at once. */
const PART_HOUR_READS = 16;

export type TotalCounter = (typeof TOTAL_COUNTERS)[number];
export type Totals = Record<TotalCounter, number>;

/** Reads of the report buckets (never raw events), and of the compact sessions collection. */
export class ReportsRepository {
  constructor(private readonly source: DbSource) {}

  private get db() {
    return dbOf(this.source);
  }

  private get buckets() {
    return this.db.collection<BucketDoc>('buckets');
  }

  /**
   * The buckets of granule `g` in [from, to) of one dimension, each with its key and counters, read from
   * their documents (aggregates/layout.ts: day documents with their hours nested, hour documents with
   * their minutes) and cut to the range here. Summing in the service keeps counters generic: any
   * counter a document holds is read, whatever added it.
   */
  private async bucketsIn(site: string, g: Granule, dim: string, from: Date, to: Date) {
    const stored = g === 'm' ? 'hm' : 'd';
    // A range that starts inside a day (an hour) still reads that day's (hour's) document.
    const docFrom = g === 'd' ? from : bucketStart(from, g === 'h' ? 'd' : 'h');
    const projection = g === 'd' ? { hours: 0, minutes: 0, applied: 0 } : { applied: 0 };
    const docs = await this.buckets
      .find({ site, g: stored, dim, t: { $gte: docFrom, $lt: to } }, { projection })
      .toArray();
    const out: Array<{ t: Date; key: string; counters: Counters }> = [];
    for (const doc of docs) {
      for (const slot of slotsOf(doc, g)) {
        if (slot.t >= from && slot.t < to) out.push({ t: slot.t, key: doc.key, counters: slot.counters });
      }
    }
    return out;
  }

  /**
   * Every bucket of the pieces of a local range (local-range.ts), of one dimension: one read of the day
   * documents their days and hours are in (their hours left out when no piece asks for hours), and the
   * minutes document of each part hour (only the site totals have minutes). Each document is read once
   * however many pieces share it.
   */
  async bucketsOfPieces(site: string, dim: string, pieces: Piece[]): Promise<BucketLookup> {
    const slots = new Map<string, Map<string, Counters>>();
    const put = (g: Granule, t: Date, key: string, counters: Counters) => {
      const at = `${g}${t.getTime()}`;
      let byKey = slots.get(at);
      if (!byKey) {
        byKey = new Map();
        slots.set(at, byKey);
      }
      byKey.set(key, counters);
    };
    const coarse = pieces.filter((p) => p.g !== 'm');
    if (coarse.length) {
      const hours = coarse.some((p) => p.g === 'h');
      const from = Math.min(...coarse.map((p) => bucketStart(p.from, 'd').getTime()));
      const to = Math.max(...coarse.map((p) => p.to.getTime()));
      const docs = await this.buckets
        .find(
          { site, g: 'd', dim, t: { $gte: new Date(from), $lt: new Date(to) } },
          { projection: hours ? { minutes: 0, applied: 0 } : { hours: 0, minutes: 0, applied: 0 } },
        )
        .toArray();
      for (const doc of docs) {
        for (const g of hours ? (['d', 'h'] as const) : (['d'] as const)) {
          for (const slot of slotsOf(doc, g)) put(g, slot.t, doc.key, slot.counters);
        }
      }
    }
    const partHours = [
      ...new Set(pieces.filter((p) => p.g === 'm').map((p) => bucketStart(p.from, 'h').getTime())),
    ];
    if (partHours.length && dim !== 'total') throw new Error(`no minute buckets for ${dim}`);
    // One equality per hour: FerretDB 1.24 hands it to PostgreSQL's index, where `_id: {$in}` and a range
    // of `t` are filtered in its own process (measured: 31 part hours 2.7 s by equality, 48 s by `$in`).
    for (let i = 0; i < partHours.length; i += PART_HOUR_READS) {
      const docs = await Promise.all(
        partHours
          .slice(i, i + PART_HOUR_READS)
          .map((t) =>
            this.buckets.findOne(
              { site, g: 'hm', dim, key: '', t: new Date(t) },
              { projection: { applied: 0 } },
            ),
          ),
      );
      for (const doc of docs) {
        if (doc) for (const slot of slotsOf(doc, 'm')) put('m', slot.t, doc.key, slot.counters);
      }
    }
    return (g, t) => slots.get(`${g}${t.getTime()}`);
  }

  /** Sums the named counters per key over the range. */
  private async sumsByKey<F extends string>(
    site: string,
    g: Granule,
    dim: string,
    from: Date,
    to: Date,
    fields: readonly F[],
  ) {
    const rows = new Map<string, Record<F, number>>();
    for (const bucket of await this.bucketsIn(site, g, dim, from, to)) {
      let row = rows.get(bucket.key);
      if (!row) {
        row = Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number>;
        rows.set(bucket.key, row);
      }
      for (const field of fields) row[field] += Number(bucket.counters[field] ?? 0);
    }
    return rows;
  }

  async totals(site: string, g: Granule, from: Date, to: Date): Promise<Totals> {
    const rows = await this.sumsByKey(site, g, 'total', from, to, TOTAL_COUNTERS);
    return rows.get('') ?? (Object.fromEntries(TOTAL_COUNTERS.map((c) => [c, 0])) as Totals);
  }

  /** The first day bucket of the site (any event ever stored), or null on a fresh install. */
  async firstDay(site: string): Promise<Date | null> {
    const [first] = await this.buckets
      .find({ site, g: 'd', dim: 'total' }, { projection: { t: 1 } })
      .sort({ t: 1 })
      .limit(1)
      .toArray();
    return first ? first.t : null;
  }

  async series(site: string, g: Granule, from: Date, to: Date) {
    const buckets = await this.bucketsIn(site, g, 'total', from, to);
    return buckets
      .sort((a, b) => a.t.getTime() - b.t.getTime())
      .map((bucket) => ({
        t: bucket.t,
        ...(Object.fromEntries(TOTAL_COUNTERS.map((c) => [c, Number(bucket.counters[c] ?? 0)])) as Totals),
      }));
  }

  async breakdown(site: string, dim: string, pieces: Piece[], limit: number) {
    const lookup = await this.bucketsOfPieces(site, dim, pieces);
    const rows = sumPieces(lookup, pieces, ['pageviews', 'events']);
    return [...rows]
      .map(([key, row]) => ({ key, ...row }))
      .sort((a, b) => b.pageviews - a.pageviews || b.events - a.events || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  async products(site: string, pieces: Piece[], limit: number) {
    const lookup = await this.bucketsOfPieces(site, 'product', pieces);
    const grouped = sumPieces(lookup, pieces, ['views', 'adds', 'purchases', 'revenue']);
    const rows = [...grouped]
      .map(([productId, { revenue, ...row }]) => ({ productId, ...row, grossRevenue: revenue }))
      .sort(
        (a, b) =>
          b.grossRevenue - a.grossRevenue ||
          b.purchases - a.purchases ||
          b.views - a.views ||
          a.productId.localeCompare(b.productId),
      )
      .slice(0, limit);
    const keys = rows.map((r) => r.productId);
    const named = await this.buckets
      .find(
        { site, dim: 'product', key: { $in: keys }, name: { $exists: true } },
        { projection: { key: 1, name: 1 } },
      )
      .limit(keys.length * 4 + 10)
      .toArray();
    const names = new Map(named.map((n) => [n.key, String(n.name)]));
    return rows.map((r) => ({ ...r, name: names.get(r.productId) ?? r.productId }));
  }

  /** Sessions that began in the range, by their entry page (from the sessions collection, not buckets). */
  async entryPages(site: string, from: Date, to: Date, limit: number) {
    const rows = await this.db
      .collection<SessionDoc>('sessions')
      .aggregate<{ _id: string; sessions: number }>([
        { $match: { site, first: { $gte: from, $lt: to }, 'entry.path': { $exists: true } } },
        { $group: { _id: '$entry.path', sessions: { $sum: 1 } } },
        { $sort: { sessions: -1, _id: 1 } },
        { $limit: limit },
      ])
      .toArray();
    return rows.map((r) => ({ path: r._id, sessions: r.sessions }));
  }

  sessions(site: string, from: Date, to: Date) {
    return this.db
      .collection<SessionDoc>('sessions')
      .find({ site, first: { $gte: from, $lt: to } }, { projection: { first: 1, last: 1 } })
      .toArray() as Promise<Array<{ first: Date; last: Date }>>;
  }
}
