import { randomUUID } from 'node:crypto';
import {
  type ConversionMatch,
  type CustomEventsReport,
  EcommerceEvent,
  type EventPropertiesReport,
  type Funnel,
  type FunnelInput,
  type FunnelReport,
  type Goal,
  type GoalInput,
  type GoalsReport,
  MAX_FUNNELS_PER_SITE,
  MAX_GOALS_PER_SITE,
} from '@shopstream/contracts';
import { Conflict, NotFound, ValidationFailed } from '@shopstream/server-kit';
import { filtered, type Range, type ReportsService } from '../reports/service';
import { eventMeets, needsGoals, splitFilters } from '../segments/filter-query';
import type { FilteredReports, SelectedEvent } from '../segments/filtered-reports';
import { describeMatch, eventNamesOf, goalTestsOf, matcherOf } from './matching';
import type { ConversionEventDoc, ConversionsRepository, FunnelDoc, GoalDoc } from './repository';
import { countVisitorFunnel } from './visitor-funnel';

/**
 * The most raw events one report reads (goals, funnel, event visitors, properties). Past it the figures
 * are those of the first events read and the report says `complete: false`.
 */
export const MAX_EVENTS_PER_REPORT = 200_000;
/** Property breakdowns: keys and values listed at most, and the characters a value is cut to. */
export const MAX_PROPERTY_KEYS = 20;
export const MAX_PROPERTY_VALUES = 10;
const MAX_VALUE_LENGTH = 100;

/** Every site's purchase funnel, by visitor. Orders come from the server under another visitor, so the
 * last step is the browser's order confirmation page. */
export const PURCHASE_FUNNEL: Omit<Funnel, 'site'> = {
  id: 'purchase',
  name: 'Purchase',
  builtIn: true,
  steps: [
    { label: 'Product viewed', match: { type: 'event', event: EcommerceEvent.ProductViewed } },
    { label: 'Added to cart', match: { type: 'event', event: EcommerceEvent.ProductAdded } },
    { label: 'Checkout started', match: { type: 'event', event: EcommerceEvent.CheckoutStarted } },
    { label: 'Order completed', match: { type: 'page', path: '/checkout/confirmation**' } },
  ],
};

const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

const goalOf = (doc: GoalDoc): Goal => ({
  id: doc._id,
  site: doc.site,
  name: doc.name,
  match: doc.match,
  createdAt: doc.createdAt.toISOString(),
});

const funnelOf = (doc: FunnelDoc): Funnel => ({
  id: doc._id,
  site: doc.site,
  name: doc.name,
  builtIn: false,
  steps: doc.steps,
  createdAt: doc.createdAt.toISOString(),
});

const conversionEventOf = (e: SelectedEvent): ConversionEventDoc => ({
  _id: e.id,
  name: e.name,
  visitorId: e.visitorId,
  occurredAt: new Date(e.at),
  sessionId: e.sessionId,
  ...(e.path !== undefined ? { path: e.path } : {}),
});

/** Goals and funnels staff define per site, and the reports that count them by visitor. */
export class ConversionsService {
  constructor(
    private readonly repository: ConversionsRepository,
    private readonly reports: ReportsService,
    private readonly sites: readonly string[],
    private readonly filteredReports: FilteredReports,
  ) {}

  /**
   * Under filters, goals, funnels and custom events count the events of the selected sessions, read from
   * the day digests as the other filtered reports are (ARCHITECTURE, "Filters and segments").
   */
  private async selectedEvents(
    range: Range,
    counted = false,
    keep: (event: SelectedEvent) => boolean = () => true,
  ): Promise<{ events: ConversionEventDoc[]; visitors: number }> {
    const { events, visitors } = await this.filteredReports.events(
      range.site,
      range.from,
      range.to,
      range.filters ?? [],
      counted,
    );
    return { events: events.filter(keep).map(conversionEventOf), visitors };
  }

  private checkSite(site: string) {
    if (!this.sites.includes(site))
      throw ValidationFailed([{ field: 'site', message: `unknown site ${site}` }]);
  }

  private checkRange({ from, to }: Range) {
    if (!(from < to)) throw ValidationFailed([{ field: 'querystring.to', message: 'must be after from' }]);
  }

  async listGoals(site: string): Promise<Goal[]> {
    return (await this.repository.listGoals(site)).map(goalOf);
  }

  async createGoal(input: GoalInput): Promise<Goal> {
    this.checkSite(input.site);
    if ((await this.repository.countGoals(input.site)) >= MAX_GOALS_PER_SITE)
      throw Conflict(`A site has at most ${MAX_GOALS_PER_SITE} goals`);
    const doc: GoalDoc = { _id: randomUUID(), ...input, createdAt: new Date() };
    await this.repository.insertGoal(doc);
    return goalOf(doc);
  }

  async deleteGoal(site: string, id: string) {
    if (!(await this.repository.deleteGoal(site, id))) throw NotFound(`No goal ${id} on ${site}`);
  }

  async listFunnels(site: string): Promise<Funnel[]> {
    return [{ ...PURCHASE_FUNNEL, site }, ...(await this.repository.listFunnels(site)).map(funnelOf)];
  }

  async createFunnel(input: FunnelInput): Promise<Funnel> {
    this.checkSite(input.site);
    if ((await this.repository.countFunnels(input.site)) >= MAX_FUNNELS_PER_SITE)
      throw Conflict(`A site has at most ${MAX_FUNNELS_PER_SITE} funnels besides the purchase funnel`);
    const doc: FunnelDoc = {
      _id: randomUUID(),
      site: input.site,
      name: input.name,
      steps: input.steps.map((step) => ({
        label: step.label ?? describeMatch(step.match),
        match: step.match,
      })),
      createdAt: new Date(),
    };
    await this.repository.insertFunnel(doc);
    return funnelOf(doc);
  }

  async deleteFunnel(site: string, id: string) {
    if (id === PURCHASE_FUNNEL.id) throw Conflict('The purchase funnel cannot be deleted');
    if (!(await this.repository.deleteFunnel(site, id))) throw NotFound(`No funnel ${id} on ${site}`);
  }

  /** A funnel counted by visitor, in order, over the range (the purchase funnel unless another is named). */
  async funnel(range: Range, funnelId: string): Promise<FunnelReport> {
    this.checkRange(range);
    const funnel =
      funnelId === PURCHASE_FUNNEL.id
        ? PURCHASE_FUNNEL
        : await this.repository.findFunnel(range.site, funnelId).then((doc) => doc && funnelOf(doc));
    if (!funnel) throw NotFound(`No funnel ${funnelId} on ${range.site}`);
    const matches = funnel.steps.map((step) => step.match);
    const { events, complete } = filtered(range)
      ? { ...(await this.selectedEvents(range)), complete: true }
      : await this.read(range, matches);
    const counts = countVisitorFunnel(
      matches.map(matcherOf),
      events.map((event) => ({
        visitorId: event.visitorId,
        at: event.occurredAt.getTime(),
        id: event._id,
        name: event.name,
        path: event.path,
      })),
    );
    return {
      funnel: { id: funnel.id, name: funnel.name },
      steps: funnel.steps.map((step, index) => ({
        name: step.label,
        match: step.match,
        count: counts[index]!.visitors,
        conversionFromPrevious: counts[index]!.conversionFromPrevious,
        conversionFromStart: counts[index]!.conversionFromStart,
        dropOff: counts[index]!.dropOff,
      })),
      complete,
    };
  }

  /** Each goal's completions and conversions (distinct visitors), and conversions over the range's visitors. */
  async goals(range: Range): Promise<GoalsReport> {
    this.checkRange(range);
    const goals = await this.repository.listGoals(range.site);
    const { visitors, events, complete } = filtered(range)
      ? { ...(await this.selectedEvents(range)), complete: true }
      : {
          visitors: await this.reports.visitors(range),
          ...(await this.read(
            range,
            goals.map((goal) => goal.match),
          )),
        };
    const rows = goals.map((goal) => {
      const matches = matcherOf(goal.match);
      const converted = new Set<string>();
      let completions = 0;
      for (const event of events) {
        if (!matches(event)) continue;
        completions++;
        converted.add(event.visitorId);
      }
      return {
        goalId: goal._id,
        name: goal.name,
        match: goal.match,
        events: completions,
        visitors: converted.size,
        conversionRate: share(converted.size, visitors),
      };
    });
    return { visitors, rows, complete };
  }

  /** Every custom (`track`) event name of the range: count, distinct visitors, and their share of visitors. */
  async customEvents(range: Range, limit: number): Promise<CustomEventsReport> {
    this.checkRange(range);
    const { rows: counted } = await this.reports.breakdown(range, 'event', limit);
    // Under filters, the custom events the filters count (those meeting the event filters) of the
    // selected sessions, as the event breakdown counts them.
    const { visitors, events, complete } = filtered(range)
      ? { ...(await this.selectedEvents(range, true, (e) => e.type === 'track')), complete: true }
      : {
          visitors: await this.reports.visitors(range),
          ...(await this.repository.eventsNamed(
            range.site,
            counted.map((row) => row.key),
            range.from,
            range.to,
            MAX_EVENTS_PER_REPORT,
          )),
        };
    // Counted from the events read, like their visitors (the buckets only name them): the two figures
    // of a row always come from the same events.
    const tally = new Map<string, { events: number; visitors: Set<string> }>();
    const names = new Set(counted.map((row) => row.key));
    for (const event of events) {
      if (!names.has(event.name)) continue;
      let entry = tally.get(event.name);
      if (!entry) {
        entry = { events: 0, visitors: new Set() };
        tally.set(event.name, entry);
      }
      entry.events++;
      entry.visitors.add(event.visitorId);
    }
    const rows = counted
      .map((row) => {
        const entry = tally.get(row.key);
        const distinct = entry?.visitors.size ?? 0;
        return {
          name: row.key,
          events: entry?.events ?? 0,
          visitors: distinct,
          conversionRate: share(distinct, visitors),
        };
      })
      .sort((a, b) => b.visitors - a.visitors || b.events - a.events || a.name.localeCompare(b.name));
    return { visitors, rows, complete };
  }

  /**
   * One custom event's properties: the first-level keys with a text, number or boolean value, each with its
   * most frequent values (events and distinct visitors); nested objects and arrays are not broken down.
   */
  async eventProperties(range: Range, name: string): Promise<EventPropertiesReport> {
    this.checkRange(range);
    const read = await this.repository.eventsNamed(
      range.site,
      [name],
      range.from,
      range.to,
      MAX_EVENTS_PER_REPORT,
      true,
    );
    const { complete } = read;
    let events = read.events;
    if (filtered(range)) {
      // Properties are not in the digests: the raw events, kept when their session is selected and they
      // meet the event filters.
      const { sessionIds } = await this.filteredReports.events(
        range.site,
        range.from,
        range.to,
        range.filters,
      );
      const { event: eventFilters } = splitFilters(range.filters);
      const goals = needsGoals(eventFilters) ? goalTestsOf(await this.repository.listGoals(range.site)) : [];
      events = events.filter(
        (e) =>
          sessionIds.has(e.sessionId) &&
          eventMeets(
            {
              name: e.name,
              path: e.path,
              product: typeof e.properties?.product_id === 'string' ? e.properties.product_id : undefined,
            },
            eventFilters,
            goals,
          ),
      );
    }
    const keys = new Map<
      string,
      { events: number; values: Map<string, { events: number; visitors: Set<string> }> }
    >();
    const visitors = new Set<string>();
    for (const event of events) {
      visitors.add(event.visitorId);
      for (const [key, raw] of Object.entries(event.properties ?? {})) {
        if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
        const value = String(raw).slice(0, MAX_VALUE_LENGTH);
        let entry = keys.get(key);
        if (!entry) {
          entry = { events: 0, values: new Map() };
          keys.set(key, entry);
        }
        entry.events++;
        let tally = entry.values.get(value);
        if (!tally) {
          tally = { events: 0, visitors: new Set() };
          entry.values.set(value, tally);
        }
        tally.events++;
        tally.visitors.add(event.visitorId);
      }
    }
    const properties = [...keys]
      .sort(([a, x], [b, y]) => y.events - x.events || a.localeCompare(b))
      .slice(0, MAX_PROPERTY_KEYS)
      .map(([key, entry]) => {
        const values = [...entry.values]
          .map(([value, tally]) => ({ value, events: tally.events, visitors: tally.visitors.size }))
          .sort((a, b) => b.events - a.events || b.visitors - a.visitors || a.value.localeCompare(b.value))
          .slice(0, MAX_PROPERTY_VALUES);
        const listed = values.reduce((sum, v) => sum + v.events, 0);
        return { key, events: entry.events, values, otherValues: entry.events - listed };
      });
    return { name, events: events.length, visitors: visitors.size, properties, complete };
  }

  private read(
    range: Range,
    matches: ConversionMatch[],
  ): Promise<{ events: ConversionEventDoc[]; complete: boolean }> {
    return this.repository.eventsNamed(
      range.site,
      eventNamesOf(matches),
      range.from,
      range.to,
      MAX_EVENTS_PER_REPORT,
    );
  }
}
