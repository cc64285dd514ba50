import { type ReportFilter, scopeOfDimension } from '@shopstream/contracts';
import type { DigestEvent, DigestSession, SessionDimension } from './digest-format';

/** What event-scoped filters read of an event. */
export type FilterableEvent = Pick<DigestEvent, 'name'> & {
  path?: string | undefined;
  product?: string | undefined;
};

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

/** A filter on a plain value: `is_not` also holds for a missing one, `contains` ignores case. */
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

/** What an event-scoped dimension reads of an event: any event's path, its product id, its name. */
export function eventValueOf(event: FilterableEvent, filter: ReportFilter): string | undefined {
  if (filter.dimension === 'page') return event.path;
  if (filter.dimension === 'product') return event.product;
  return event.name;
}

/** A goal of the site, as goal filters test events against it (its page pattern or event name). */
export interface GoalTest {
  name: string;
  completedBy: (event: FilterableEvent) => boolean;
}

/**
 * `goal:is:Signup` holds for an event that completes the goal named Signup, `contains` for one completing a
 * goal whose name contains the text (any case), `is_not` for one completing no goal of that name. A name
 * the site has no goal of completes nothing.
 */
function goalHolds(filter: ReportFilter, event: FilterableEvent, goals: readonly GoalTest[]): boolean {
  const text = filter.value.toLowerCase();
  const named = (goal: GoalTest) =>
    filter.operator === 'contains' ? goal.name.toLowerCase().includes(text) : goal.name === filter.value;
  const completes = goals.some((goal) => named(goal) && goal.completedBy(event));
  return filter.operator === 'is_not' ? !completes : completes;
}

/** Whether one event-scoped filter holds for an event (`goals`: the site's, for goal filters). */
export const eventHolds = (event: FilterableEvent, filter: ReportFilter, goals: readonly GoalTest[] = []) =>
  filter.dimension === 'goal' ? goalHolds(filter, event, goals) : holds(filter, eventValueOf(event, filter));

/** Whether any filter needs the site's goals read. */
export const needsGoals = (filters: ReportFilter[]) => filters.some((f) => f.dimension === 'goal');

/** Whether a session meets every session-scoped filter (by its entry's dimensions, or its exit page). */
export const sessionMeets = (session: DigestSession, filters: ReportFilter[]) =>
  filters.every((f) => holds(f, session.dims[f.dimension as SessionDimension]));

/** Whether an event meets every event-scoped filter (all of them on the same event). */
export const eventMeets = (
  event: FilterableEvent,
  filters: ReportFilter[],
  goals: readonly GoalTest[] = [],
) => filters.every((f) => eventHolds(event, f, goals));
