import type {
  BreakdownReport,
  FunnelReport,
  GoalList,
  GoalsReport,
  ProductsReport,
  TimeseriesReport,
} from '@shopstream/contracts';
import { type GroundTruth, SIMULATED_GOALS } from './shopper-sessions';

const DAY = 86_400_000;

export interface Comparison {
  /** Every figure compared: where, which, expected, reported. */
  rows: Array<{ scope: string; figure: string; expected: number; reported: number }>;
  mismatches: number;
}

/**
 * Compares the reports API with a ground truth: per product (views, adds, units, revenue), per UTC day
 * (pageviews, events, visitors, orders, revenue), per country (pageviews, events), the purchase funnel by
 * visitor and, with `goals`, the simulated goals (created on the site when missing). Meaningful on a site
 * whose data is only this run's.
 */
export async function compareWithReports(
  baseUrl: string,
  token: string,
  site: string,
  truth: GroundTruth,
  options: { goals?: boolean } = {},
): Promise<Comparison> {
  const days = Object.keys(truth.days).sort();
  const comparison: Comparison = { rows: [], mismatches: 0 };
  if (!days.length) return comparison;
  const from = new Date(`${days[0]}T00:00:00.000Z`);
  const to = new Date(new Date(`${days.at(-1)}T00:00:00.000Z`).getTime() + DAY);
  const get = async <T>(path: string, query: Record<string, string>): Promise<T> => {
    const search = new URLSearchParams({ site, from: from.toISOString(), to: to.toISOString(), ...query });
    const response = await fetch(`${baseUrl}/api/reports/${path}?${search}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const compare = (scope: string, figure: string, expected: number, reported: number) => {
    comparison.rows.push({ scope, figure, expected, reported });
    if (expected !== reported) comparison.mismatches++;
  };

  const products = await get<ProductsReport>('products', { limit: '1000' });
  for (const [productId, expected] of Object.entries(truth.products)) {
    const row = products.rows.find((r) => r.productId === productId);
    compare(productId, 'views', expected.views, row?.views ?? 0);
    compare(productId, 'adds', expected.adds, row?.adds ?? 0);
    compare(productId, 'purchases', expected.purchases, row?.purchases ?? 0);
    compare(productId, 'revenue', expected.revenue, row?.grossRevenue ?? 0);
  }
  const series = await get<TimeseriesReport>('timeseries', { granularity: 'day', tz: 'UTC' });
  for (const day of days) {
    const expected = truth.days[day]!;
    const point = series.points.find((p) => p.t.startsWith(day));
    compare(day, 'pageviews', expected.pageviews, point?.pageviews ?? 0);
    compare(day, 'events', expected.events, point?.events ?? 0);
    compare(day, 'visitors', expected.visitors, point?.visitors ?? 0);
    compare(day, 'orders', expected.orders, point?.orders ?? 0);
    compare(day, 'revenue', expected.revenue, point?.grossRevenue ?? 0);
  }
  const countries = await get<BreakdownReport>('breakdown/country', { limit: '1000' });
  for (const key of new Set([...Object.keys(truth.countries), ...countries.rows.map((r) => r.key)])) {
    const row = countries.rows.find((r) => r.key === key);
    compare(`country ${key}`, 'pageviews', truth.countries[key]?.pageviews ?? 0, row?.pageviews ?? 0);
    compare(`country ${key}`, 'events', truth.countries[key]?.events ?? 0, row?.events ?? 0);
  }
  const funnel = await get<FunnelReport>('funnel', {});
  truth.funnel.forEach((visitors, index) => {
    compare(`funnel step ${index + 1}`, 'visitors', visitors, funnel.steps[index]?.count ?? 0);
  });
  if (options.goals) {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const listed = (await (await fetch(`${baseUrl}/api/goals?site=${site}`, { headers })).json()) as GoalList;
    for (const goal of SIMULATED_GOALS)
      if (!listed.goals.some((g) => g.name === goal.name))
        await fetch(`${baseUrl}/api/goals`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ site, ...goal }),
        });
    const goals = await get<GoalsReport>('goals', {});
    for (const goal of SIMULATED_GOALS) {
      const row = goals.rows.find((r) => r.name === goal.name);
      compare(`goal ${goal.name}`, 'events', truth.goals[goal.name]!.events, row?.events ?? 0);
      compare(`goal ${goal.name}`, 'visitors', truth.goals[goal.name]!.visitors, row?.visitors ?? 0);
    }
  }
  return comparison;
}

const money = (minor: number) => (minor / 100).toFixed(2);

/** The ground truth as two plain-text tables: per product and per day. */
export function formatGroundTruth(truth: GroundTruth, currency = 'EUR'): string {
  const lines: string[] = [];
  const table = (head: string[], rows: Array<Array<string | number>>) => {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
    const line = (cells: Array<string | number>) =>
      cells
        .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!)))
        .join('  ');
    lines.push(line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '');
  };
  lines.push(`Ground truth per product (revenue in minor units and in ${currency})`);
  table(
    ['product', 'views', 'adds', 'units', 'revenue', currency],
    Object.entries(truth.products).map(([id, p]) => [
      id,
      p.views,
      p.adds,
      p.purchases,
      p.revenue,
      money(p.revenue),
    ]),
  );
  lines.push('Ground truth per day (UTC)');
  table(
    ['day', 'sessions', 'visitors', 'pageviews', 'events', 'orders', 'revenue', currency],
    Object.entries(truth.days)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => [
        day,
        d.sessions,
        d.visitors,
        d.pageviews,
        d.events,
        d.orders,
        d.revenue,
        money(d.revenue),
      ]),
  );
  lines.push('Ground truth per country (browser events)');
  table(
    ['country', 'pageviews', 'events'],
    Object.entries(truth.countries)
      .sort(([, a], [, b]) => b.events - a.events)
      .map(([country, c]) => [country, c.pageviews, c.events]),
  );
  lines.push('Ground truth per goal');
  table(
    ['goal', 'completions', 'visitors'],
    Object.entries(truth.goals).map(([goal, g]) => [goal, g.events, g.visitors]),
  );
  lines.push(`Purchase funnel by visitor: ${truth.funnel.join(' → ')}`, '');
  const t = truth.totals;
  lines.push(
    `Totals: ${t.sessions} sessions, ${t.events} events, ${t.pageviews} pageviews, ${t.orders} orders, revenue ${t.revenue} (${money(t.revenue)} ${currency})`,
  );
  return lines.join('\n');
}
