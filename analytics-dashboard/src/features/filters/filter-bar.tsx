import { useId, useState } from 'react';
import { ApiError } from '../../lib/api';
import type { ReportContext } from '../date-range/use-report-search';
import { describeFilter } from './filters';
import { useDeleteSegment, useSaveSegment, useSegments } from './queries';

const sameFilters = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/** The active filters as removable chips, and the site's saved segments: apply, save, delete. */
export function FilterBar({ report }: { report: ReportContext }) {
  const segments = useSegments(report.site);
  const save = useSaveSegment(report.site);
  const remove = useDeleteSegment(report.site);
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  const active = segments.data?.segments.find((s) => sameFilters(s.filters, report.filters));
  const error = save.error ?? remove.error;

  return (
    <section className="filter-bar" aria-label="Filters and segments">
      <ul className="chips" aria-label="Active filters">
        {report.filters.length === 0 ? (
          <li className="muted">No filters: click a row of a table to add one.</li>
        ) : null}
        {report.filters.map((filter) => (
          <li key={filter} className="chip">
            <span>{describeFilter(filter)}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove filter ${describeFilter(filter)}`}
              onClick={() => report.changeFilters({ remove: filter })}
            >
              ×
            </button>
          </li>
        ))}
        {report.filters.length > 1 ? (
          <li>
            <button
              type="button"
              className="button button-small"
              onClick={() => report.changeFilters({ replace: [] })}
            >
              Clear all
            </button>
          </li>
        ) : null}
      </ul>
      <div className="segment-tools">
        <label className="field" htmlFor={selectId}>
          Segment
          <select
            id={selectId}
            value={active?.id ?? ''}
            onChange={(event) => {
              const segment = segments.data?.segments.find((s) => s.id === event.target.value);
              report.changeFilters({ replace: segment ? segment.filters : [] });
            }}
          >
            <option value="">{segments.isLoading ? 'Loading…' : 'None'}</option>
            {segments.data?.segments.map((segment) => (
              <option key={segment.id} value={segment.id}>
                {segment.name}
              </option>
            ))}
          </select>
        </label>
        {active ? (
          <button
            type="button"
            className="button button-small"
            disabled={remove.isPending}
            onClick={() => remove.mutate(active.id)}
          >
            Delete segment
          </button>
        ) : null}
        {report.filters.length > 0 && !active ? (
          <form
            className="segment-save"
            onSubmit={(event) => {
              event.preventDefault();
              if (!name.trim()) return;
              save.mutate({ name: name.trim(), filters: report.filters }, { onSuccess: () => setName('') });
            }}
          >
            <label className="field" htmlFor={nameId}>
              Save as segment
              <input
                id={nameId}
                value={name}
                maxLength={80}
                placeholder="Segment name"
                onChange={(event) => setName(event.target.value)}
              />
            </label>
            <button type="submit" className="button button-small" disabled={save.isPending || !name.trim()}>
              Save
            </button>
          </form>
        ) : null}
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error instanceof ApiError ? error.message : 'The segment could not be saved.'}
        </p>
      ) : null}
    </section>
  );
}
