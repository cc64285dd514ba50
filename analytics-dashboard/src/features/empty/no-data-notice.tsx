import { formatDate } from '../../lib/format';
import { type NoData, SIMULATOR_COMMAND } from './no-data';

/** In place of a range's zeros: why there is nothing, and what to do about it. */
export function NoDataNotice({
  why,
  locale,
  timeZone,
}: {
  why: Exclude<NoData, null>;
  locale: string;
  timeZone: string;
}) {
  if (why.kind === 'fresh') {
    return (
      <div className="empty-state" data-testid="empty-state-fresh">
        <p className="empty-state-title">No data yet</p>
        <p>
          Nothing has been recorded for this shop so far. Events arrive once the storefront’s tracker is
          loaded by visitors, and orders once backend-api’s outbox reaches this service. To look around with a
          week of simulated shoppers now, run this from the repository:
        </p>
        <pre className="command">
          <code>{SIMULATOR_COMMAND}</code>
        </pre>
        <p className="muted">The figures show up here within seconds of the simulator starting.</p>
      </div>
    );
  }
  const since = formatDate(why.dataSince, { locale, timeZone: 'UTC' });
  return (
    <div className="empty-state" data-testid="empty-state-range">
      <p className="empty-state-title">No data in this period</p>
      <p>
        {why.kind === 'before-data'
          ? `This shop’s data starts on ${since}: the period ends before it. Pick a later period.`
          : `Nothing was recorded in this period (in the shop’s time zone, ${timeZone}). This shop has data from ${since}: pick another period.`}
      </p>
    </div>
  );
}
