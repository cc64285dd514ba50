import { format, parseISO, subMonths } from 'date-fns';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { type DateRange, DayPicker } from 'react-day-picker';
import 'react-day-picker/style.css';
import {
  allowedGranularities,
  GRANULARITIES,
  type Granularity,
  PRESET_LABELS,
  PRESETS,
  type Preset,
  todayIn,
} from './date-range';
import { monthsThatFit, placePopover } from './popover-placement';
import type { ReportContext } from './use-report-search';

const GRANULARITY_LABELS: Record<Granularity, string> = { minute: 'Minute', hour: 'Hour', day: 'Day' };

export function formatDayRange(range: { start: string; end: string }, locale: string): string {
  const formatter = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const start = new Date(`${range.start}T00:00:00Z`);
  const end = new Date(`${range.end}T00:00:00Z`);
  return range.start === range.end ? formatter.format(start) : formatter.formatRange(start, end);
}

/** Range presets, a calendar for a custom range, the granularity switch and the time zone in use. */
export function ReportToolbar({
  report,
  locale,
  showGranularity = true,
}: {
  report: ReportContext;
  locale: string;
  showGranularity?: boolean;
}) {
  const presetId = useId();
  const allowed = allowedGranularities(report.range);
  return (
    <div className="toolbar">
      <label className="field" htmlFor={presetId}>
        Period
        <select
          id={presetId}
          value={report.preset}
          onChange={(event) => {
            const value = event.target.value;
            if (value !== 'custom') report.change({ preset: value as Preset });
          }}
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABELS[preset]}
            </option>
          ))}
          <option value="custom" disabled={report.preset !== 'custom'}>
            Custom range
          </option>
        </select>
      </label>
      <CustomRange report={report} />
      {showGranularity ? (
        <fieldset className="field fieldset">
          <legend>Granularity</legend>
          <div className="segmented">
            {GRANULARITIES.map((granularity) => (
              <button
                key={granularity}
                type="button"
                aria-pressed={report.granularity === granularity}
                disabled={!allowed.includes(granularity)}
                title={allowed.includes(granularity) ? undefined : 'Not available for a range this long'}
                onClick={() => report.change({ granularity })}
              >
                {GRANULARITY_LABELS[granularity]}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      <p className="range-text" aria-live="polite">
        {formatDayRange(report.range, locale)} · times in {report.timeZone}
        {report.site ? ` · site ${report.site}` : ''}
        {report.timeZoneOverride ? (
          <>
            {' '}
            <button
              type="button"
              className="button button-small"
              onClick={() => report.change({ timeZone: null })}
            >
              Use the shop’s time zone
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}

const toDate = (day: string) => parseISO(day);
const toDay = (date: Date) => format(date, 'yyyy-MM-dd');

function CustomRange({ report }: { report: ReportContext }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<DateRange | undefined>();
  const popoverId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number; maxHeight: number } | null>(null);
  const [months, setMonths] = useState(2);
  const today = toDate(todayIn(report.timeZone, new Date()));

  // Placed against the viewport, not the button: a calendar wider than the space left of the button would
  // otherwise be cut off at the screen's left edge (at 1280 px, Mondays could not be clicked).
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again once the number of months changed its width
  useLayoutEffect(() => {
    if (!open) {
      setPlace(null);
      return;
    }
    const measure = () => {
      const anchor = button.current?.getBoundingClientRect();
      const element = popover.current;
      if (!anchor || !element) return;
      const viewport = { width: document.documentElement.clientWidth, height: window.innerHeight };
      setMonths(monthsThatFit(viewport.width));
      setPlace(placePopover(anchor, { width: element.offsetWidth, height: element.offsetHeight }, viewport));
    };
    measure();
    window.addEventListener('resize', measure);
    window.addEventListener('scroll', measure, true);
    return () => {
      window.removeEventListener('resize', measure);
      window.removeEventListener('scroll', measure, true);
    };
  }, [open, months]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div ref={wrapper} style={{ position: 'relative' }}>
      <button
        ref={button}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={popoverId}
        onClick={() => {
          setDraft({ from: toDate(report.range.start), to: toDate(report.range.end) });
          setOpen((value) => !value);
        }}
      >
        Custom range…
      </button>
      {open ? (
        <div
          id={popoverId}
          ref={popover}
          className="popover"
          role="dialog"
          aria-label="Choose a date range"
          style={
            place
              ? {
                  position: 'fixed',
                  left: place.left,
                  top: place.top,
                  right: 'auto',
                  maxHeight: place.maxHeight,
                }
              : { visibility: 'hidden' }
          }
        >
          <DayPicker
            mode="range"
            selected={draft}
            onSelect={setDraft}
            defaultMonth={subMonths(draft?.to ?? today, months - 1)}
            endMonth={today}
            disabled={{ after: today }}
            numberOfMonths={months}
            weekStartsOn={1}
          />
          <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={!draft?.from}
              onClick={() => {
                if (!draft?.from) return;
                report.change({ custom: { start: toDay(draft.from), end: toDay(draft.to ?? draft.from) } });
                setOpen(false);
                button.current?.focus();
              }}
            >
              Apply
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
