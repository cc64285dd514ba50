import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartLine {
  label: string;
  values: number[];
  color: string;
  /** The previous period is drawn dashed behind the current one. */
  dashed?: boolean;
}

interface SalesChartProps {
  /** Names the chart for screen readers, which get the figures from the table beside it. */
  label: string;
  /** One label per point ("1 Dec"), the x axis. */
  days: string[];
  lines: ChartLine[];
  format: (value: number) => string;
  /** A shorter form for the axis ("€1.2K"); defaults to format. */
  axisFormat?: (value: number) => string;
  height?: number;
}

const zeroBased = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax =>
  uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true);

/** uPlot, as the dashboard charts: a canvas built once per layout, resized with its box, data set in place. */
export function SalesChart({ label, days, lines, format, axisFormat, height = 220 }: SalesChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const formatRef = useRef(format);
  formatRef.current = format;
  const axisRef = useRef(axisFormat ?? format);
  axisRef.current = axisFormat ?? format;
  const daysRef = useRef(days);
  daysRef.current = days;
  const layout = JSON.stringify(lines.map(({ values: _values, ...rest }) => rest));

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the series layout changes (layout), not on new figures
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const dayOf = (index: number) => daysRef.current[Math.round(index)] ?? '';
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      scales: { x: { time: false }, y: { range: zeroBased } },
      axes: [
        {
          space: 60,
          stroke: '#475569',
          grid: { stroke: '#e2e8f0', width: 1 },
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? dayOf(v) : '')),
        },
        {
          stroke: '#475569',
          grid: { stroke: '#e2e8f0', width: 1 },
          size: 64,
          values: (_u, splits) => splits.map((v) => axisRef.current(v)),
        },
      ],
      series: [
        { label: 'Day', value: (_u, v) => (v === null ? '–' : dayOf(v)) },
        ...lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          dash: line.dashed ? [6, 4] : undefined,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatRef.current(v)),
        })),
      ],
    };
    const data: uPlot.AlignedData = [days.map((_, index) => index), ...lines.map((line) => line.values)];
    const chart = new uPlot(options, data, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [layout, height]);

  useEffect(() => {
    plot.current?.setData([days.map((_, index) => index), ...lines.map((line) => line.values)]);
  }, [days, lines]);

  return <div ref={box} className="chart" role="img" aria-label={label} />;
}
