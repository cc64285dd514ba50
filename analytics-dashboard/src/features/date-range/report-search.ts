import { z } from 'zod';
import { filtersOf } from '../filters/filters';
import {
  allowedGranularities,
  type DayRange,
  defaultGranularity,
  GRANULARITIES,
  type Granularity,
  isValidTimeZone,
  PRESETS,
  type Preset,
  presetRange,
} from './date-range';

/**
 * What a report shows lives in the URL (?range=last7&granularity=day&tz=Europe/Berlin, or
 * ?range=custom&from=2026-11-01&to=2026-11-07), so a link reproduces it. Presets stay presets in the URL:
 * a shared "last 7 days" link means the last 7 days when it is opened.
 */
export interface ReportSearch {
  preset: Preset | 'custom';
  range: DayRange;
  granularity: Granularity;
  timeZone: string;
  /** Present only when the URL overrides the shop's time zone. */
  timeZoneOverride: string | null;
  /** Present only when the URL names another site than the dashboard's own (?site=…). */
  site: string | null;
  /** Report filters (?f=dimension:operator:value, repeated): every report and panel applies them. */
  filters: string[];
}

const Day = z.iso.date();
/** A site id as analytics-service names them. */
export const SITE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The site a URL asks for, or null for the dashboard's own. */
export function siteOf(params: URLSearchParams): string | null {
  const site = params.get('site');
  return site && SITE_PATTERN.test(site) ? site : null;
}
const DEFAULT_PRESET: Preset = 'last7';
/** The longest custom range a report asks for: keeps a mistyped year from asking the server for decades. */
const MAX_DAYS = 366 * 2;

export function parseReportSearch(params: URLSearchParams, shopTimeZone: string, now: Date): ReportSearch {
  const tzParam = params.get('tz');
  const timeZoneOverride = tzParam && isValidTimeZone(tzParam) ? tzParam : null;
  const timeZone = timeZoneOverride ?? shopTimeZone;

  let preset: Preset | 'custom' = DEFAULT_PRESET;
  let range = presetRange(DEFAULT_PRESET, now, timeZone);
  const rangeParam = params.get('range');
  if (rangeParam === 'custom') {
    const from = Day.safeParse(params.get('from'));
    const to = Day.safeParse(params.get('to'));
    if (from.success && to.success) {
      const [start, end] = from.data <= to.data ? [from.data, to.data] : [to.data, from.data];
      const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
      if (days <= MAX_DAYS) {
        preset = 'custom';
        range = { start, end };
      }
    }
  } else if (PRESETS.includes(rangeParam as Preset)) {
    preset = rangeParam as Preset;
    range = presetRange(preset, now, timeZone);
  }

  const allowed = allowedGranularities(range);
  const granularityParam = params.get('granularity') as Granularity | null;
  const granularity =
    granularityParam && GRANULARITIES.includes(granularityParam) && allowed.includes(granularityParam)
      ? granularityParam
      : defaultGranularity(range);

  return {
    preset,
    range,
    granularity,
    timeZone,
    timeZoneOverride,
    site: siteOf(params),
    filters: filtersOf(params),
  };
}

export type ReportSearchChange =
  | { preset: Preset }
  | { custom: DayRange }
  | { granularity: Granularity }
  | { timeZone: string | null };

/** Applies a change to the URL's parameters, keeping every parameter it does not own (filters, other state). */
export function writeReportSearch(params: URLSearchParams, change: ReportSearchChange): URLSearchParams {
  const next = new URLSearchParams(params);
  if ('preset' in change) {
    next.set('range', change.preset);
    next.delete('from');
    next.delete('to');
    next.delete('granularity');
  } else if ('custom' in change) {
    next.set('range', 'custom');
    next.set('from', change.custom.start);
    next.set('to', change.custom.end);
    next.delete('granularity');
  } else if ('granularity' in change) {
    next.set('granularity', change.granularity);
  } else if (change.timeZone) {
    next.set('tz', change.timeZone);
  } else {
    next.delete('tz');
  }
  return next;
}

/** The report parameters to carry when moving between report screens. */
export function reportParams(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ['range', 'from', 'to', 'granularity', 'tz', 'site']) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  for (const filter of filtersOf(params)) kept.append('f', filter);
  const text = kept.toString();
  return text ? `?${text}` : '';
}
