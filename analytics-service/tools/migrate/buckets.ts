// Folds the minute and hour buckets of installs from before the day-document layout into it (see
// src/modules/aggregates/migrate-layout.ts). Every worker also runs it at start, beside its work; this runs
// it by hand, to wait for it or watch it. Repeatable, safe while workers run:
//   MONGODB_URI=mongodb://… npm run migrate:buckets -w analytics-service
import { MongoClient } from 'mongodb';
import { migrateBucketLayout } from '../../src/modules/aggregates/migrate-layout';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is required');
const client = new MongoClient(uri);
try {
  const db = client.db();
  // An apply of the earlier version cut short may have written its day buckets and not its hours: the
  // new workers finish it, but its hour buckets would then miss it. Let the old workers finish first.
  const pending = await db
    .collection('applies')
    .countDocuments({ state: { $in: ['inserting', 'applying'] } });
  if (pending) console.warn(`${pending} applies are not finished yet; folding the buckets stored so far`);
  const started = Date.now();
  const folded = await migrateBucketLayout(db);
  console.log(
    `folded ${folded} minute and hour buckets into the day layout in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await client.close();
}
