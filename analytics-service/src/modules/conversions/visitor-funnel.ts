import type { MatchableEvent } from './matching';

export interface FunnelEvent extends MatchableEvent {
  visitorId: string;
  /** Milliseconds since the epoch: when it happened, not when it arrived. */
  at: number;
  /** Orders events on every read alike (events of one millisecond are taken as simultaneous). */
  id: string;
}

export interface FunnelStepCount {
  /** Visitors who reached this step after all the steps before it, in order. */
  visitors: number;
  /** 0..1: this step over the previous one; for the first step 1 when anyone reached it, else 0. */
  conversionFromPrevious: number;
  /** 0..1: this step over the first one; for the first step 1 when anyone reached it, else 0. */
  conversionFromStart: number;
  /** Visitors of the previous step who did not reach this one (0 for the first step). */
  dropOff: number;
}

/**
 * Counts a funnel by visitor, in order. A visitor's events are put in the order they happened (whatever
 * order they arrived in); walking them, an event that matches the next step not yet reached advances the
 * visitor by one step. So a visitor counts at step N only if steps 1..N-1 were reached before it (or in the
 * same millisecond), one event advances at most one step, and events that skip a step or repeat one
 * change nothing. Counts can only
 * shrink from one step to the next, so every ratio is within 0..1.
 */
export function countVisitorFunnel(
  steps: Array<(event: MatchableEvent) => boolean>,
  events: Iterable<FunnelEvent>,
): FunnelStepCount[] {
  const byVisitor = new Map<string, FunnelEvent[]>();
  for (const event of events) {
    let list = byVisitor.get(event.visitorId);
    if (!list) {
      list = [];
      byVisitor.set(event.visitorId, list);
    }
    list.push(event);
  }
  const reachedAtLeast = new Array<number>(steps.length).fill(0);
  for (const list of byVisitor.values()) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let reached = 0;
    // Events of one millisecond have no order between them (an SDK stamps a burst alike): each of them
    // may advance the visitor once, in whichever order lets it go furthest.
    for (let start = 0; start < list.length && reached < steps.length; ) {
      let end = start + 1;
      while (end < list.length && list[end]!.at === list[start]!.at) end++;
      const used = new Set<number>();
      for (let advanced = true; advanced && reached < steps.length; ) {
        advanced = false;
        for (let i = start; i < end; i++) {
          if (used.has(i) || !steps[reached]!(list[i]!)) continue;
          used.add(i);
          reached++;
          advanced = true;
          break;
        }
      }
      start = end;
    }
    for (let step = 0; step < reached; step++) reachedAtLeast[step]!++;
  }
  const first = reachedAtLeast[0] ?? 0;
  return reachedAtLeast.map((visitors, index) => {
    const previous = index === 0 ? visitors : reachedAtLeast[index - 1]!;
    return {
      visitors,
      conversionFromPrevious: previous > 0 ? visitors / previous : 0,
      conversionFromStart: first > 0 ? visitors / first : 0,
      dropOff: previous - visitors,
    };
  });
}
