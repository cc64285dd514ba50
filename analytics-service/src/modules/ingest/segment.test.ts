import type { SegmentMessage } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_TOLERANCE_MS, fromSegment } from './segment';

const track = (event: string, at: number): SegmentMessage =>
  ({ type: 'track', event, anonymousId: 'a-1', timestamp: new Date(at).toISOString() }) as SegmentMessage;

const timeOf = (message: SegmentMessage, sentAt: number, receivedAt: number) =>
  Date.parse(
    fromSegment(message, {
      minorUnits: false,
      receivedAt: new Date(receivedAt),
      sentAt: new Date(sentAt).toISOString(),
    }).event.timestamp as string,
  );

describe('fromSegment timestamps', () => {
  it('keeps a right clock’s times, so one sender’s batches with different transit times keep their order', () => {
    const t = Date.UTC(2026, 11, 1, 16, 0, 0, 100);
    // Viewed then added 1 ms later, sent together in two batches: the first takes 26 ms to arrive, the
    // second 13 ms (what Segment's formula would turn into "added 12 ms before viewed").
    const viewed = timeOf(track('Product Viewed', t), t + 1, t + 27);
    const added = timeOf(track('Product Added', t + 1), t + 2, t + 15);
    expect(viewed).toBe(t);
    expect(added).toBe(t + 1);
    expect(added).toBeGreaterThan(viewed);
  });

  it('still corrects a clock that is off by more than the tolerance', () => {
    const now = Date.UTC(2026, 11, 1, 16, 0, 0, 0);
    const ahead = now + 2 * 3600_000;
    expect(timeOf(track('Cart Viewed', ahead - 10_000), ahead, now + 40)).toBe(now + 40 - 10_000);
    const behind = now - CLOCK_SKEW_TOLERANCE_MS - 1;
    expect(timeOf(track('Cart Viewed', behind - 5_000), behind, now)).toBe(now - 5_000);
  });

  it('keeps the claimed time without sentAt', () => {
    const at = Date.UTC(2026, 11, 1, 10, 0, 0, 0);
    const { event } = fromSegment(track('Cart Viewed', at), { minorUnits: false, receivedAt: new Date() });
    expect(event.timestamp).toBe(new Date(at).toISOString());
  });
});
