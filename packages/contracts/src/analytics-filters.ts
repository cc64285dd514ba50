import { z } from 'zod';
import { Text } from './text';

/**
 * Report filters and saved segments (`?f=referrer:is:google.com&f=device:is:mobile`, /api/segments).
 *
 * Session-scoped dimensions select sessions, by what the session's entry pageview carried (its source,
 * UTM tags, device, browser, OS, landing page, hostname, screen class, language, country, region) or by its last
 * pageview (exit page); all their events
 * count. Event-scoped dimensions select events (page path, product id, event name, the goal an event
 * completes: `goal:is:Signup`); visitors, sessions
 * and session outcomes (orders, revenue, bounce, duration, funnel) then count the sessions having such an
 * event. ARCHITECTURE ("Filters and segments") has the full semantics.
 */
export const SESSION_DIMENSIONS = [
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'device',
  'browser',
  'os',
  'entry_page',
  'exit_page',
  'hostname',
  'screen',
  'language',
  'country',
  'region',
] as const;
/** `goal`: the events completing the site's goal of that name (its page pattern or event name). */
export const EVENT_DIMENSIONS = ['page', 'product', 'event', 'goal'] as const;

/** Every filterable dimension: one list, which new dimensions extend. */
export const AnalyticsDimension = z.enum([...SESSION_DIMENSIONS, ...EVENT_DIMENSIONS]);
export type AnalyticsDimension = z.infer<typeof AnalyticsDimension>;

export type DimensionScope = 'session' | 'event';
export const scopeOfDimension = (dimension: AnalyticsDimension): DimensionScope =>
  (EVENT_DIMENSIONS as readonly string[]).includes(dimension) ? 'event' : 'session';

export const FilterOperator = z.enum(['is', 'is_not', 'contains']);
export type FilterOperator = z.infer<typeof FilterOperator>;

export interface ReportFilter {
  dimension: AnalyticsDimension;
  operator: FilterOperator;
  value: string;
}

export const MAX_FILTERS = 20;
export const MAX_FILTER_VALUE = 1024;

const FILTER_PATTERN = new RegExp(
  `^(${AnalyticsDimension.options.join('|')}):(${FilterOperator.options.join('|')}):[\\s\\S]{1,${MAX_FILTER_VALUE}}$`,
);

/** One filter as text: `dimension:operator:value` (the value may hold colons; it is case-sensitive). */
export const FilterText = Text()
  .regex(FILTER_PATTERN, 'must be dimension:operator:value (operator is, is_not or contains)')
  .describe(
    `dimension:operator:value, e.g. referrer:is:google.com. Dimensions: ${AnalyticsDimension.options.join(', ')}. ` +
      '`(direct)` is the referrer of sessions without one; `(none)` matches a missing UTM value.',
  );

/** `?f=` once or repeated: every filter must hold (AND). */
export const FilterParam = z
  .union([FilterText, z.array(FilterText).max(MAX_FILTERS)])
  .optional()
  .describe('Filters, each `dimension:operator:value`; repeat `f` to combine them (all must hold)');

export function parseFilter(text: string): ReportFilter {
  const first = text.indexOf(':');
  const second = text.indexOf(':', first + 1);
  return {
    dimension: text.slice(0, first) as AnalyticsDimension,
    operator: text.slice(first + 1, second) as FilterOperator,
    value: text.slice(second + 1),
  };
}

export const formatFilter = (filter: ReportFilter) =>
  `${filter.dimension}:${filter.operator}:${filter.value}`;

/** The filters of a query: absent, one, or many; duplicates dropped. */
export function filtersOf(param: string | string[] | undefined): ReportFilter[] {
  const texts = param === undefined ? [] : Array.isArray(param) ? param : [param];
  return [...new Set(texts)].map(parseFilter);
}

export const SegmentName = Text().trim().min(1).max(80);

export const SegmentInput = z.strictObject({
  site: z.string().min(1).max(64).default('demo-shop'),
  name: SegmentName,
  filters: z.array(FilterText).min(1).max(MAX_FILTERS),
});
export type SegmentInput = z.infer<typeof SegmentInput>;

export const Segment = z.object({
  id: z.string(),
  site: z.string(),
  name: z.string(),
  filters: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentList = z.object({ segments: z.array(Segment) });
export type SegmentList = z.infer<typeof SegmentList>;
