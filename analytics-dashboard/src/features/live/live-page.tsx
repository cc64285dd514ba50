import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CsvButton } from '../../components/data-table';
import { TimeSeriesChart } from '../../components/time-series-chart';
import type { CsvColumn } from '../../lib/csv';
import {
  formatCount,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatMoney,
  formatTime,
  UI_LANGUAGE,
} from '../../lib/format';
import { useShopSettings } from '../../lib/shop-settings';
import { siteOf } from '../date-range/report-search';
import { describeFilter, filtersOf } from '../filters/filters';
import type { ConnectionState } from './live-connection';
import { describePipeline, EPS_WINDOW_SECONDS, type PipelineVerdict, pagesNowTable } from './live-store';
import { type LiveFeed, useLiveFeed, useLiveSelector } from './use-live-feed';

export function LivePage() {
  const [params] = useSearchParams();
  const site = siteOf(params);
  const filters = filtersOf(params);
  const { feed, state } = useLiveFeed(site, filters);

  useEffect(() => {
    document.title = 'Live · ShopStream Analytics';
  }, []);
  const settings = useShopSettings();
  const { locale } = settings;
  // The zone and currency the feed counted "today" in (the shop's, from the same settings), once it answered.
  const timeZone = useLiveSelector(feed.store, (s) => s.timeZone) ?? settings.timeZone;
  const currency = useLiveSelector(feed.store, (s) => s.currency) ?? settings.currency;
  const hasData = useLiveSelector(feed.store, (s) => s.at !== null);
  const stale = hasData && state.status !== 'live';

  return (
    <>
      <div className="page-head">
        <div style={{ display: 'flex', alignItems: 'baseline', gap: '0.75rem' }}>
          <h1>Live</h1>
          {site ? <p className="range-text">site {site}</p> : null}
        </div>
        <ConnectionIndicator state={state} onRetry={() => feed.connection.retryNow()} />
      </div>
      {stale ? (
        <p className="notice notice-info" style={{ marginBottom: '1rem' }} role="status">
          The figures below are from before the connection was lost; they refresh once it is back.
        </p>
      ) : null}
      {filters.length ? (
        <p className="notice notice-info" style={{ marginBottom: '1rem' }} role="status">
          Filtered by {filters.map(describeFilter).join(', ')}: visitors, today’s orders and revenue (of the
          selected sessions), events per second and pages. Not filtered: latest orders and the pipeline.{' '}
          <a href={site ? `/live?site=${encodeURIComponent(site)}` : '/live'}>Show everything</a>
        </p>
      ) : null}
      <div className="grid grid-narrow">
        <LivePanel
          title="Visitors right now"
          hasData={hasData}
          state={state}
          note="Distinct visitors in the last 5 minutes"
        >
          <VisitorsNow feed={feed} locale={locale} />
        </LivePanel>
        <LivePanel
          title="Today"
          hasData={hasData}
          state={state}
          note={`Net revenue (paid − refunded − cancelled) and orders since midnight in the shop’s time zone (${timeZone})`}
        >
          <Today feed={feed} locale={locale} currency={currency} />
        </LivePanel>
        <LivePanel title="Pipeline" hasData={hasData} state={state} note="How far behind event processing is">
          <Pipeline feed={feed} locale={locale} />
        </LivePanel>
      </div>
      <div className="grid">
        <LivePanel
          title="Events per second"
          hasData={hasData}
          state={state}
          className="grid-wide"
          note="Averaged over 10 seconds, the last 5 minutes seen on this page"
        >
          <CurrentRate feed={feed} locale={locale} />
          <TimeSeriesChart
            label="Events per second over the last five minutes"
            timeZone={timeZone}
            locale={locale}
            bucketSeconds={1}
            windowSeconds={EPS_WINDOW_SECONDS}
            source={feed.epsSource}
            height={200}
            series={[
              {
                label: 'Events/s',
                colorVar: '--chart-1',
                format: (v) => formatDecimal(v, locale, 1),
                axisFormat: (v) => formatDecimal(v, locale, 2),
              },
            ]}
          />
        </LivePanel>
        <LivePanel
          title="Pages being viewed now"
          hasData={hasData}
          state={state}
          actions={<PagesNowCsv feed={feed} />}
        >
          <PagesNow feed={feed} locale={locale} />
        </LivePanel>
        <LivePanel title="Latest orders" hasData={hasData} state={state}>
          <OrderTicker feed={feed} locale={locale} timeZone={timeZone} />
        </LivePanel>
      </div>
    </>
  );
}

function LivePanel({
  title,
  note,
  hasData,
  state,
  className,
  actions,
  children,
}: {
  title: string;
  note?: string;
  hasData: boolean;
  state: ConnectionState;
  className?: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  let body: React.ReactNode = children;
  if (!hasData) {
    body =
      state.status === 'refused' ? (
        <div className="panel-error" role="alert">
          The live feed refused this connection: {state.reason}.
        </div>
      ) : (
        <div role="status" aria-label={`Waiting for ${title}`}>
          <div className="skeleton" style={{ width: '60%' }} />
          <div className="skeleton" style={{ width: '85%' }} />
        </div>
      );
  }
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {hasData ? actions : null}
      </div>
      {note ? <p className="panel-note">{note}</p> : null}
      {body}
    </section>
  );
}

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionIndicator({ state, onRetry }: { state: ConnectionState; onRetry: () => void }) {
  const seconds = useSecondsUntil(state.status === 'waiting' ? state.retryAt : null);
  let tone = 'status-warn';
  let text: string;
  switch (state.status) {
    case 'live':
      tone = 'status-good';
      text = 'Live';
      break;
    case 'idle':
    case 'connecting':
      text = state.attempt > 0 ? `Reconnecting (attempt ${state.attempt + 1})…` : 'Connecting…';
      break;
    case 'open':
      text = 'Connected, waiting for figures…';
      break;
    case 'waiting':
      text = seconds === null ? 'Reconnecting…' : `Connection lost, retrying in ${seconds} s`;
      break;
    case 'refused':
      tone = 'status-bad';
      text = 'Not connected';
      break;
    case 'stopped':
      tone = 'status-bad';
      text = 'Disconnected';
      break;
  }
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
      <span
        className={`status-pill ${tone}`}
        role="status"
        aria-live="polite"
        title={state.reason ?? undefined}
      >
        {text}
      </span>
      {state.status === 'waiting' || state.status === 'refused' ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}

function VisitorsNow({ feed, locale }: { feed: LiveFeed; locale: string }) {
  const visitors = useLiveSelector(feed.store, (s) => s.visitorsNow);
  return (
    <p className="big-number" data-testid="live-visitors" data-value={visitors}>
      {formatCount(visitors, locale)}
    </p>
  );
}

/** The newest rate as a figure: only this line re-renders each second, the chart redraws on its own. */
function CurrentRate({ feed, locale }: { feed: LiveFeed; locale: string }) {
  const rate = useLiveSelector(feed.store, (s) => s.eps.rate.at(-1) ?? 0);
  return (
    <p className="rate-now">
      <strong data-testid="live-events-per-second" data-value={rate}>
        {formatDecimal(rate, locale, 1)}
      </strong>{' '}
      events per second now
    </p>
  );
}

const PAGES_NOW_COLUMNS: CsvColumn<{ path: string; visitors: number }>[] = [
  { header: 'Page', value: (page) => page.path },
  { header: 'Visitors', value: (page) => page.visitors },
];

function PagesNowCsv({ feed }: { feed: LiveFeed }) {
  const pages = useLiveSelector(feed.store, (s) => s.pagesNow);
  if (pages.length === 0) return null;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return (
    <CsvButton
      label="Pages being viewed now"
      columns={PAGES_NOW_COLUMNS}
      rows={pages}
      fileName={`pages-being-viewed-now_${stamp}.csv`}
    />
  );
}

function Today({ feed, locale, currency }: { feed: LiveFeed; locale: string; currency: string }) {
  const net = useLiveSelector(feed.store, (s) => s.netRevenueToday);
  const gross = useLiveSelector(feed.store, (s) => s.grossRevenueToday);
  const orders = useLiveSelector(feed.store, (s) => s.ordersToday);
  return (
    <>
      <p className="big-number" data-testid="live-net-revenue" data-value={net}>
        {formatMoney(net, currency, locale)}
      </p>
      <p className="muted" style={{ margin: 0 }}>
        {formatCount(orders, locale)} {orders === 1 ? 'order' : 'orders'},{' '}
        {formatMoney(gross, currency, locale)} gross
        {gross !== net ? `, ${formatMoney(gross - net, currency, locale)} refunded or cancelled` : ''}
      </p>
    </>
  );
}

const VERDICT_LABELS: Record<PipelineVerdict, { label: string; tone: string }> = {
  unknown: { label: 'Unknown', tone: '' },
  healthy: { label: 'Up to date', tone: 'status-good' },
  behind: { label: 'Behind', tone: 'status-warn' },
  'far-behind': { label: 'Far behind', tone: 'status-bad' },
  stalled: { label: 'Stalled', tone: 'status-bad' },
};

function Pipeline({ feed, locale }: { feed: LiveFeed; locale: string }) {
  const lag = useLiveSelector(feed.store, (s) => s.lag);
  const { verdict, summary } = describePipeline(lag);
  const { label, tone } = VERDICT_LABELS[verdict];
  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <span className={`status-pill ${tone}`}>{label}</span>
      </p>
      <p style={{ margin: '0 0 0.3rem' }}>{summary}</p>
      {lag ? (
        <p className="muted" style={{ margin: 0 }}>
          {lag.queueDepth < 0
            ? 'Queue size unknown (the broker does not answer)'
            : `${formatCount(lag.queueDepth, locale)} events waiting`}
          {lag.oldestUnprocessedAgeSeconds >= 1
            ? `; the oldest not yet stored is ${formatDuration(lag.oldestUnprocessedAgeSeconds, UI_LANGUAGE)} old`
            : ''}
          ; {formatDecimal(lag.drainRatePerSecond, locale, 1)} events stored per second.
          {lag.deadLettered > 0
            ? ` ${formatCount(lag.deadLettered, locale)} set aside in the dead-letter queue: the store refused them.`
            : ''}
        </p>
      ) : null}
    </>
  );
}

function PagesNow({ feed, locale }: { feed: LiveFeed; locale: string }) {
  const pages = useLiveSelector(feed.store, (s) => s.pagesNow);
  const beyond = useLiveSelector(feed.store, (s) => s.otherPages);
  if (pages.length === 0) return <p className="panel-state">Nobody is on the shop right now.</p>;
  const { rows, others } = pagesNowTable(pages, beyond);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Pages being viewed now</caption>
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col" className="num">
              Visitors
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((page) => (
            <tr key={page.path}>
              <td className="truncate" title={page.path}>
                {page.path}
              </td>
              <td className="num">{formatCount(page.visitors, locale)}</td>
            </tr>
          ))}
          {others.pages > 0 ? (
            <tr className="row-others" data-testid="other-pages">
              <td className="muted">
                {formatCount(others.pages, locale)} other {others.pages === 1 ? 'page' : 'pages'}
              </td>
              <td className="num muted">{formatCount(others.visitors, locale)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function OrderTicker({ feed, locale, timeZone }: { feed: LiveFeed; locale: string; timeZone: string }) {
  const orders = useLiveSelector(feed.store, (s) => s.latestOrders);
  const todayStarted = useLiveSelector(feed.store, (s) => s.todayStartedAt);
  if (orders.length === 0) return <p className="panel-state">No orders since this feed started.</p>;
  // An order of an earlier day (delivered late by the outbox) says its date, not only its time.
  const when = (at: string) =>
    todayStarted && at < todayStarted
      ? formatDateTime(at, { locale, timeZone })
      : formatTime(at, { locale, timeZone });
  return (
    // At most 10 orders (the feed's own limit): the list never needs to scroll.
    <ul className="ticker" aria-live="polite" aria-relevant="additions" aria-label="Latest orders">
      {orders.slice(0, 10).map((order) => (
        <li key={order.orderId}>
          <time className="muted" dateTime={order.at}>
            {when(order.at)}
          </time>
          <span className="truncate" title={order.orderId}>
            {order.orderId}
          </span>
          <strong>{formatMoney(order.total, order.currency, locale)}</strong>
        </li>
      ))}
    </ul>
  );
}
