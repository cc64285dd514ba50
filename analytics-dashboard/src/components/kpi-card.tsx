import { computeDelta, formatSignedPercent } from '../lib/format';

interface KpiCardProps {
  label: string;
  value: number;
  previous: number | null | undefined;
  format: (value: number) => string;
  locale: string;
  /** Which direction is good news: more revenue is, a higher bounce rate is not. */
  better?: 'up' | 'down';
  previousLabel: string;
  /** False when the previous period holds no data: then there is nothing to compare with, and it says so. */
  comparable?: boolean;
  /** A line under the figure, such as how net revenue is made up. */
  detail?: string | undefined;
  /** The raw figures of the detail line, as data-* attributes (what tests read beside data-value). */
  detailValues?: Record<string, number> | undefined;
}

export function KpiCard({
  label,
  value,
  previous,
  format,
  locale,
  better = 'up',
  previousLabel,
  comparable = true,
  detail,
  detailValues,
}: KpiCardProps) {
  const delta = computeDelta(value, comparable ? previous : undefined);
  const hasPrevious = comparable && previous !== null && previous !== undefined;
  let text: string;
  let tone = 'delta-neutral';
  if (!comparable) text = 'No data before';
  else if (delta.trend === 'none') text = 'No comparison';
  else if (delta.trend === 'new') text = 'New: none before';
  else if (delta.trend === 'flat' || delta.ratio === null) text = 'No change';
  else {
    const arrow = delta.trend === 'up' ? '▲' : '▼';
    text = `${arrow} ${formatSignedPercent(delta.ratio, locale)}`;
    tone = delta.trend === better ? 'delta-good' : 'delta-bad';
  }
  const spoken =
    delta.trend === 'up' || delta.trend === 'down'
      ? `${delta.trend === 'up' ? 'Up' : 'Down'} ${formatSignedPercent(Math.abs(delta.ratio ?? 0), locale)}`
      : text;
  // "was …" only where it adds something: after a change, not after "none before".
  const showPrevious = hasPrevious && (delta.trend === 'up' || delta.trend === 'down');
  return (
    <div className="kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value" data-value={value}>
        {format(value)}
      </p>
      {detail ? (
        <p
          className="kpi-detail"
          {...Object.fromEntries(
            Object.entries(detailValues ?? {}).map(([key, value]) => [`data-${key}`, value]),
          )}
        >
          {detail}
        </p>
      ) : null}
      <p className={`kpi-delta ${tone}`}>
        <span aria-hidden="true">{text}</span>
        <span className="visually-hidden">
          {spoken}
          {hasPrevious ? `, ${format(previous)} ${previousLabel}` : ''}
        </span>
        {showPrevious ? (
          <span className="muted" aria-hidden="true">
            {' '}
            · was {format(previous)}
          </span>
        ) : null}
      </p>
    </div>
  );
}
