import { type DbSource, dbOf } from '../../mongo';

export interface SegmentDoc {
  _id: string;
  site: string;
  name: string;
  filters: string[];
  createdAt: Date;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;
export const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === DUPLICATE_KEY;

/** The saved segments of each site: one document per segment, unique by site and name. */
export class SegmentsRepository {
  constructor(private readonly source: DbSource) {}

  private get segments() {
    return dbOf(this.source).collection<SegmentDoc>('segments');
  }

  ensureIndexes() {
    return this.segments.createIndex({ site: 1, name: 1 }, { unique: true });
  }

  list(site: string) {
    return this.segments.find({ site }).sort({ name: 1 }).limit(500).toArray();
  }

  find(site: string, id: string) {
    return this.segments.findOne({ _id: id, site });
  }

  async insert(doc: SegmentDoc) {
    await this.segments.insertOne(doc);
  }

  /** Returns the segment as replaced, or null when the site has none of that id. */
  async replace(site: string, id: string, name: string, filters: string[], at: Date) {
    const result = await this.segments.updateOne(
      { _id: id, site },
      { $set: { name, filters, updatedAt: at } },
    );
    return result.matchedCount ? this.find(site, id) : null;
  }

  async remove(site: string, id: string) {
    return (await this.segments.deleteOne({ _id: id, site })).deletedCount === 1;
  }
}
