import type { BreakdownReport, CustomEventsReport, GoalsReport } from '@shopstream/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Column, CsvButton, DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { ReportTable } from '../../components/report-table';
import { csvFileName } from '../../lib/csv';
import { formatCount, formatPercent, UI_LANGUAGE } from '../../lib/format';
import { api } from '../../services';
import type { ReportContext } from '../date-range/use-report-search';
import { FilterCell } from '../filters/filter-cell';
import { conversionColumns } from './conversion-columns';
import { CountryMap } from './country-map';
import { countryName } from './country-names';

type CountryRow = BreakdownReport['rows'][number];

/** Pageviews by the country of the visitor's address (looked up at ingest; the address is not kept). */
export function CountriesPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const limit = 300;
  const query = useQuery({
    queryKey: ['breakdown', api.site, report.query, 'country', limit],
    queryFn: ({ signal }) => api.breakdown({ ...report.query, dimension: 'country', limit }, signal),
  });
  const columns: Column<CountryRow>[] = [
    {
      header: 'Country',
      value: (r) => countryName(r.key, UI_LANGUAGE),
      // Country is a session filter: a click selects the sessions that began there.
      cell: (r) => (
        <FilterCell
          report={report}
          dimension="country"
          value={r.key}
          label={countryName(r.key, UI_LANGUAGE)}
        />
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
    <Panel
      title="Countries"
      note="From the visitor's address when the event arrived; the address itself is not kept. Unknown: private networks and addresses the database does not place."
      query={query}
      className="grid-wide"
      isEmpty={(d) => d.rows.length === 0}
      empty="No visits in this period."
      actions={
        query.data ? (
          <CsvButton
            label="Countries"
            columns={columns}
            rows={query.data.rows}
            fileName={csvFileName('countries', report.range.start, report.range.end)}
          />
        ) : null
      }
    >
      {(data) => (
        <>
          <CountryMap rows={data.rows} language={UI_LANGUAGE} formatValue={(v) => formatCount(v, locale)} />
          <DataTable
            caption="Countries"
            columns={columns}
            rows={data.rows.slice(0, 10)}
            rowKey={(r) => r.key}
          />
        </>
      )}
    </Panel>
  );
}

type GoalRow = GoalsReport['rows'][number];

const matchLabel = (match: GoalRow['match']) =>
  match.type === 'page' ? `Visited ${match.path}` : `Event ${match.event}`;

/** Conversions of each goal staff defined (Settings): distinct visitors who completed it. */
export function GoalsPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const query = useQuery({
    queryKey: ['goals-report', api.site, report.query],
    queryFn: ({ signal }) => api.goalsReport(report.query, signal),
  });
  const columns: Column<GoalRow>[] = [
    {
      header: 'Goal',
      value: (r) => r.name,
      // A goal is an event filter: a click narrows every panel to the sessions that completed it.
      cell: (r) => <FilterCell report={report} dimension="goal" value={r.name} label={r.name} />,
      truncate: true,
    },
    { header: 'Matches', value: (r) => matchLabel(r.match), truncate: true },
    {
      header: 'Conversions',
      value: (r) => r.visitors,
      cell: (r) => formatCount(r.visitors, locale),
      numeric: true,
    },
    {
      header: 'Completions',
      value: (r) => r.events,
      cell: (r) => formatCount(r.events, locale),
      numeric: true,
    },
    {
      header: 'Conversion rate',
      value: (r) => r.conversionRate,
      cell: (r) => formatPercent(r.conversionRate, locale),
      numeric: true,
    },
  ];
  return (
    <ReportTable
      title="Goals"
      note={
        query.data && !query.data.complete
          ? 'More matching events than one report reads: the figures are of the first 200,000.'
          : 'Conversions: visitors who completed the goal; the rate is over all visitors of the period.'
      }
      query={query}
      rows={(d) => d.rows}
      columns={columns}
      rowKey={(r) => r.goalId}
      range={report.range}
      className="grid-wide"
      empty={
        <>
          No goals yet. Add them in <a href="/settings">Settings</a>.
        </>
      }
    />
  );
}

type EventRow = CustomEventsReport['rows'][number];

/** Every custom event of the period; choosing one breaks it down by its properties. */
export function CustomEventsPanel({ report, locale }: { report: ReportContext; locale: string }) {
  const limit = 20;
  const [chosen, setChosen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['custom-events', api.site, report.query, limit],
    queryFn: ({ signal }) => api.customEvents({ ...report.query, limit }, signal),
  });
  const columns: Column<EventRow>[] = [
    {
      header: 'Event',
      value: (r) => r.name,
      cell: (r) => (
        <button
          type="button"
          className="link-button"
          aria-pressed={chosen === r.name}
          onClick={() => setChosen(chosen === r.name ? null : r.name)}
        >
          {r.name}
        </button>
      ),
      truncate: true,
    },
    { header: 'Events', value: (r) => r.events, cell: (r) => formatCount(r.events, locale), numeric: true },
    {
      header: 'Visitors',
      value: (r) => r.visitors,
      cell: (r) => formatCount(r.visitors, locale),
      numeric: true,
    },
    {
      header: 'Conversion rate',
      value: (r) => r.conversionRate,
      cell: (r) => formatPercent(r.conversionRate, locale),
      numeric: true,
    },
  ];
  return (
    <Panel
      title="Custom events"
      note="Every tracked event: how often, by how many visitors, and their share of all visitors. Choose one for its properties."
      query={query}
      className="grid-wide"
      isEmpty={(d) => d.rows.length === 0}
      empty="No custom events in this period."
      actions={
        query.data ? (
          <CsvButton
            label="Custom events"
            columns={columns}
            rows={query.data.rows}
            fileName={csvFileName('custom events', report.range.start, report.range.end)}
          />
        ) : null
      }
    >
      {(data) => (
        <>
          <DataTable caption="Custom events" columns={columns} rows={data.rows} rowKey={(r) => r.name} />
          {chosen ? <EventProperties report={report} locale={locale} name={chosen} /> : null}
        </>
      )}
    </Panel>
  );
}

function EventProperties({ report, locale, name }: { report: ReportContext; locale: string; name: string }) {
  const query = useQuery({
    queryKey: ['event-properties', api.site, report.query, name],
    queryFn: ({ signal }) => api.eventProperties({ ...report.query, name }, signal),
  });
  if (query.isPending) return <p role="status">Loading the properties of {name}…</p>;
  if (query.isError) return <p role="alert">The properties of {name} could not be loaded.</p>;
  if (!query.data.properties.length)
    return <p className="panel-state">{name} has no properties to break down.</p>;
  return (
    <div>
      <h3>Properties of {name}</h3>
      {query.data.properties.map((property) => (
        <DataTable
          key={property.key}
          caption={`${property.key} (${formatCount(property.events, locale)} events)`}
          columns={[
            { header: property.key, value: (v: { value: string }) => v.value, truncate: true },
            {
              header: 'Events',
              value: (v: { events: number }) => v.events,
              cell: (v: { events: number }) => formatCount(v.events, locale),
              numeric: true,
            },
            {
              header: 'Visitors',
              value: (v: { visitors: number }) => v.visitors,
              cell: (v: { visitors: number }) => formatCount(v.visitors, locale),
              numeric: true,
            },
          ]}
          rows={
            property.otherValues
              ? [...property.values, { value: 'Other values', events: property.otherValues, visitors: 0 }]
              : property.values
          }
          rowKey={(v) => v.value}
        />
      ))}
    </div>
  );
}
