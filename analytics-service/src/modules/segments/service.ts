import { randomUUID } from 'node:crypto';
import type { Segment, SegmentInput } from '@shopstream/contracts';
import { Conflict, NotFound } from '@shopstream/server-kit';
import { isDuplicateKey, type SegmentDoc, type SegmentsRepository } from './repository';

const toSegment = (doc: SegmentDoc): Segment => ({
  id: doc._id,
  site: doc.site,
  name: doc.name,
  filters: doc.filters,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

/** Saved segments: a named set of report filters per site, shared by the site's staff. */
export class SegmentsService {
  constructor(private readonly repository: SegmentsRepository) {}

  async list(site: string): Promise<Segment[]> {
    return (await this.repository.list(site)).map(toSegment);
  }

  async create(input: SegmentInput): Promise<Segment> {
    const now = new Date();
    const doc: SegmentDoc = {
      _id: randomUUID(),
      site: input.site,
      name: input.name,
      filters: [...new Set(input.filters)],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repository.insert(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw Conflict(`The site already has a segment named "${input.name}"`);
      throw error;
    }
    return toSegment(doc);
  }

  async replace(id: string, input: SegmentInput): Promise<Segment> {
    let doc: SegmentDoc | null;
    try {
      doc = await this.repository.replace(
        input.site,
        id,
        input.name,
        [...new Set(input.filters)],
        new Date(),
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw Conflict(`The site already has a segment named "${input.name}"`);
      throw error;
    }
    if (!doc) throw NotFound('No such segment on this site');
    return toSegment(doc);
  }

  async remove(site: string, id: string) {
    if (!(await this.repository.remove(site, id))) throw NotFound('No such segment on this site');
  }
}
