import type { ConversionMatch } from '@shopstream/contracts';
import type { GoalTest } from '../segments/filter-query';

/** What a goal or funnel step is checked against: one stored event, reduced to what matching reads. */
export interface MatchableEvent {
  name: string;
  path?: string;
}

/**
 * A path pattern as a regular expression: `**` matches anything, `*` anything but `/`, the rest itself
 * (regex characters escaped), anchored at both ends.
 */
export function pathPatternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A predicate for one match: pageviews by path pattern, custom events by exact name. */
export function matcherOf(match: ConversionMatch): (event: MatchableEvent) => boolean {
  if (match.type === 'event') return (event) => event.name === match.event;
  const pattern = pathPatternRegExp(match.path);
  return (event) => event.name === 'pageview' && event.path !== undefined && pattern.test(event.path);
}

/** The site's goals as goal filters (`goal:is:<name>`) test events against them. */
export const goalTestsOf = (goals: ReadonlyArray<{ name: string; match: ConversionMatch }>): GoalTest[] =>
  goals.map((goal) => ({ name: goal.name, completedBy: matcherOf(goal.match) }));

/** The stored event names a set of matches needs read: the events named, plus pageviews for page matches. */
export function eventNamesOf(matches: ConversionMatch[]): string[] {
  const names = new Set<string>();
  for (const match of matches) names.add(match.type === 'event' ? match.event : 'pageview');
  return [...names];
}

export const describeMatch = (match: ConversionMatch) =>
  match.type === 'event' ? match.event : `Visited ${match.path}`;
