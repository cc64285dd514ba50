import { type AnalyticsDimension, type ReportFilter, scopeOfDimension } from '@shopstream/contracts';

/** Where each dimension lives: session documents for session-scoped ones, raw events for the others. */
const FIELD: Record<AnalyticsDimension, string> = {
  referrer: 'entry.referrer',
  utm_source: 'entry.utm_source',
  utm_medium: 'entry.utm_medium',
  utm_campaign: 'entry.utm_campaign',
  utm_term: 'entry.utm_term',
  utm_content: 'entry.utm_content',
  device: 'entry.device',
  browser: 'entry.browser',
  os: 'entry.os',
  entry_page: 'entry.path',
  exit_page: 'exit.path',
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

/** All of the filters, as one `$and` (two filters on one field must not overwrite each other). */
export function matchOf(filters: ReportFilter[]): Record<string, unknown> {
  return filters.length ? { $and: filters.map(conditionOf) } : {};
}

/** The same filters, evaluated on a plain value: what the database's match does, for one field. */
export function holds(filter: ReportFilter, value: string | undefined): boolean {
  switch (filter.operator) {
    case 'is':
      return value === filter.value;
    case 'is_not':
      return value !== filter.value;
    case 'contains':
      return value !== undefined && value.toLowerCase().includes(filter.value.toLowerCase());
  }
}
