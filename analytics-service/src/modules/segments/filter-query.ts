import { type AnalyticsDimension, type ReportFilter, scopeOfDimension } from '@shopstream/contracts';

/**
 * Where each dimension lives: the session documents' top-level copies of their entry's dimensions for
 * session-scoped ones (top-level, so that FerretDB can hand an equality to PostgreSQL), raw events for
 * the others.
 */
const FIELD: Record<AnalyticsDimension, string> = {
  referrer: 'referrer',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  device: 'device',
  browser: 'browser',
  os: 'os',
  entry_page: 'entry_page',
  exit_page: 'exit.path',
  hostname: 'hostname',
  screen: 'screen',
  language: 'language',
  country: 'country',
  region: 'region',
  page: 'path',
  product: 'properties.product_id',
  event: 'name',
};

export const fieldOfDimension = (dimension: AnalyticsDimension) => FIELD[dimension];

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * One filter as a MongoDB condition: equality, `$ne` and a case-insensitive `$regex` are all FerretDB
 * 1.24 evaluates (equality and ranges are pushed down to PostgreSQL). `is_not` also matches documents
 * without the field (a session drained before it carried dimensions, an event without a path).
 */
function conditionOf(filter: ReportFilter): Record<string, unknown> {
  const field = FIELD[filter.dimension];
  switch (filter.operator) {
    case 'is':
      return { [field]: filter.value };
    case 'is_not':
      return { [field]: { $ne: filter.value } };
    case 'contains':
      return { [field]: { $regex: escapeRegex(filter.value), $options: 'i' } };
  }
}

export interface SplitFilters {
  session: ReportFilter[];
  event: ReportFilter[];
}

export function splitFilters(filters: ReportFilter[]): SplitFilters {
  return {
    session: filters.filter((f) => scopeOfDimension(f.dimension) === 'session'),
    event: filters.filter((f) => scopeOfDimension(f.dimension) === 'event'),
  };
}

/**
 * All of the filters as one match: `is` on a top-level field as a plain equality (FerretDB 1.24 pushes
 * only those down to PostgreSQL), the rest in one `$and` (so two filters on one field never overwrite
 * each other).
 */
export function matchOf(filters: ReportFilter[]): Record<string, unknown> {
  const match: Record<string, unknown> = {};
  const rest: Record<string, unknown>[] = [];
  for (const filter of filters) {
    const field = FIELD[filter.dimension];
    if (filter.operator === 'is' && !field.includes('.') && !(field in match)) match[field] = filter.value;
    else rest.push(conditionOf(filter));
  }
  if (rest.length) match.$and = rest;
  return match;
}

/** The same filters, evaluated on a plain value: what the database's match does, for one field. */
export function holds(filter: ReportFilter, value: string | undefined): boolean {
  switch (filter.operator) {
    case 'is':
      return value === filter.value;
    case 'is_not':
      return value !== filter.value;
    case 'contains':
      return (value ?? '').toLowerCase().includes(filter.value.toLowerCase());
  }
}
