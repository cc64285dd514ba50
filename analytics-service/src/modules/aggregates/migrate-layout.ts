import type { AnyBulkWriteOperation, Db } from 'mongodb';
import type { BucketDoc } from './documents';
import { placementOf } from './layout';
import { WRITE_CHUNK } from './repository';

const PAGE = 400;
const DUPLICATE_KEY = 11000;
/** Fields of an earlier-layout bucket that are not counters. */
const NOT_COUNTERS = new Set(['_id', 'site', 'g', 't', 'dim', 'key', 'name', 'applied']);

/**
 * Folds the buckets of the earlier layout (one document per minute, `g: 'm'`, and per hour, `g: 'h'`)
 * into the current one (layout.ts): each hour's counters into `hours.hHH` of its day document, each
 * minute's into `minutes.mMM` of its hour's minutes document, then deletes the old document. Day
 * documents were already in the current shape. Repeatable: each fold is guarded by `migrated.<slot>`
 * on its target, so a run cut short and run again counts nothing twice; workers may run meanwhile
 * (their applies and the folds touch a document atomically each, under guards of their own).
 * Returns how many old documents it folded.
 */
export async function migrateBucketLayout(db: Db): Promise<number> {
  const buckets = db.collection<BucketDoc>('buckets');
  let folded = 0;
  for (;;) {
    // One equality per granule: FerretDB pushes equality down, not `$in`.
    const old = [
      ...(await buckets.find({ g: 'h' }).limit(PAGE).toArray()),
      ...(await buckets.find({ g: 'm' }).limit(PAGE).toArray()),
    ];
    if (!old.length) return folded;
    for (let i = 0; i < old.length; i += WRITE_CHUNK) {
      const chunk = old.slice(i, i + WRITE_CHUNK);
      const targets = chunk.map((doc) => {
        const place = placementOf({
          site: doc.site,
          g: doc.g as 'h' | 'm',
          t: doc.t,
          dim: doc.dim,
          key: doc.key,
        });
        return { doc, place };
      });
      // Targets missing (a minutes document, or a day whose document was lost): created empty first.
      try {
        await buckets.insertMany(
          [...new Map(targets.map(({ doc, place }) => [place.id, { doc, place }])).values()].map(
            ({ doc, place }) => ({
              _id: place.id,
              site: doc.site,
              g: place.g,
              t: place.t,
              dim: doc.dim,
              key: doc.key,
            }),
          ),
          { ordered: false },
        );
      } catch (error) {
        const errors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
        const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
        if (!list.length || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      }
      const folds: AnyBulkWriteOperation<BucketDoc>[] = targets.map(({ doc, place }) => {
        const slot = place.nested!;
        const inc: Record<string, number> = {};
        for (const [field, value] of Object.entries(doc)) {
          if (!NOT_COUNTERS.has(field) && typeof value === 'number')
            inc[`${slot.field}.${slot.slot}.${field}`] = value;
        }
        const marker = `migrated.${slot.slot}`;
        return {
          updateOne: {
            filter: { _id: place.id, [marker]: { $exists: false } },
            update: { $inc: inc, $set: doc.name ? { [marker]: true, name: doc.name } : { [marker]: true } },
          },
        } as AnyBulkWriteOperation<BucketDoc>;
      });
      await buckets.bulkWrite(folds, { ordered: false });
      // One delete per id: FerretDB 1.24 answers `_id: {$in}` by reading the whole collection.
      await buckets.bulkWrite(
        chunk.map((doc) => ({ deleteOne: { filter: { _id: doc._id } } })),
        { ordered: false },
      );
      folded += chunk.length;
    }
  }
}
