import type { CsvImportJob } from '@shopstream/contracts';
import { ApiError } from '@shopstream/web-kit';
import { formatCount } from '../../lib/format';

const POLL_EVERY_MS = 500;

/** What the page shows of a running import: a sentence and a bar (value of max). */
export interface ImportProgress {
  label: string;
  value: number;
  max: number;
}

const count = (n: number) => formatCount(n);

export function importProgress(job: CsvImportJob): ImportProgress {
  if (job.status === 'writing' && job.rowsTotal !== null) {
    return {
      label: `Importing ${count(job.rowsWritten)} of ${count(job.rowsTotal)} rows…`,
      value: job.rowsWritten,
      max: job.rowsTotal,
    };
  }
  const percent = job.bytesTotal > 0 ? Math.floor((job.bytesChecked / job.bytesTotal) * 100) : 0;
  return {
    label: `Checking rows… ${count(job.rowsChecked)} checked (${percent}% of the file)`,
    value: job.bytesChecked,
    max: job.bytesTotal,
  };
}

/**
 * Starts an import (or a dry run) and follows its job until it ends: resolves with the finished job (its
 * result, or a dry run's preview), or throws the job's problem as an ApiError, as if the API had refused the
 * file in its answer.
 */
export async function followImport(
  start: () => Promise<CsvImportJob>,
  poll: (id: string) => Promise<CsvImportJob>,
  onProgress: (progress: ImportProgress) => void,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<CsvImportJob> {
  let job = await start();
  for (;;) {
    if (job.status === 'succeeded' && (job.result || job.preview)) return job;
    if (job.status === 'failed') throw new ApiError(job.problem?.status ?? 500, job.problem ?? null);
    onProgress(importProgress(job));
    await wait(POLL_EVERY_MS);
    job = await poll(job.id);
  }
}
