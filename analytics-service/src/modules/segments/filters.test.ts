import type { AddressInfo } from 'node:net';
import {
  type BreakdownReport,
  type CustomEventsReport,
  EcommerceEvent,
  type FunnelReport,
  type OverviewReport,
} from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  storedAndAggregated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { sendSession } from '../../../tools/simulate/send';
import {
  completesSimulatedGoal,
  randomSource,
  type SessionLogEntry,
  SIMULATED_GOALS,
  simulateShoppers,
} from '../../../tools/simulate/shopper-sessions';
import { buildApp } from '../../app';
import { DigestRepository } from './digest-repository';
import { DayDigests } from './digests';

const config = isolatedConfig();
// Digests refreshed every second, on a clock where the range's first day is closed (read from its digest)
// and the second is still open (read live from sessions and events): every report below reads both.
const digestNow = () => from.getTime() + 2 * DAY + 90 * 60_000 - 1;
const app = await buildApp(config, { role: 'all', digestIntervalMs: 1000, digestNow });
const mongo = new MongoClient(config.MONGODB_URI);
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const from = new Date(today - 3 * DAY);
const to = new Date(today - 1 * DAY);
const firstDay = from.toISOString().slice(0, 10);
const { sessions, truth } = simulateShoppers({ seed: 18, sessions: 70, from, to, runId: `flt${Date.now()}` });
let baseUrl = '';
let token = '';
let accepted = 0;

const settled = () => storedAndAggregated(mongo.db());

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  token = await staffToken(config);
  // The simulated goals, for goal filters.
  for (const goal of SIMULATED_GOALS) {
    const created = await fetch(`${baseUrl}/api/goals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site: SITE, name: goal.name, match: goal.match }),
    });
    expect(created.status, await created.text()).toBe(201);
  }
  const send = { baseUrl, writeKey: WRITE_KEY, serverKey: SERVER_KEY };
  for (let i = 0; i < sessions.length; i += 10) {
    const results = await Promise.all(sessions.slice(i, i + 10).map((s) => sendSession(send, s)));
    for (const result of results.flat()) {
      expect(result.status).toBe(202);
      accepted += (result.body as { accepted: number }).accepted;
    }
  }
  // Generous: the shared FerretDB drains slowly while other work loads the machine.
  await waitFor(settled, (n) => n === accepted, 300_000);
  // Every mark of a closed day is cleared once the digests it can change were rebuilt with it.
  const closedMarks = async () =>
    (await mongo.db().collection<{ hour: string }>('digest_marks').find({}).toArray()).filter((m) =>
      m.hour.startsWith(firstDay),
    ).length;
  await waitFor(closedMarks, (n) => n === 0, 120_000);
}, 480_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

const get = async (path: string, filters: string[], extra: Record<string, string> = {}) => {
  const search = new URLSearchParams({
    site: SITE,
    from: from.toISOString(),
    to: to.toISOString(),
    ...extra,
  });
  for (const f of filters) search.append('f', f);
  const response = await fetch(`${baseUrl}/api/reports/${path}?${search}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
};

// The expected figures, from the simulator's session log alone.
type Filter = { dimension: string; operator: 'is' | 'is_not' | 'contains'; value: string };
type LoggedEvent = SessionLogEntry['events'][number];
const SESSION_VALUE: Record<string, (s: SessionLogEntry) => string> = {
  referrer: (s) => s.referrer,
  utm_source: (s) => s.utm.source ?? '(none)',
  utm_medium: (s) => s.utm.medium ?? '(none)',
  utm_campaign: (s) => s.utm.campaign ?? '(none)',
  utm_term: (s) => s.utm.term ?? '(none)',
  utm_content: (s) => s.utm.content ?? '(none)',
  device: (s) => s.device,
  browser: (s) => s.browser,
  os: (s) => s.os,
  entry_page: (s) => s.entryPage,
  exit_page: (s) => s.exitPage,
};
const isPurchaseStep = [
  (e: LoggedEvent) => e.name === EcommerceEvent.ProductViewed,
  (e: LoggedEvent) => e.name === EcommerceEvent.ProductAdded,
  (e: LoggedEvent) => e.name === EcommerceEvent.CheckoutStarted,
  (e: LoggedEvent) => e.type === 'page' && e.path.startsWith('/checkout/confirmation'),
];
const EVENT_VALUE: Record<string, (e: LoggedEvent) => string | undefined> = {
  page: (e) => e.path || undefined,
  product: (e) => e.productId,
  event: (e) => e.name,
};
/** A goal filter by the truth's own reading of the simulated goals (`completesSimulatedGoal`). */
function goalMeets(f: Filter, e: LoggedEvent) {
  const named = (name: string) =>
    f.operator === 'contains' ? name.toLowerCase().includes(f.value.toLowerCase()) : name === f.value;
  const completes = SIMULATED_GOALS.some((g) => named(g.name) && completesSimulatedGoal(g, e));
  return f.operator === 'is_not' ? !completes : completes;
}
const isEventFilter = (f: Filter) => f.dimension in EVENT_VALUE || f.dimension === 'goal';
const eventHolds = (f: Filter, e: LoggedEvent) =>
  f.dimension === 'goal' ? goalMeets(f, e) : meets(f, EVENT_VALUE[f.dimension]!(e));
const meets = (f: Filter, value: string | undefined) =>
  f.operator === 'is'
    ? value === f.value
    : f.operator === 'is_not'
      ? value !== f.value
      : value?.toLowerCase().includes(f.value.toLowerCase());

function expectedOf(filters: Filter[]) {
  const sessionFilters = filters.filter((f) => f.dimension in SESSION_VALUE);
  const eventFilters = filters.filter(isEventFilter);
  let selected = truth.sessionLog.filter((s) =>
    sessionFilters.every((f) => meets(f, SESSION_VALUE[f.dimension]!(s))),
  );
  const counted = new Map<SessionLogEntry, LoggedEvent[]>();
  for (const s of selected) {
    const events = eventFilters.length
      ? s.events.filter((e) => eventFilters.every((f) => eventHolds(f, e)))
      : s.events;
    counted.set(s, events);
  }
  if (eventFilters.length) selected = selected.filter((s) => counted.get(s)!.length > 0);
  const sum = (of: (s: SessionLogEntry) => number) => selected.reduce((total, s) => total + of(s), 0);
  const pageviewsOf = (s: SessionLogEntry) => counted.get(s)!.filter((e) => e.type === 'page').length;
  const bounces = selected.filter((s) => s.events.filter((e) => e.type === 'page').length === 1).length;
  const orders = sum((s) => s.orders);
  const breakdown = (key: (s: SessionLogEntry) => string) => {
    const rows = new Map<string, { pageviews: number; events: number }>();
    for (const s of selected) {
      const k = key(s);
      if (k === '(none)') continue;
      const row = rows.get(k) ?? { pageviews: 0, events: 0 };
      row.pageviews += pageviewsOf(s);
      row.events += counted.get(s)!.length;
      rows.set(k, row);
    }
    return Object.fromEntries(rows);
  };
  const pages = new Map<string, { pageviews: number; events: number }>();
  for (const s of selected)
    for (const e of counted.get(s)!)
      if (e.type === 'page') {
        const row = pages.get(e.path) ?? { pageviews: 0, events: 0 };
        row.pageviews++;
        row.events++;
        pages.set(e.path, row);
      }
  const countries = new Map<string, { pageviews: number; events: number }>();
  const named = new Map<string, { pageviews: number; events: number }>();
  const custom = new Map<string, { events: number; visitors: Set<string> }>();
  for (const s of selected)
    for (const e of counted.get(s)!) {
      if (!e.server) {
        const key = s.country ?? '(unknown)';
        const row = countries.get(key) ?? { pageviews: 0, events: 0 };
        row.events++;
        if (e.type === 'page') row.pageviews++;
        countries.set(key, row);
      }
      if (e.type === 'track') {
        const row = named.get(e.name) ?? { pageviews: 0, events: 0 };
        row.events++;
        named.set(e.name, row);
        const tally = custom.get(e.name) ?? { events: 0, visitors: new Set<string>() };
        tally.events++;
        // The server's order events come under the customer's id, one customer per simulated session.
        tally.visitors.add(e.server ? `server|${s.sessionId}` : s.visitor);
        custom.set(e.name, tally);
      }
    }
  // The purchase funnel by visitor, in order, over every event of the selected sessions.
  const reached = [0, 0, 0, 0];
  const byVisitor = new Map<string, LoggedEvent[]>();
  for (const s of selected) byVisitor.set(s.visitor, [...(byVisitor.get(s.visitor) ?? []), ...s.events]);
  for (const events of byVisitor.values()) {
    let step = 0;
    for (const e of events) if (step < 4 && isPurchaseStep[step]!(e)) step++;
    for (let i = 0; i < step; i++) reached[i]!++;
  }
  return {
    selected,
    funnel: reached,
    customEvents: Object.fromEntries(
      [...custom].map(([name, t]) => [name, { events: t.events, visitors: t.visitors.size }]),
    ),
    kpis: {
      visitors: new Set(selected.map((s) => s.visitor)).size,
      sessions: selected.length,
      pageviews: sum(pageviewsOf),
      orders,
      revenue: sum((s) => s.revenue),
      bounceRate: selected.length ? bounces / selected.length : 0,
      avgSessionDurationSeconds: selected.length
        ? Math.round(sum((s) => s.durationMs) / selected.length / 100) / 10
        : 0,
    },
    breakdowns: {
      referrer: breakdown((s) => s.referrer),
      utm_source: breakdown(SESSION_VALUE.utm_source!),
      utm_campaign: breakdown(SESSION_VALUE.utm_campaign!),
      device: breakdown((s) => s.device),
      browser: breakdown((s) => s.browser),
      os: breakdown((s) => s.os),
      page: Object.fromEntries(pages),
      country: Object.fromEntries(countries),
      event: Object.fromEntries(named),
    } as Record<string, Record<string, { pageviews: number; events: number }>>,
  };
}

/** A random filter whose value occurs in the log (or a part of one, for contains). */
function drawFilter(random: ReturnType<typeof randomSource>): Filter {
  const dimension = random.pick([...Object.keys(SESSION_VALUE), ...Object.keys(EVENT_VALUE)]);
  const values =
    dimension in SESSION_VALUE
      ? truth.sessionLog.map(SESSION_VALUE[dimension]!)
      : truth.sessionLog.flatMap((s) => s.events.map(EVENT_VALUE[dimension]!));
  const present = [...new Set(values.filter((v): v is string => !!v))].sort();
  const operator = random.pick(['is', 'is', 'is_not', 'contains'] as const);
  let value = random.pick(present);
  if (operator === 'contains') {
    const start = random.int(0, Math.max(0, value.length - 3));
    value = value.slice(start, start + random.int(2, 6)).toUpperCase();
  }
  return { dimension, operator, value };
}

const text = (f: Filter) => `${f.dimension}:${f.operator}:${f.value}`;
const rowsOf = (report: BreakdownReport) =>
  Object.fromEntries(report.rows.map((r) => [r.key, { pageviews: r.pageviews, events: r.events }]));

describe('filtered reports against the simulator ground truth', () => {
  it('stores every accepted event, orders attributed to their browser session', async () => {
    expect(accepted).toBe(truth.totals.events);
    const sessionsStored = await mongo
      .db()
      .collection('sessions')
      .countDocuments({ first: { $exists: true } });
    expect(sessionsStored).toBe(truth.sessionLog.length);
  });

  it('checks 20 random filter combinations exactly: overview, every breakdown, the funnel and custom events, from digests and from the live tail', async () => {
    const random = randomSource(1808);
    const digests = new DayDigests(new DigestRepository(mongo.db()), {
      sessionTimeoutMs: 30 * 60_000,
      now: digestNow,
    });
    const read = await digests.sessions(SITE, from, to, true);
    expect(read.stats).toMatchObject({ digestedDays: 1, liveDays: 1 });
    expect(read.sessions.length).toBe(truth.sessionLog.length);
    const digestedSessions = read.sessions.filter((s) => s.first < from.getTime() + DAY).length;
    expect(digestedSessions).toBeGreaterThan(0);
    expect(digestedSessions).toBeLessThan(truth.sessionLog.length);
    let nonEmpty = 0;
    for (let round = 0; round < 20; round++) {
      const filters = Array.from({ length: random.int(1, 3) }, () => drawFilter(random));
      const expected = expectedOf(filters);
      if (expected.kpis.sessions > 0) nonEmpty++;
      const texts = filters.map(text);
      const label = texts.join(' & ');
      const overview = await get('overview', texts);
      expect(overview.status, label).toBe(200);
      const current = (overview.body as OverviewReport).current;
      expect(
        {
          visitors: current.visitors,
          sessions: current.sessions,
          pageviews: current.pageviews,
          orders: current.orders,
          revenue: current.grossRevenue,
          bounceRate: current.bounceRate,
          avgSessionDurationSeconds: current.avgSessionDurationSeconds,
        },
        label,
      ).toEqual(expected.kpis);
      for (const [dimension, rows] of Object.entries(expected.breakdowns)) {
        const report = await get(`breakdown/${dimension}`, texts, { limit: '1000' });
        expect(report.status, `${label} ${dimension}`).toBe(200);
        expect(rowsOf(report.body as BreakdownReport), `${label} by ${dimension}`).toEqual(rows);
      }
      const funnel = await get('funnel', texts);
      expect(funnel.status, `${label} funnel`).toBe(200);
      expect(
        (funnel.body as FunnelReport).steps.map((step) => step.count),
        `${label} funnel`,
      ).toEqual(expected.funnel);
      const custom = await get('events', texts, { limit: '1000' });
      expect(custom.status, `${label} custom events`).toBe(200);
      expect(
        Object.fromEntries(
          (custom.body as CustomEventsReport).rows.map((r) => [
            r.name,
            { events: r.events, visitors: r.visitors },
          ]),
        ),
        `${label} custom events`,
      ).toEqual(expected.customEvents);
    }
    // The draw must exercise non-empty selections, not only empty ones.
    expect(nonEmpty).toBeGreaterThanOrEqual(10);
  }, 300_000);

  it('filters by goal exactly: each goal with is, is_not and contains, alone and with a session filter', async () => {
    const cases: Filter[][] = [];
    for (const goal of SIMULATED_GOALS) {
      cases.push([{ dimension: 'goal', operator: 'is', value: goal.name }]);
      cases.push([{ dimension: 'goal', operator: 'is_not', value: goal.name }]);
    }
    cases.push([{ dimension: 'goal', operator: 'contains', value: 'CART' }]);
    cases.push([{ dimension: 'goal', operator: 'is', value: 'No such goal' }]);
    cases.push([
      { dimension: 'goal', operator: 'is', value: 'Added to cart' },
      { dimension: 'device', operator: 'is', value: 'mobile' },
    ]);
    let converting = 0;
    // Cases where some row converts less than all of its visitors (so a rate of 1 everywhere would fail).
    let partial = 0;
    for (const filters of cases) {
      const expected = expectedOf(filters);
      const texts = filters.map(text);
      const label = texts.join(' & ');
      const current = ((await get('overview', texts)).body as OverviewReport).current;
      expect(
        { sessions: current.sessions, pageviews: current.pageviews, orders: current.orders },
        label,
      ).toEqual({
        sessions: expected.kpis.sessions,
        pageviews: expected.kpis.pageviews,
        orders: expected.kpis.orders,
      });
      const referrers = await get('breakdown/referrer', texts, { limit: '1000' });
      expect(rowsOf(referrers.body as BreakdownReport), `${label} by referrer`).toEqual(
        expected.breakdowns.referrer,
      );
      // The conversion columns (Plausible's): per row, the visitors who completed the goal, and their
      // share of the row's visitors under the other filters alone; none under `is_not`.
      const positive = filters[0]!.operator !== 'is_not';
      const baseline = expectedOf(filters.filter((f) => f.dimension !== 'goal'));
      for (const [dimension, keyOf] of [
        ['referrer', (s: SessionLogEntry) => s.referrer],
        ['country', (s: SessionLogEntry) => s.country ?? '(unknown)'],
      ] as const) {
        const visitorsByKey = (selected: SessionLogEntry[]) => {
          const byKey = new Map<string, Set<string>>();
          for (const s of selected) byKey.set(keyOf(s), (byKey.get(keyOf(s)) ?? new Set()).add(s.visitor));
          return byKey;
        };
        const converted = visitorsByKey(expected.selected);
        const all = visitorsByKey(baseline.selected);
        const report = (await get(`breakdown/${dimension}`, texts, { limit: '1000' }))
          .body as BreakdownReport;
        expect(
          Object.fromEntries(report.rows.map((r) => [r.key, [r.conversions, r.conversionRate]])),
          `${label}: conversions by ${dimension}`,
        ).toEqual(
          Object.fromEntries(
            report.rows.map((r) => {
              const conversions = converted.get(r.key)?.size ?? 0;
              return [
                r.key,
                positive ? [conversions, conversions / all.get(r.key)!.size] : [undefined, undefined],
              ];
            }),
          ),
        );
        if (positive && report.rows.length) {
          expect(report.rows.every((r) => r.conversionRate! > 0 && r.conversionRate! <= 1)).toBe(true);
          if (converted.size < all.size || [...converted].some(([k, v]) => v.size < all.get(k)!.size))
            partial++;
        }
      }
      if (filters[0]!.operator === 'is' && expected.kpis.sessions > 0) converting++;
    }
    // Every goal is completed by some simulated sessions, and an unknown goal selects none.
    expect(converting).toBe(SIMULATED_GOALS.length + 1);
    expect(partial).toBeGreaterThan(0);
    expect(expectedOf([{ dimension: 'goal', operator: 'is', value: 'No such goal' }]).kpis.sessions).toBe(0);
  });

  it('narrows to mobile sessions from Instagram exactly, and every figure is at most the unfiltered one', async () => {
    const filters = ['referrer:is:l.instagram.com', 'device:is:mobile'];
    const expected = expectedOf(
      filters.map((f) => {
        const [dimension, operator, value] = f.split(':') as [string, Filter['operator'], string];
        return { dimension, operator, value };
      }),
    );
    expect(expected.kpis.sessions).toBeGreaterThan(0);
    const narrowed = (await get('overview', filters)).body as OverviewReport;
    const all = (await get('overview', [])).body as OverviewReport;
    expect(narrowed.current.sessions).toBe(expected.kpis.sessions);
    expect(narrowed.current.sessions).toBeLessThan(all.current.sessions);
    expect(narrowed.current.pageviews).toBeLessThan(all.current.pageviews);
    expect(narrowed.current.grossRevenue).toBeLessThanOrEqual(all.current.grossRevenue);
  });

  it("rebuilds a closed day's digest when a late session lands in it", async () => {
    const late = simulateShoppers({
      seed: 1818,
      sessions: 1,
      from: new Date(from.getTime() + 3600_000),
      to: new Date(from.getTime() + 2 * 3600_000),
      runId: `late${Date.now()}`,
    });
    const send = { baseUrl, writeKey: WRITE_KEY, serverKey: SERVER_KEY };
    const [session] = late.sessions;
    let more = 0;
    for (const result of await sendSession(send, session!))
      more += (result.body as { accepted: number }).accepted;
    await waitFor(settled, (n) => n === accepted + more, 120_000);
    const before = truth.sessionLog.length;
    const filter = [`device:is:${late.truth.sessionLog[0]!.device}`];
    const expected = expectedOf([
      { dimension: 'device', operator: 'is', value: late.truth.sessionLog[0]!.device },
    ]);
    // The first day's digest is rebuilt by the next refresh; until then it lacks the session.
    await waitFor(
      async () => ((await get('overview', filter)).body as OverviewReport).current.sessions,
      (n) => n === expected.kpis.sessions + 1,
      60_000,
    );
    expect(truth.sessionLog.length).toBe(before);
    accepted += more;
  });

  it('refuses a malformed filter with a problem naming the field', async () => {
    for (const bad of ['country', 'device:equals:mobile', 'colour:is:red', 'device:is:']) {
      const answer = await get('overview', [bad]);
      expect(answer.status, bad).toBe(400);
      expect(JSON.stringify(answer.body), bad).toContain('querystring');
    }
  });
});
