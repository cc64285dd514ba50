import {
  type BreakdownDimension,
  BreakdownReport,
  CustomEventsReport,
  EntryPagesReport,
  EventPropertiesReport,
  Funnel,
  type FunnelInput,
  FunnelList,
  FunnelReport,
  Goal,
  type GoalInput,
  GoalList,
  GoalsReport,
  type Granularity,
  LiveMessage,
  OverviewReport,
  ProductsReport,
  Segment,
  SegmentList,
  TimeseriesReport,
} from '@shopstream/contracts';
import { ApiError, parseProblem } from '@shopstream/web-kit';
import type { z } from 'zod';
import type { AuthClient } from '../features/auth/auth-client';
import { env } from './env';

/**
 * Every call the dashboard makes to analytics-service, in one place, validated with the shared contracts
 * (packages/contracts/src/analytics.ts). Sign-in calls live in features/auth/auth-client.ts.
 */

export { ApiError } from '@shopstream/web-kit';

/** A problem of the dashboard's own making (no answer, or one it cannot read), said in one sentence. */
const ownProblem = (status: number, title: string) => ({ type: 'about:blank', title, status });

/**
 * What every report is asked for: UTC instants (end exclusive), the time zone its buckets follow, and
 * the site when it is not the dashboard's own.
 */
export interface ReportRange {
  from: string;
  to: string;
  tz: string;
  site?: string;
  /** Report filters, `dimension:operator:value` each; all must hold. */
  f?: string[];
}

export interface AnalyticsApiOptions {
  baseUrl?: string;
  wsUrl?: string;
  site?: string;
}

export function createAnalyticsApi(auth: AuthClient, options: AnalyticsApiOptions = {}) {
  const baseUrl = options.baseUrl ?? env.VITE_ANALYTICS_URL;
  const wsUrl = options.wsUrl ?? env.VITE_WS_URL;
  const site = options.site ?? env.VITE_ANALYTICS_SITE;

  /** One call: the site in the query (unless `params` names another), JSON in and out, problems as ApiError. */
  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    schema: S | null,
    path: string,
    params: Record<string, string | number | string[]>,
    signal?: AbortSignal,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const url = new URL(path, baseUrl);
    url.searchParams.set('site', site);
    for (const [key, value] of Object.entries(params)) {
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    let response: Response;
    try {
      response = await auth.fetchAuthorized(url.toString(), {
        method,
        signal,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, ownProblem(0, 'The analytics service cannot be reached.'));
    }
    if (!response.ok) {
      let problemBody: unknown = null;
      try {
        problemBody = await response.json();
      } catch {
        // Not a problem document; the status says enough.
      }
      throw new ApiError(
        response.status,
        parseProblem(problemBody) ??
          ownProblem(response.status, `The analytics service answered ${response.status}.`),
      );
    }
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) {
      // A shape mismatch is a bug between the two sides, not the user's: say so plainly and log the details.
      console.error(`Unexpected answer from ${path}`, parsed.error.issues);
      throw new ApiError(
        response.status,
        ownProblem(
          response.status,
          'The analytics service answered in a form this dashboard does not understand.',
        ),
      );
    }
    return parsed.data;
  }
  const get = <S extends z.ZodType>(
    schema: S,
    path: string,
    params: Record<string, string | number | string[]>,
    signal?: AbortSignal,
  ) => call('GET', schema, path, params, signal);

  return {
    site,
    overview: (range: ReportRange, signal?: AbortSignal) =>
      get(OverviewReport, '/api/reports/overview', { ...range }, signal),
    timeseries: (range: ReportRange & { granularity: Granularity }, signal?: AbortSignal) =>
      get(TimeseriesReport, '/api/reports/timeseries', { ...range }, signal),
    /** The server sorts by revenue; other orders are taken from these rows. */
    products: (range: ReportRange & { limit: number }, signal?: AbortSignal) =>
      get(ProductsReport, '/api/reports/products', { ...range }, signal),
    breakdown: (
      range: ReportRange & { dimension: BreakdownDimension; limit: number },
      signal?: AbortSignal,
    ) => {
      const { dimension, ...query } = range;
      return get(BreakdownReport, `/api/reports/breakdown/${dimension}`, { ...query }, signal);
    },
    /** By visitor, in order; the purchase funnel unless another funnel's id is given. */
    funnel: (range: ReportRange & { funnel?: string }, signal?: AbortSignal) =>
      get(FunnelReport, '/api/reports/funnel', { ...range }, signal),
    goalsReport: (range: ReportRange, signal?: AbortSignal) =>
      get(GoalsReport, '/api/reports/goals', { ...range }, signal),
    customEvents: (range: ReportRange & { limit: number }, signal?: AbortSignal) =>
      get(CustomEventsReport, '/api/reports/events', { ...range }, signal),
    eventProperties: (range: ReportRange & { name: string }, signal?: AbortSignal) =>
      get(EventPropertiesReport, '/api/reports/events/properties', { ...range }, signal),
    goals: {
      list: (forSite: string, signal?: AbortSignal) => get(GoalList, '/api/goals', { site: forSite }, signal),
      create: (input: GoalInput) => call('POST', Goal, '/api/goals', {}, undefined, input),
      remove: (forSite: string, id: string) =>
        call('DELETE', null, `/api/goals/${encodeURIComponent(id)}`, { site: forSite }),
    },
    funnels: {
      list: (forSite: string, signal?: AbortSignal) =>
        get(FunnelList, '/api/funnels', { site: forSite }, signal),
      create: (input: FunnelInput) => call('POST', Funnel, '/api/funnels', {}, undefined, input),
      remove: (forSite: string, id: string) =>
        call('DELETE', null, `/api/funnels/${encodeURIComponent(id)}`, { site: forSite }),
    },
    entryPages: (range: ReportRange & { limit: number }, signal?: AbortSignal) =>
      get(EntryPagesReport, '/api/reports/entry-pages', { ...range }, signal),

    /** Saved segments of the site (or of `other`, the URL's site). */
    segments: {
      list: (other?: string, signal?: AbortSignal) =>
        get(SegmentList, '/api/segments', other ? { site: other } : {}, signal),
      create: (input: { name: string; filters: string[] }, other?: string) =>
        call('POST', Segment, '/api/segments', {}, undefined, { site: other ?? site, ...input }),
      remove: (id: string, other?: string) =>
        call('DELETE', null, `/api/segments/${encodeURIComponent(id)}`, other ? { site: other } : {}),
    },

    live: {
      /**
       * The feed's address with a fresh access token: browsers cannot set headers on a WebSocket, so
       * analytics-service reads the token from the query (GET /ws?token=…&site=…&f=…).
       */
      async url({
        renew = false,
        site: other,
        filters = [],
      }: {
        renew?: boolean;
        site?: string | null;
        /** `dimension:operator:value`, as the reports take them. */
        filters?: readonly string[];
      } = {}): Promise<string> {
        // After a failed attempt the token may have been refused: renewing it tells a revoked session
        // (sign in again) from a service that is away (keep retrying).
        if (renew) await auth.restore();
        const token = await auth.getAccessToken();
        if (!token) throw new ApiError(401, ownProblem(401, 'Your session has ended. Sign in again.'));
        const url = new URL(wsUrl);
        url.searchParams.set('token', token);
        url.searchParams.set('site', other ?? site);
        for (const f of filters) url.searchParams.append('f', f);
        return url.toString();
      },
      parse(data: unknown): LiveMessage | null {
        if (typeof data !== 'string') return null;
        try {
          const parsed = LiveMessage.safeParse(JSON.parse(data));
          return parsed.success ? parsed.data : null;
        } catch {
          return null;
        }
      },
    },
  };
}
export type AnalyticsApi = ReturnType<typeof createAnalyticsApi>;
