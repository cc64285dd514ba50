import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO, startOfMonth, subMonths } from 'date-fns';

/** Ranges are whole calendar days in the shop's time zone; `end` is inclusive. Dates are yyyy-MM-dd. */
export interface DayRange {
  start: string;
  end: string;
}

export const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<Preset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
};

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const GRANULARITY_SECONDS: Record<Granularity, number> = { minute: 60, hour: 3600, day: 86_400 };

const DAY = 'yyyy-MM-dd';

/** The calendar day it is now in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return format(new TZDate(now.getTime(), timeZone), DAY);
}

function shiftDay(day: string, days: number): string {
  return format(addDays(parseISO(day), days), DAY);
}

/** "Last 7 days" includes today, so the live day is always part of the report. */
export function presetRange(preset: Preset, now: Date, timeZone: string): DayRange {
  const today = todayIn(timeZone, now);
  switch (preset) {
    case 'today':
      return { start: today, end: today };
    case 'yesterday': {
      const yesterday = shiftDay(today, -1);
      return { start: yesterday, end: yesterday };
    }
    case 'last7':
      return { start: shiftDay(today, -6), end: today };
    case 'last30':
      return { start: shiftDay(today, -29), end: today };
    case 'thisMonth':
      return { start: format(startOfMonth(parseISO(today)), DAY), end: today };
    case 'lastMonth': {
      const first = subMonths(startOfMonth(parseISO(today)), 1);
      return { start: format(first, DAY), end: shiftDay(format(startOfMonth(parseISO(today)), DAY), -1) };
    }
  }
}

export function dayCount(range: DayRange): number {
  return differenceInCalendarDays(parseISO(range.end), parseISO(range.start)) + 1;
}

/** The period of the same number of days just before the range: what every KPI is compared with. */
export function previousPeriod(range: DayRange): DayRange {
  const days = dayCount(range);
  return { start: shiftDay(range.start, -days), end: shiftDay(range.start, -1) };
}

/** UTC instants for the API: from the first midnight of the range to the midnight after its last day (exclusive). */
export function rangeToInstants(range: DayRange, timeZone: string): { from: string; to: string } {
  const midnight = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(new TZDate(y, m - 1, d, timeZone).getTime()).toISOString();
  };
  return { from: midnight(range.start), to: midnight(shiftDay(range.end, 1)) };
}

/** Finer granularities only where they stay readable: minutes for at most a day, hours for at most 31 days. */
export function allowedGranularities(range: DayRange): Granularity[] {
  const days = dayCount(range);
  if (days <= 1) return ['minute', 'hour'];
  if (days <= 31) return ['hour', 'day'];
  return ['day'];
}

export function defaultGranularity(range: DayRange): Granularity {
  return dayCount(range) <= 2 ? 'hour' : 'day';
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
