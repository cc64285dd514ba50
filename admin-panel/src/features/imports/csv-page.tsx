import type { CsvImportJob, CsvImportPreview, CsvImportResult } from '@shopstream/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { shopSettings } from '../../lib/shop-settings';
import { ErrorMessage, Notice, PageHeader } from '../../lib/ui';
import { withoutLines } from './csv-rows';
import { followImport, type ImportProgress } from './import-job';

/** Rows listed in the preview's table of rows to import; every rejected row is always listed. */
const PREVIEW_ROWS_SHOWN = 200;

/** The API imports as a job: it answers at once, and the job is polled until it ends. */
const runJob = (csv: string, dryRun: boolean, onProgress: (progress: ImportProgress) => void) =>
  followImport(
    () =>
      api<CsvImportJob>('/admin/products/import', {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
        query: dryRun ? { dryRun: 'true' } : {},
      }),
    (id) => api<CsvImportJob>(`/admin/products/import/${id}`),
    onProgress,
  );

const outcomeLabel = { create: 'New', update: 'Update', rejected: 'Rejected' } as const;

/**
 * Import in two steps: a dry run checks the file and previews what every row would do, and nothing is
 * written until staff confirm (the whole file, or only its valid rows).
 */
export function CsvPage() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<{ label: string; progress: ImportProgress | null } | null>(null);
  const [checked, setChecked] = useState<{ text: string; preview: CsvImportPreview } | null>(null);
  const [imported, setImported] = useState<{ rows: number; result: CsvImportResult } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const checkFile = async () => {
    if (!file) return;
    setFailure(null);
    setChecked(null);
    setImported(null);
    const label = 'Checking every row (nothing is written yet)…';
    setStep({ label, progress: null });
    try {
      const text = await file.text();
      const job = await runJob(text, true, (progress) => setStep({ label, progress }));
      if (job.preview) setChecked({ text, preview: job.preview });
    } catch (error) {
      setFailure(error);
    } finally {
      setStep(null);
    }
  };

  const confirmImport = async () => {
    if (!checked) return;
    setFailure(null);
    const rejected = new Set(
      checked.preview.rows.filter((row) => row.outcome === 'rejected').map((row) => row.line),
    );
    const csv = rejected.size > 0 ? withoutLines(checked.text, rejected).csv : checked.text;
    const label = `Importing ${checked.preview.rowsValid} rows…`;
    setStep({ label, progress: null });
    try {
      const job = await runJob(csv, false, (progress) => setStep({ label, progress }));
      if (job.result) setImported({ rows: checked.preview.rowsValid, result: job.result });
      setChecked(null);
      await queryClient.invalidateQueries({ queryKey: ['admin-products'] });
    } catch (error) {
      setFailure(error);
    } finally {
      setStep(null);
    }
  };

  const runExport = async () => {
    setExporting(true);
    setFailure(null);
    try {
      const csv = await api<string>('/admin/products/export.csv');
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `products-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setFailure(error);
    } finally {
      setExporting(false);
    }
  };

  const preview = checked?.preview;
  const rejectedRows = preview?.rows.filter((row) => row.outcome === 'rejected') ?? [];
  const validRows = preview?.rows.filter((row) => row.outcome !== 'rejected') ?? [];

  return (
    <>
      <PageHeader title="CSV import and export">
        <button type="button" className="secondary" onClick={runExport} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export all products (CSV)'}
        </button>
      </PageHeader>
      <p className="muted">
        One row per variant, with the columns of the export. Prices are amounts as the forms show them, such
        as 47.50 ({shopSettings.currency} unless the row names another currency). Products are matched by slug
        and variants by SKU: existing ones are updated, new ones created. The file is checked first and
        nothing is written until you confirm.
      </p>
      <form
        className="filters"
        aria-label="Import products"
        onSubmit={(event) => {
          event.preventDefault();
          void checkFile();
        }}
      >
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setChecked(null);
              setImported(null);
            }}
          />
        </div>
        <button type="submit" className="align-end" disabled={!file || step !== null}>
          Check file
        </button>
      </form>
      {step ? (
        <div className="progress-line" role="status" data-testid="import-progress">
          <label htmlFor="import-progress">{step.progress?.label ?? step.label}</label>
          {step.progress ? (
            <progress id="import-progress" value={step.progress.value} max={step.progress.max} />
          ) : (
            <progress id="import-progress" />
          )}
        </div>
      ) : null}
      <ErrorMessage error={failure} />
      {preview ? (
        <section aria-labelledby="import-preview" data-testid="import-preview">
          <h2 id="import-preview">Preview: nothing has been imported yet</h2>
          <p data-testid="preview-summary">
            {preview.rowsValid} {preview.rowsValid === 1 ? 'row' : 'rows'} can be imported:{' '}
            {preview.productsCreated} new and {preview.productsUpdated} updated products,{' '}
            {preview.variantsCreated} new and {preview.variantsUpdated} updated variants.
            {preview.rowsRejected > 0
              ? ` ${preview.rowsRejected} ${preview.rowsRejected === 1 ? 'row is' : 'rows are'} rejected.`
              : ''}
          </p>
          <div className="actions">
            {preview.rowsValid > 0 ? (
              <button type="button" onClick={() => void confirmImport()} disabled={step !== null}>
                {preview.rowsRejected > 0
                  ? `Import the ${preview.rowsValid} valid rows, skip ${preview.rowsRejected}`
                  : `Import ${preview.rowsValid} rows`}
              </button>
            ) : null}
            <button type="button" className="secondary" onClick={() => setChecked(null)}>
              Cancel
            </button>
          </div>
          {rejectedRows.length > 0 ? (
            <>
              <h3>
                {rejectedRows.length} rejected {rejectedRows.length === 1 ? 'row' : 'rows'}
              </h3>
              <div className="table-scroll">
                <table className="data-table" aria-label="Rejected rows" data-testid="rejected-rows">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Slug</th>
                      <th scope="col">SKU</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejectedRows.map((row) => (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td>{row.slug}</td>
                        <td>{row.sku}</td>
                        <td>
                          {row.problems.map((problem) => `${problem.column}: ${problem.message}`).join('; ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
          {validRows.length > 0 ? (
            <>
              <h3>Rows to import</h3>
              <div className="table-scroll">
                <table className="data-table" aria-label="Rows to import" data-testid="preview-rows">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Slug</th>
                      <th scope="col">SKU</th>
                      <th scope="col">Product</th>
                      <th scope="col">Variant</th>
                    </tr>
                  </thead>
                  <tbody>
                    {validRows.slice(0, PREVIEW_ROWS_SHOWN).map((row) => (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td>{row.slug}</td>
                        <td>{row.sku}</td>
                        <td>{row.product ? outcomeLabel[row.product] : ''}</td>
                        <td>{outcomeLabel[row.outcome]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {validRows.length > PREVIEW_ROWS_SHOWN ? (
                <p className="muted">
                  The first {PREVIEW_ROWS_SHOWN} of {validRows.length} rows to import are listed.
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      {imported ? (
        <section aria-labelledby="import-result" data-testid="import-result">
          <h2 id="import-result">Import result</h2>
          <Notice>
            Imported {imported.rows} rows: {imported.result.productsCreated} products created,{' '}
            {imported.result.productsUpdated} updated; {imported.result.variantsCreated} variants created,{' '}
            {imported.result.variantsUpdated} updated.
          </Notice>
        </section>
      ) : null}
    </>
  );
}
