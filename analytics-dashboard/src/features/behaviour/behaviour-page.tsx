import type { BreakdownDimension, BreakdownReport, EntryPagesReport } from '@shopstream/contracts';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type Column, CsvButton, DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { ReportTable } from '../../components/report-table';
import { csvFileName } from '../../lib/csv';
import { formatCount, formatPercent } from '../../lib/format';
import type { ShopSettings } from '../../lib/shop-settings';
import { api } from '../../services';
import { conversionColumns } from '../conversions/conversion-columns';
import { CountriesPanel, CustomEventsPanel, GoalsPanel } from '../conversions/panels';
import { useFunnels } from '../conversions/queries';
import type { ReportContext } from '../date-range/use-report-search';
import { FilterCell } from '../filters/filter-cell';
import { ReportPage } from '../layout/report-page';
import { useProducts } from '../sales/queries';
import { PRODUCTS_FETCHED, type ProductRow, topProducts } from '../sales/top-products';
import { type FunnelRow, funnelRows } from './funnel';

export function BehaviourPage() {
  return (
    <ReportPage title="Behaviour" showGranularity={false}>
      {(report, settings) => <Behaviour report={report} settings={settings} />}
    </ReportPage>
  );
}

type BreakdownRow = BreakdownReport['rows'][number];

const BREAKDOWNS: {
  dimension: BreakdownDimension;
  title: string;
  header: string;
  unknown: string;
  note?: ReactNode;
}[] = [
  { dimension: 'page', title: 'Top pages', header: 'Page', unknown: '(unknown)' },
  { dimension: 'referrer', title: 'Referrers', header: 'Referrer', unknown: '(direct)' },
  { dimension: 'utm_source', title: 'UTM sources', header: 'Source', unknown: '(none)' },
  { dimension: 'utm_campaign', title: 'UTM campaigns', header: 'Campaign', unknown: '(none)' },
  { dimension: 'device', title: 'Devices', header: 'Device', unknown: '(unknown)' },
  { dimension: 'browser', title: 'Browsers', header: 'Browser', unknown: '(unknown)' },
  { dimension: 'os', title: 'Operating systems', header: 'OS', unknown: '(unknown)' },
  { dimension: 'hostname', title: 'Hostnames', header: 'Hostname', unknown: '(none)' },
  // Classes by width: mobile < 576 px, tablet < 992, laptop < 1440, desktop (as Plausible's).
  { dimension: 'screen', title: 'Screen sizes', header: 'Screen size', unknown: 'Unknown' },
  { dimension: 'language', title: 'Languages', header: 'Language', unknown: 'Unknown' },
  {
    dimension: 'region',
    title: 'Regions',
    header: 'Region',
    unknown: '(unknown)',
    // DB-IP's licence (CC BY 4.0) asks for this link wherever its results are shown.
    note: (
      <>
        From the visitor's address when the event arrived; the address is not kept.{' '}
        <a href="https://db-ip.com">IP Geolocation by DB-IP</a>
      </>
    ),
  },
];

function Behaviour({ report, settings }: { report: ReportContext; settings: ShopSettings }) {
  return (
    <div className="grid">
      <FunnelPanel report={report} locale={settings.locale} />
      <GoalsPanel report={report} locale={settings.locale} />
      <CountriesPanel report={report} locale={settings.locale} />
      <CustomEventsPanel report={report} locale={settings.locale} />
      <ProductFunnelPanel report={report} locale={settings.locale} />
      {BREAKDOWNS.slice(0, 1).map((breakdown) => (
        <BreakdownPanel key={breakdown.dimension} report={report} locale={settings.locale} {...breakdown} />
      ))}
      <EntryPagesPanel report={report} locale={settings.locale} />
      {BREAKDOWNS.slice(1).map((breakdown) => (
        <BreakdownPanel key={breakdown.dimension} report={report} locale={settings.locale} {...breakdown} />
      ))}
    </div>
  );
}

function BreakdownPanel({
  report,
  locale,
  dimension,
  title,
  header,
  unknown,
  note,
}: {
  report: ReportContext;
  locale: string;
  dimension: BreakdownDimension;
  title: string;
  header: string;
  unknown: string;
  note?: ReactNode;
}) {
  const limit = 10;
  const query = useQuery({
    queryKey: ['breakdown', api.site, report.query, dimension, limit],
    queryFn: ({ signal }) => api.breakdown({ ...report.query, dimension, limit }, signal),
  });
  const columns: Column<BreakdownRow>[] = [
    {
      header,
      value: (r) => r.key || unknown,
      // Country is no filter dimension yet (its breakdown honours the other filters).
      cell: (r) =>
        dimension === 'country' ? (
          r.key || unknown
        ) : (
          <FilterCell report={report} dimension={dimension} value={r.key} label={r.key || unknown} />
        ),
      truncate: true,
    },
    {
      header: 'Pageviews',
      value: (r) => r.pageviews,
      cell: (r) => formatCount(r.pageviews, locale),
      numeric: true,
    },
    { header: 'Events', value: (r) => r.events, cell: (r) => formatCount(r.events, locale), numeric: true },
    ...conversionColumns(query.data?.rows, locale),
  ];
  return (
    <ReportTable
      title={title}
      note={note}
      query={query}
      rows={(d) => d.rows}
      columns={columns}
      rowKey={(r, i) => `${r.key}-${i}`}
      range={report.range}
      empty="No visits in this period."
    />
  );
}

type EntryPageRow = EntryPagesReport['rows'][number];

function EntryPagesPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const limit = 10;
  const query = useQuery({
    queryKey: ['entry-pages', api.site, report.query, limit],
    queryFn: ({ signal }) => api.entryPages({ ...report.query, limit }, signal),
  });
  const columns: Column<EntryPageRow>[] = [
    {
      header: 'Entry page',
      value: (r) => r.path,
      cell: (r) => <FilterCell report={report} dimension="entry_page" value={r.path} label={r.path} />,
      truncate: true,
    },
    {
      header: 'Sessions',
      value: (r) => r.sessions,
      cell: (r) => formatCount(r.sessions, locale),
      numeric: true,
    },
  ];
  return (
    <ReportTable
      title="Entry pages"
      query={query}
      rows={(d) => d.rows}
      columns={columns}
      rowKey={(r) => r.path}
      range={report.range}
      empty="No sessions began in this period."
    />
  );
}

function FunnelPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const [funnelId, setFunnelId] = useState('purchase');
  const funnels = useFunnels(report.query.site ?? api.site);
  const query = useQuery({
    queryKey: ['funnel', api.site, report.query, funnelId],
    queryFn: ({ signal }) => api.funnel({ ...report.query, funnel: funnelId }, signal),
  });
  const title = funnels.data?.funnels.find((f) => f.id === funnelId)?.name ?? 'Purchase';
  const pct = (value: number | null) => (value === null ? '–' : formatPercent(value, locale));
  const columns: Column<FunnelRow>[] = [
    { header: 'Step', value: (r) => r.label },
    {
      header: 'Visitors',
      value: (r) => r.count,
      cell: (r) => formatCount(r.count, locale),
      numeric: true,
    },
    {
      header: 'From previous step',
      value: (r) => r.fromPrevious ?? '',
      cell: (r) => pct(r.fromPrevious),
      numeric: true,
    },
    {
      header: 'Dropped off',
      value: (r) => r.dropOff ?? '',
      cell: (r) => (r.dropOff === null ? '–' : `${formatCount(r.dropOff, locale)} (${pct(r.dropOffRate)})`),
      numeric: true,
    },
    {
      header: 'From first step',
      value: (r) => r.fromStart ?? '',
      cell: (r) => pct(r.fromStart),
      numeric: true,
    },
  ];
  const rows = query.data ? funnelRows(query.data) : [];
  return (
    <Panel
      title={`${title} funnel`}
      note={
        <>
          Visitors who reached each step after every step before it, in order, in the period.{' '}
          <label htmlFor="funnel-choice">Funnel</label>{' '}
          <select id="funnel-choice" value={funnelId} onChange={(e) => setFunnelId(e.target.value)}>
            {(funnels.data?.funnels ?? [{ id: 'purchase', name: 'Purchase' }]).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>{' '}
          <a href="/settings">Define funnels</a>
          {query.data && !query.data.complete
            ? ' More events than one report reads: figures of the first 200,000.'
            : ''}
        </>
      }
      query={query}
      className="grid-wide"
      isEmpty={(d) => (d.steps[0]?.count ?? 0) === 0}
      empty="Nobody reached the first step in this period."
      actions={
        <CsvButton
          label={`${title} funnel`}
          columns={columns}
          rows={rows}
          fileName={csvFileName(`${title} funnel`, report.range.start, report.range.end)}
        />
      }
    >
      {(data) => {
        const funnel = funnelRows(data);
        return (
          <>
            <ol className="funnel" aria-hidden="true">
              {funnel.map((row) => (
                <li key={row.name}>
                  <span>{row.label}</span>
                  <div
                    className="funnel-bar"
                    style={{ width: `${Math.min(1, row.fromStart ?? 0) * 100}%` }}
                  />
                  <span className="num">{pct(row.fromStart)}</span>
                </li>
              ))}
            </ol>
            <DataTable caption={`${title} funnel`} columns={columns} rows={funnel} rowKey={(r) => r.name} />
          </>
        );
      }}
    </Panel>
  );
}

function ProductFunnelPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const query = useProducts(report);
  const rate = (part: number, whole: number) => (whole > 0 ? formatPercent(part / whole, locale) : '–');
  const columns: Column<ProductRow>[] = [
    {
      header: 'Product',
      value: (r) => r.name,
      cell: (r) => <FilterCell report={report} dimension="product" value={r.productId} label={r.name} />,
      truncate: true,
    },
    { header: 'Views', value: (r) => r.views, cell: (r) => formatCount(r.views, locale), numeric: true },
    {
      header: 'Added to cart',
      value: (r) => r.adds,
      cell: (r) => formatCount(r.adds, locale),
      numeric: true,
    },
    {
      header: 'Units sold',
      value: (r) => r.purchases,
      cell: (r) => formatCount(r.purchases, locale),
      numeric: true,
    },
    {
      header: 'Added per view',
      value: (r) => (r.views > 0 ? r.adds / r.views : ''),
      cell: (r) => rate(r.adds, r.views),
      numeric: true,
    },
    {
      header: 'Units per view',
      value: (r) => (r.views > 0 ? r.purchases / r.views : ''),
      cell: (r) => rate(r.purchases, r.views),
      numeric: true,
    },
  ];
  return (
    <ReportTable
      title="Products from views to purchases"
      note={`The most viewed among the ${PRODUCTS_FETCHED} products with the most revenue.`}
      query={query}
      rows={(d) => topProducts(d.rows, 'views', 10)}
      columns={columns}
      rowKey={(r) => r.productId}
      range={report.range}
      className="grid-wide"
      empty="No product was viewed in this period."
    />
  );
}
