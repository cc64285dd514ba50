import {
  type AnalyticsDimension,
  FilterText,
  formatFilter,
  MAX_FILTERS,
  parseFilter,
  type ReportFilter,
} from '@shopstream/contracts';

/**
 * Report filters live in the URL as repeated `f` parameters, as the reports API takes them
 * (`?f=referrer:is:google.com&f=device:is:mobile`): a link, a reload or another screen keeps them.
 */
export function filtersOf(params: URLSearchParams): string[] {
  const valid = params.getAll('f').filter((f) => FilterText.safeParse(f).success);
  return [...new Set(valid)].slice(0, MAX_FILTERS);
}

export type FilterChange = { add: string } | { remove: string } | { replace: string[] };

/** Applies a change to the URL's filters, keeping every other parameter. */
export function writeFilters(params: URLSearchParams, change: FilterChange): URLSearchParams {
  const current = filtersOf(params);
  const next =
    'add' in change
      ? [...current.filter((f) => f !== change.add), change.add]
      : 'remove' in change
        ? current.filter((f) => f !== change.remove)
        : change.replace;
  const written = new URLSearchParams(params);
  written.delete('f');
  for (const f of next.slice(0, MAX_FILTERS)) written.append('f', f);
  return written;
}

export const DIMENSION_LABELS: Record<AnalyticsDimension, string> = {
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  utm_term: 'UTM term',
  utm_content: 'UTM content',
  device: 'Device',
  browser: 'Browser',
  os: 'OS',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  hostname: 'Hostname',
  screen: 'Screen size',
  language: 'Language',
  country: 'Country',
  region: 'Region',
  page: 'Page',
  product: 'Product',
  event: 'Event',
  goal: 'Goal',
};

const OPERATOR_LABELS: Record<ReportFilter['operator'], string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
};

/** "Referrer is google.com": what a chip says. */
export function describeFilter(text: string): string {
  const filter = parseFilter(text);
  return `${DIMENSION_LABELS[filter.dimension]} ${OPERATOR_LABELS[filter.operator]} ${filter.value}`;
}

/** The filter a click on a breakdown row adds. */
export const isFilter = (dimension: AnalyticsDimension, value: string) =>
  formatFilter({ dimension, operator: 'is', value });
