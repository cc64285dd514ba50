import { z } from 'zod';
import { ReportQuery } from './analytics';
import { Text } from './text';

/** Contracts of goals, funnels and custom-event reports (/api/goals, /api/funnels, /api/reports/*). */

const Site = z.string().min(1).max(64);

export const PathPattern = Text()
  .min(1)
  .max(200)
  .regex(/^\/[^\s?#]*$/, 'must be a path starting with / (no query, fragment or spaces)')
  .describe('A page path; `*` matches within one segment, `**` matches anything (`/products/*`, `/blog/**`)');

/** What a goal or a funnel step matches: a pageview by its path pattern, or a custom event by its name. */
export const ConversionMatch = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('page'), path: PathPattern }),
  z.strictObject({
    type: z.literal('event'),
    event: Text().min(1).max(100).describe('The `track` event name, exactly (e.g. Newsletter Signup)'),
  }),
]);
export type ConversionMatch = z.infer<typeof ConversionMatch>;

export const MAX_GOALS_PER_SITE = 50;
export const MAX_FUNNELS_PER_SITE = 20;
export const MAX_FUNNEL_STEPS = 8;

export const GoalInput = z.strictObject({
  site: Site,
  name: Text().trim().min(1).max(80),
  match: ConversionMatch,
});
export type GoalInput = z.infer<typeof GoalInput>;

export const Goal = z.object({
  id: z.string(),
  site: z.string(),
  name: z.string(),
  match: ConversionMatch,
  createdAt: z.string(),
});
export type Goal = z.infer<typeof Goal>;
export const GoalList = z.object({ goals: z.array(Goal) });
export type GoalList = z.infer<typeof GoalList>;

export const FunnelStepInput = z.strictObject({
  label: Text().trim().min(1).max(80).optional().describe('Shown in the report; the match when absent'),
  match: ConversionMatch,
});
export type FunnelStepInput = z.infer<typeof FunnelStepInput>;

export const FunnelInput = z.strictObject({
  site: Site,
  name: Text().trim().min(1).max(80),
  steps: z.array(FunnelStepInput).min(2).max(MAX_FUNNEL_STEPS),
});
export type FunnelInput = z.infer<typeof FunnelInput>;

export const Funnel = z.object({
  id: z.string(),
  site: z.string(),
  name: z.string(),
  builtIn: z.boolean().describe('The purchase funnel every site has; it cannot be deleted'),
  steps: z.array(z.object({ label: z.string(), match: ConversionMatch })),
  createdAt: z.string().optional(),
});
export type Funnel = z.infer<typeof Funnel>;
export const FunnelList = z.object({ funnels: z.array(Funnel) });
export type FunnelList = z.infer<typeof FunnelList>;

export const SiteQuery = z.strictObject({ site: Site.default('demo-shop') });
export const ConfigItemParams = z.strictObject({ id: z.string().min(1).max(64) });

const Complete = z
  .boolean()
  .describe('False when the range held more matching events than one report reads (see ARCHITECTURE)');
const Rate = (what: string) =>
  z.number().min(0).max(1).describe(`${what} (0..1, 0 when nothing to divide by)`);

export const CustomEventRow = z.object({
  name: z.string(),
  events: z.number().int(),
  visitors: z.number().int().describe('Distinct visitors who sent it in the range'),
  conversionRate: Rate('Its visitors over the range’s visitors'),
});
export const CustomEventsReport = z.object({
  visitors: z.number().int().describe('The range’s visitors, as on the overview'),
  rows: z.array(CustomEventRow),
  complete: Complete,
});
export type CustomEventsReport = z.infer<typeof CustomEventsReport>;

export const EventPropertiesQuery = ReportQuery.extend({
  name: Text().min(1).max(100).describe('The event name'),
});
export const EventPropertiesReport = z.object({
  name: z.string(),
  events: z.number().int(),
  visitors: z.number().int(),
  properties: z.array(
    z.object({
      key: z.string(),
      events: z.number().int().describe('Events that carry the key with a text, number or boolean value'),
      values: z.array(z.object({ value: z.string(), events: z.number().int(), visitors: z.number().int() })),
      otherValues: z.number().int().describe('Events whose value is not among those listed'),
    }),
  ),
  complete: Complete,
});
export type EventPropertiesReport = z.infer<typeof EventPropertiesReport>;

export const GoalRow = z.object({
  goalId: z.string(),
  name: z.string(),
  match: ConversionMatch,
  events: z.number().int().describe('Completions: matching pageviews or events'),
  visitors: z.number().int().describe('Conversions: distinct visitors who completed it'),
  conversionRate: Rate('Conversions over the range’s visitors'),
});
export const GoalsReport = z.object({
  visitors: z.number().int().describe('The range’s visitors, as on the overview'),
  rows: z.array(GoalRow),
  complete: Complete,
});
export type GoalsReport = z.infer<typeof GoalsReport>;

export const FunnelQuery = ReportQuery.extend({
  funnel: z
    .string()
    .min(1)
    .max(64)
    .default('purchase')
    .describe('A funnel id; the purchase funnel by default'),
});

export const FunnelReport = z.object({
  funnel: z.object({ id: z.string(), name: z.string() }),
  steps: z.array(
    z.object({
      name: z.string(),
      match: ConversionMatch,
      count: z
        .number()
        .int()
        .describe('Visitors who reached this step after every step before it, in order, within the range'),
      conversionFromPrevious: Rate(
        'This step over the previous one; for the first step 1 when anyone reached it',
      ),
      conversionFromStart: Rate('This step over the first one; for the first step 1 when anyone reached it'),
      dropOff: z.number().int().describe('Visitors of the previous step who did not reach this one'),
    }),
  ),
  complete: Complete,
});
export type FunnelReport = z.infer<typeof FunnelReport>;
