import type { CsvImportJob } from '@shopstream/contracts';
import { ApiError } from '@shopstream/web-kit';
import { describe, expect, it } from 'vitest';
import { followImport, type ImportProgress, importProgress } from './import-job';

const job = (overrides: Partial<CsvImportJob>): CsvImportJob => ({
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  status: 'checking',
  bytesTotal: 5_000_000,
  bytesChecked: 0,
  rowsChecked: 0,
  rowsTotal: null,
  rowsWritten: 0,
  dryRun: false,
  result: null,
  preview: null,
  problem: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  ...overrides,
});
const result = { productsCreated: 5000, productsUpdated: 0, variantsCreated: 15000, variantsUpdated: 0 };

/** A fake API that answers the given job states one poll after another. */
function api(states: CsvImportJob[]) {
  const [first, ...rest] = states;
  const polled: string[] = [];
  return {
    polled,
    start: async () => first!,
    poll: async (id: string) => {
      polled.push(id);
      return rest.shift()!;
    },
  };
}
const noWait = async () => {};

describe('following a CSV import', () => {
  it('shows the rows checked, then the rows written of the total, then gives the result', async () => {
    const fake = api([
      job({}),
      job({ bytesChecked: 2_500_000, rowsChecked: 7_500 }),
      job({
        status: 'writing',
        bytesChecked: 5_000_000,
        rowsChecked: 15_000,
        rowsTotal: 15_000,
        rowsWritten: 6_000,
      }),
      job({ status: 'succeeded', rowsTotal: 15_000, rowsWritten: 15_000, result }),
    ]);
    const shown: ImportProgress[] = [];
    await expect(followImport(fake.start, fake.poll, (p) => shown.push(p), noWait)).resolves.toMatchObject({
      result,
    });
    expect(shown.map((p) => p.label)).toEqual([
      'Checking rows… 0 checked (0% of the file)',
      'Checking rows… 7,500 checked (50% of the file)',
      'Importing 6,000 of 15,000 rows…',
    ]);
    expect(shown[2]).toMatchObject({ value: 6_000, max: 15_000 });
    expect(fake.polled).toEqual(Array(3).fill(job({}).id));
  });

  it('throws the problems of a refused file as the API error they are, with each row problem', async () => {
    const problem = {
      type: 'https://shopstream.dev/problems/validation_failed',
      title: 'Validation failed',
      status: 400,
      code: 'validation_failed' as const,
      errors: [{ field: 'row 3.price', message: 'must be an amount in EUR such as 47.50' }],
    };
    const fake = api([job({}), job({ status: 'failed', problem })]);
    const failure = await followImport(fake.start, fake.poll, () => {}, noWait).catch((error) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, problem });
  });

  it("gives a dry run's preview once every row is checked", async () => {
    const preview = {
      rowsValid: 1,
      rowsRejected: 0,
      productsCreated: 1,
      productsUpdated: 0,
      variantsCreated: 1,
      variantsUpdated: 0,
      rows: [
        {
          line: 2,
          slug: 'mug',
          sku: 'MUG-1',
          outcome: 'create' as const,
          product: 'create' as const,
          problems: [],
        },
      ],
    };
    const fake = api([
      job({ dryRun: true }),
      job({ dryRun: true, status: 'succeeded', rowsTotal: 1, preview }),
    ]);
    await expect(followImport(fake.start, fake.poll, () => {}, noWait)).resolves.toMatchObject({ preview });
  });

  it('counts the file read while checking, since the row total is known only at the end', () => {
    expect(importProgress(job({ bytesChecked: 1_250_000, rowsChecked: 3_000 }))).toEqual({
      label: 'Checking rows… 3,000 checked (25% of the file)',
      value: 1_250_000,
      max: 5_000_000,
    });
  });
});
