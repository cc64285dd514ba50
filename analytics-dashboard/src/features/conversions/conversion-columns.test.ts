import { describe, expect, it } from 'vitest';
import { conversionColumns } from './conversion-columns';

const row = { key: 'google.com', pageviews: 40, events: 90 };

describe('conversion columns of a breakdown', () => {
  it('adds none without a goal filter, and Conversions and CR with one', () => {
    expect(conversionColumns(undefined, 'en-GB')).toEqual([]);
    expect(conversionColumns([row], 'en-GB')).toEqual([]);
    const columns = conversionColumns([{ ...row, conversions: 3, conversionRate: 0.125 }], 'en-GB');
    expect(columns.map((c) => c.header)).toEqual(['Conversions', 'CR']);
    const converted = { ...row, conversions: 1234, conversionRate: 0.125 };
    expect(columns.map((c) => c.cell?.(converted))).toEqual(['1,234', '12.5%']);
    expect(columns.map((c) => c.value(converted))).toEqual([1234, 0.125]);
    expect(conversionColumns([converted], 'de-DE').map((c) => c.cell?.(converted))).toEqual([
      '1.234',
      '12,5\u00a0%',
    ]);
  });
});
