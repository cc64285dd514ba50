import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../features/theme/theme-context';
import { tickIncrements, timeTickFormatter } from '../lib/time-axis';

export interface ChartSeries {
  label: string;
  /** A CSS custom property holding the colour, such as --chart-1, so the theme decides. */
  colorVar: string;
  format: (value: number) => string;
  /** A shorter form for the axis ("12 Tsd. €"); defaults to format. */
  axisFormat?: (value: number) => string;
  /** Series on the 'right' scale get their own axis (orders next to revenue). */
  scale?: 'left' | 'right';
  bars?: boolean;
  /** A dashed line, such as the previous period laid over the current one. */
  dashed?: boolean;
}

/** Where a live chart reads its data: the chart subscribes and redraws itself, React does not re-render. */
export interface ChartSource {
  subscribe: (listener: () => void) => () => void;
  getData: () => uPlot.AlignedData;
}

interface TimeSeriesChartProps {
  label: string;
  series: ChartSeries[];
  timeZone: string;
  locale: string;
  /** Seconds per bucket (60, 3600, 86400); ticks fall on whole buckets. */
  bucketSeconds?: number;
  height?: number;
  /** A moving window: the x axis always shows this many seconds up to the newest point. */
  windowSeconds?: number;
  data?: uPlot.AlignedData;
  source?: ChartSource;
  /** Names written along the value axes, so a second axis says what it measures. */
  axisLabels?: { left?: string; right?: string };
}

const zeroBased = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax =>
  uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true);

/** Axis labels with repeats left blank: an empty range's ticks of 0.2 cents all read "€0". */
export const withoutRepeats = (labels: string[]) =>
  labels.map((label, index) => (index > 0 && label === labels[index - 1] ? '' : label));

const cssVar = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

/**
 * uPlot on a canvas: created once per series layout, theme and time zone; new data goes to setData, which
 * redraws in a few milliseconds without touching React. Times are seconds since epoch.
 */
export function TimeSeriesChart({
  label,
  series,
  timeZone,
  locale,
  bucketSeconds,
  height = 220,
  windowSeconds,
  data,
  source,
  axisLabels,
}: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { theme } = useTheme();
  const dataRef = useRef(data);
  dataRef.current = data;
  // The chart is rebuilt only when this changes; a new array of equal series must not rebuild it.
  const layoutKey = JSON.stringify(series.map(({ format: _f, ...rest }) => rest));
  const seriesRef = useRef(series);
  seriesRef.current = series;

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt on layout, theme and zone changes only (see layoutKey)
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const current = seriesRef.current;
    const grid = { stroke: cssVar('--chart-grid'), width: 1 };
    const axisStroke = cssVar('--text-muted');
    const hasRight = current.some((s) => s.scale === 'right');
    const left = current.find((s) => s.scale !== 'right');
    const right = current.find((s) => s.scale === 'right');
    const tick = timeTickFormatter(locale, timeZone);
    const axisText = (s: ChartSeries | undefined, v: number) =>
      s ? (s.axisFormat ?? s.format)(v) : String(v);
    const hasBars = current.some((s) => s.bars);
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      scales: {
        x: {
          time: true,
          // Bars are centred on their bucket: leave half a bucket on each side so the first and last show whole.
          range: (_u, min, max) => {
            if (windowSeconds) {
              const end = Number.isFinite(max) ? max : Date.now() / 1000;
              return [end - windowSeconds, end];
            }
            return hasBars && bucketSeconds ? [min - bucketSeconds / 2, max + bucketSeconds / 2] : [min, max];
          },
        },
        // Every figure charted here is a count or an amount: the axis starts at zero so bars compare honestly.
        left: { range: zeroBased },
        right: { range: zeroBased },
      },
      axes: [
        {
          stroke: axisStroke,
          grid,
          ticks: grid,
          space: 70,
          ...(bucketSeconds ? { incrs: tickIncrements(bucketSeconds) } : {}),
          values: (_u, splits, _axis, _space, incr) => splits.map((v) => tick(v, incr)),
        },
        {
          scale: 'left',
          stroke: axisStroke,
          grid,
          ticks: grid,
          size: 72,
          ...(axisLabels?.left ? { label: axisLabels.left, labelSize: 20 } : {}),
          values: (_u, splits) => withoutRepeats(splits.map((v) => axisText(left, v))),
        },
        ...(hasRight
          ? [
              {
                scale: 'right',
                side: 1,
                stroke: axisStroke,
                grid: { show: false },
                size: 56,
                ...(axisLabels?.right ? { label: axisLabels.right, labelSize: 20 } : {}),
                values: (_u: uPlot, splits: number[]) =>
                  withoutRepeats(splits.map((v) => (right ? right.format(v) : String(v)))),
              } satisfies uPlot.Axis,
            ]
          : []),
      ],
      series: [
        { label: 'Time' },
        ...current.map((s, i) => {
          const color = cssVar(s.colorVar);
          return {
            label: s.label,
            scale: s.scale ?? 'left',
            stroke: color,
            width: s.dashed ? 1.5 : 2,
            ...(s.dashed ? { dash: [6, 4] } : {}),
            fill: s.bars ? `${color}55` : undefined,
            paths: s.bars ? uPlot.paths.bars?.({ size: [0.7, 40] }) : undefined,
            points: { show: false },
            value: (_u: uPlot, v: number | null) =>
              v === null ? '–' : (seriesRef.current[i]?.format(v) ?? String(v)),
          } satisfies uPlot.Series;
        }),
      ],
    };
    const initial = source ? source.getData() : (dataRef.current ?? [[], ...current.map(() => [])]);
    const chart = new uPlot(options, initial, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    const unsubscribe = source?.subscribe(() => chart.setData(source.getData()));
    return () => {
      unsubscribe?.();
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [
    layoutKey,
    theme,
    timeZone,
    locale,
    bucketSeconds,
    windowSeconds,
    height,
    source,
    axisLabels?.left,
    axisLabels?.right,
  ]);

  useEffect(() => {
    if (data && plot.current) plot.current.setData(data);
  }, [data]);

  return <div ref={container} className="chart" role="img" aria-label={label} />;
}
