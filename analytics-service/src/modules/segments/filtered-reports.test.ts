import { describe, expect, it } from 'vitest';
import type { DigestSession } from './digest-format';
import type { DayDigests } from './digests';
import { FilteredReports } from './filtered-reports';

const DAY = 86_400_000;

/** Day digests that record the ranges they are asked for and hold one session. */
function recordingDigests(session: DigestSession) {
  const asked: Array<{ from: Date; to: Date }> = [];
  const digests = {
    async sessions(_site: string, from: Date, to: Date) {
      asked.push({ from, to });
      return { sessions: [session], stats: { documents: 1, digestedDays: 1, liveDays: 0 } };
    },
  } as unknown as DayDigests;
  return { digests, asked };
}

const firstDay = new Date(Date.UTC(2026, 10, 2));
const session: DigestSession = {
  id: 's-1',
  first: firstDay.getTime() + 3600_000,
  last: firstDay.getTime() + 3900_000,
  visitorId: 'v-1',
  dims: { device: 'mobile' },
  n: { pageviews: 2, events: 3, orders: 0, revenue: 0 } as DigestSession['n'],
};
const decade = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2030-12-31T00:00:00Z') };
const mobile = [{ dimension: 'device', operator: 'is', value: 'mobile' }] as const;

describe('the days a filtered report reads', () => {
  it("reads a ten-year range only from the site's first day to tomorrow, with the same figures", async () => {
    const { digests, asked } = recordingDigests(session);
    const reports = new FilteredReports(digests, undefined, async () => firstDay);
    const kpis = await reports.kpis('shop', decade.from, decade.to, [...mobile]);
    expect(kpis).toMatchObject({ sessions: 1, pageviews: 2, events: 3 });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.from).toEqual(firstDay);
    expect(asked[0]!.to.getTime()).toBeLessThanOrEqual(Date.now() + DAY);
    expect(asked[0]!.to.getTime()).toBeGreaterThan(Date.now());
  });

  it('reads nothing for a site with no stored day, or a range wholly before its first day', async () => {
    const none = recordingDigests(session);
    const empty = new FilteredReports(none.digests, undefined, async () => null);
    expect(await empty.kpis('shop', decade.from, decade.to, [...mobile])).toMatchObject({ sessions: 0 });
    const before = recordingDigests(session);
    const early = new FilteredReports(before.digests, undefined, async () => firstDay);
    const breakdown = await early.breakdown(
      'shop',
      new Date('2020-01-01T00:00:00Z'),
      new Date('2021-01-01T00:00:00Z'),
      'device',
      [...mobile],
      10,
    );
    expect(breakdown).toEqual([]);
    expect([...none.asked, ...before.asked]).toEqual([]);
  });

  it('reads the range as asked without a first day to clamp to', async () => {
    const { digests, asked } = recordingDigests(session);
    const from = new Date(firstDay.getTime() - 3 * DAY);
    const to = new Date(firstDay.getTime() + DAY);
    await new FilteredReports(digests).kpis('shop', from, to, [...mobile]);
    expect(asked).toEqual([{ from, to }]);
  });
});
