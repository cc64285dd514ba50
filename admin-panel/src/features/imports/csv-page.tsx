import type { CsvImportJob, CsvImportResult } from '@shopstream/contracts';
import { ApiError } from '@shopstream/web-kit';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { ErrorMessage, Notice, PageHeader } from '../../lib/ui';
import { type CsvRecord, type RowProblem, readCsv, rowProblems, withoutLines } from './csv-rows';
import { followImport, type ImportProgress } from './import-job';

interface Outcome {
  result: CsvImportResult | null;
  rejected: (RowProblem & { record?: CsvRecord })[];
  fileProblems: RowProblem[];
  rowsImported: number;
}

/** The API imports as a job: it answers at once, and the job is polled until it ends. */
const importCsv = (csv: string, onProgress: (progress: ImportProgress) => void) =>
  followImport(
    () => api<CsvImportJob>('/admin/products/import', { method: 'POST', body: csv, contentType: 'text/csv' }),
    (id) => api<CsvImportJob>(`/admin/products/import/${id}`),
    onProgress,
  );

export function CsvPage() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [importValid, setImportValid] = useState(true);
  const [step, setStep] = useState<{ label: string; progress: ImportProgress | null } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const runImport = async () => {
    if (!file) return;
    setFailure(null);
    setOutcome(null);
    const text = await file.text();
    const { records } = readCsv(text);
    const rejected: Outcome['rejected'] = [];
    let csv = text;
    let remaining = records.length;
    // The original file line of each record of the file being sent.
    let originalLines = records.map((record) => record.line);
    try {
      // The API checks every row first and writes nothing if one is wrong; so rejected rows are set
      // aside and the rest sent again (a second pass may find rows that depended on the rejected ones).
      for (let pass = 1; pass <= 3; pass += 1) {
        const label =
          pass === 1 ? `Checking and importing ${remaining} rows…` : `Importing the other ${remaining} rows…`;
        setStep({ label, progress: null });
        try {
          const result = await importCsv(csv, (progress) => setStep({ label, progress }));
          setOutcome({ result, rejected, fileProblems: [], rowsImported: remaining });
          await queryClient.invalidateQueries({ queryKey: ['admin-products'] });
          return;
        } catch (error) {
          if (!(error instanceof ApiError) || error.status !== 400 || !error.problem?.errors?.length)
            throw error;
          const problems = rowProblems(error.problem.errors);
          const fileProblems = problems.filter((problem) => problem.line === null);
          const sent = readCsv(csv).records;
          const indexOfLine = new Map(sent.map((record, index) => [record.line, index]));
          const rowLevel = problems.filter((problem) => problem.line !== null);
          // Lines are counted in the file that was sent, so map them back to the original file's lines.
          rejected.push(
            ...rowLevel.map((problem) => {
              const index = indexOfLine.get(problem.line ?? -1);
              return index === undefined
                ? problem
                : { ...problem, line: originalLines[index] ?? problem.line, record: sent[index] };
            }),
          );
          if (fileProblems.length > 0 || !importValid || rowLevel.length === 0) {
            setOutcome({ result: null, rejected, fileProblems, rowsImported: 0 });
            return;
          }
          const next = withoutLines(csv, new Set(rowLevel.map((problem) => problem.line ?? -1)));
          if (next.kept === 0) {
            setOutcome({ result: null, rejected, fileProblems: [], rowsImported: 0 });
            return;
          }
          const dropped = new Set(rowLevel.map((problem) => indexOfLine.get(problem.line ?? -1)));
          originalLines = originalLines.filter((_line, index) => !dropped.has(index));
          csv = next.csv;
          remaining = next.kept;
        }
      }
      setOutcome({ result: null, rejected, fileProblems: [], rowsImported: 0 });
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

  const rejectedLines = new Set(
    outcome?.rejected.map((problem) => problem.record?.values.sku ?? problem.line),
  );

  return (
    <>
      <PageHeader title="CSV import and export">
        <button type="button" className="secondary" onClick={runExport} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export all products (CSV)'}
        </button>
      </PageHeader>
      <p className="muted">
        One row per variant, with the columns of the export. Products are matched by slug and variants by SKU:
        existing ones are updated, new ones created.
      </p>
      <form
        className="filters"
        aria-label="Import products"
        onSubmit={(event) => {
          event.preventDefault();
          void runImport();
        }}
      >
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <div className="field checkbox">
          <input
            id="import-valid"
            type="checkbox"
            checked={importValid}
            onChange={(e) => setImportValid(e.target.checked)}
          />
          <label htmlFor="import-valid">Import the valid rows when some are rejected</label>
        </div>
        <button type="submit" className="align-end" disabled={!file || step !== null}>
          Import
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
      {outcome ? (
        <section aria-labelledby="import-result" data-testid="import-result">
          <h2 id="import-result">Import result</h2>
          {outcome.result ? (
            <Notice>
              Imported {outcome.rowsImported} rows: {outcome.result.productsCreated} products created,{' '}
              {outcome.result.productsUpdated} updated; {outcome.result.variantsCreated} variants created,{' '}
              {outcome.result.variantsUpdated} updated.
            </Notice>
          ) : (
            <p role="alert" className="error">
              Nothing was imported.
            </p>
          )}
          {outcome.fileProblems.length ? (
            <div role="alert" className="error">
              <p>The file itself was refused:</p>
              <ul>
                {outcome.fileProblems.map((problem) => (
                  <li key={`${problem.column}-${problem.message}`}>
                    {problem.column}: {problem.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {outcome.rejected.length ? (
            <>
              <h3>
                {rejectedLines.size} rejected {rejectedLines.size === 1 ? 'row' : 'rows'}
              </h3>
              <table className="data-table" aria-label="Rejected rows" data-testid="rejected-rows">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Slug</th>
                    <th scope="col">SKU</th>
                    <th scope="col">Column</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.rejected.map((problem, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                    <tr key={index}>
                      <td>{problem.line}</td>
                      <td>{problem.record?.values.slug ?? ''}</td>
                      <td>{problem.record?.values.sku ?? ''}</td>
                      <td>{problem.column}</td>
                      <td>{problem.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
