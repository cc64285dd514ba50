import { type DbSource, dbOf } from '../../mongo';
import type { BucketDoc, Granule, SessionDoc } from '../aggregates/documents';

export const TOTAL_COUNTERS = [
  'events',
  'pageviews',
  'screens',
  'visitors',
  'orders',
  'revenue',
  'refunds',
  'refunded',
  'productViews',
  'productAdds',
  'cartViews',
  'checkouts',
] as const;
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
   * Sums counters per key. One $group per counter, merged here: FerretDB 1.24 answers 0 for every
   * accumulator of a $group after the first (verified), and MongoDB gives the same result either way.
   */
  private async groupSums<F extends string>(
    match: Record<string, unknown>,
    groupBy: string,
    fields: readonly F[],
  ): Promise<Map<string, Record<F, number>>> {
    // Sequential on purpose: parallel cursors exhaust FerretDB's small PostgreSQL pool.
    const results: Array<Array<{ _id: unknown; value: number }>> = [];
    for (const field of fields) {
      results.push(
        await this.buckets
          .aggregate<{ _id: unknown; value: number }>([
            { $match: match },
            { $group: { _id: `$${groupBy}`, value: { $sum: `$${field}` } } },
          ])
          .toArray(),
      );
    }
    const rows = new Map<string, Record<F, number>>();
    results.forEach((result, index) => {
      for (const { _id, value } of result) {
        const key = String(_id);
        let row = rows.get(key);
        if (!row) {
          row = Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number>;
          rows.set(key, row);
        }
        row[fields[index]!] = Number(value ?? 0);
      }
    });
    return rows;
  }

  async totals(site: string, g: Granule, from: Date, to: Date): Promise<Totals> {
    const rows = await this.groupSums(
      { site, g, dim: 'total', t: { $gte: from, $lt: to } },
      'site',
      TOTAL_COUNTERS,
    );
    return rows.get(site) ?? (Object.fromEntries(TOTAL_COUNTERS.map((c) => [c, 0])) as Totals);
  }

  async series(site: string, g: Granule, from: Date, to: Date) {
    const docs = await this.buckets
      .find({ site, g, dim: 'total', t: { $gte: from, $lt: to } })
      .sort({ t: 1 })
      .toArray();
    return docs.map((doc) => ({
      t: doc.t,
      ...(Object.fromEntries(TOTAL_COUNTERS.map((c) => [c, Number(doc[c] ?? 0)])) as Totals),
    }));
  }

  async breakdown(site: string, g: Granule, dim: string, from: Date, to: Date, limit: number) {
    const rows = await this.groupSums({ site, g, dim, t: { $gte: from, $lt: to } }, 'key', [
      'pageviews',
      'events',
    ]);
    return [...rows]
      .map(([key, row]) => ({ key, ...row }))
      .sort((a, b) => b.pageviews - a.pageviews || b.events - a.events || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  async products(site: string, g: Granule, from: Date, to: Date, limit: number) {
    const grouped = await this.groupSums({ site, g, dim: 'product', t: { $gte: from, $lt: to } }, 'key', [
      'views',
      'adds',
      'purchases',
      'revenue',
    ]);
    const rows = [...grouped]
      .map(([productId, row]) => ({ productId, ...row }))
      .sort(
        (a, b) =>
          b.revenue - a.revenue ||
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
