import type { BreakdownReport } from '@shopstream/contracts';
import type { SessionEntry } from '../aggregates/documents';
import type { Selection } from '../segments/filtered-reports';

/** The breakdowns whose key is a field of the session's entry (added after the filtered path's own). */
export const ENTRY_BREAKDOWNS = ['hostname', 'screen', 'language', 'region'] as const;
export type EntryBreakdown = (typeof ENTRY_BREAKDOWNS)[number];
export const isEntryBreakdown = (dimension: string): dimension is EntryBreakdown =>
  (ENTRY_BREAKDOWNS as readonly string[]).includes(dimension);

/**
 * Rows of the selected sessions by a field of their entry, as the filtered path groups its other session
 * dimensions: a session's pageviews and events (its counters, or its events that met the event filters).
 * Sessions stored before the field existed are in no row.
 */
export function entryBreakdown(
  selection: Selection,
  field: keyof SessionEntry & EntryBreakdown,
  limit: number,
): BreakdownReport['rows'] {
  const matched = new Map<string, { pageviews: number; events: number }>();
  for (const e of selection.matched ?? []) {
    const row = matched.get(e.sessionId) ?? { pageviews: 0, events: 0 };
    row.events++;
    if (e.type === 'page') row.pageviews++;
    matched.set(e.sessionId, row);
  }
  const rows = new Map<string, { pageviews: number; events: number }>();
  for (const [id, session] of selection.sessions) {
    const key = session.entry?.[field];
    if (key === undefined) continue;
    const sums = selection.matched
      ? (matched.get(id) ?? { pageviews: 0, events: 0 })
      : { pageviews: Number(session.n?.pageviews ?? 0), events: Number(session.n?.events ?? 0) };
    const row = rows.get(key) ?? { pageviews: 0, events: 0 };
    row.pageviews += sums.pageviews;
    row.events += sums.events;
    rows.set(key, row);
  }
  return [...rows]
    .map(([key, row]) => ({ key, ...row }))
    .sort((a, b) => b.pageviews - a.pageviews || b.events - a.events || a.key.localeCompare(b.key))
    .slice(0, limit);
}
