import type { FunnelReport } from '@shopstream/contracts';

/** The server names steps after the tracking spec's events; the screen says them in words. */
const STEP_LABELS: Record<string, string> = {
  'Product Viewed': 'Product viewed',
  'Product Added': 'Added to cart',
  'Checkout Started': 'Checkout started',
  'Order Completed': 'Order completed',
};

export interface FunnelRow {
  name: string;
  label: string;
  count: number;
  /** Share of the first step that got this far; null when the first step is 0. */
  fromStart: number | null;
  /** Share of the previous step that reached this one; null for the first step or after a 0. */
  fromPrevious: number | null;
  /** Lost since the previous step; null for the first step. */
  dropOff: number | null;
  dropOffRate: number | null;
}

/**
 * Conversion and drop-off at each step, in the funnel's order, as the server counted them by visitor (each
 * ratio 0..1); a ratio over nobody is shown as none.
 */
export function funnelRows(report: FunnelReport): FunnelRow[] {
  const first = report.steps[0]?.count ?? 0;
  return report.steps.map((step, index) => {
    const previous = index === 0 ? null : (report.steps[index - 1]?.count ?? 0);
    return {
      name: step.name,
      label: STEP_LABELS[step.name] ?? step.name,
      count: step.count,
      fromStart: first > 0 ? step.conversionFromStart : null,
      fromPrevious: previous === null || previous === 0 ? null : step.conversionFromPrevious,
      dropOff: previous === null ? null : step.dropOff,
      dropOffRate: previous === null || previous === 0 ? null : step.dropOff / previous,
    };
  });
}
