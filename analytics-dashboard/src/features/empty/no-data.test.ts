import { describe, expect, it } from 'vitest';
import { hasComparison, ledgerParts, whyNoData } from './no-data';

const to = '2026-12-02T00:00:00.000Z';

describe('why a range shows no data', () => {
  it('says a site that never stored an event is a fresh install', () => {
    expect(whyNoData({ dataSince: null, current: { events: 0 }, to })).toEqual({ kind: 'fresh' });
  });

  it('says a range before the first event is before the data starts', () => {
    expect(whyNoData({ dataSince: '2026-12-05T00:00:00.000Z', current: { events: 0 }, to })).toEqual({
      kind: 'before-data',
      dataSince: '2026-12-05T00:00:00.000Z',
    });
  });

  it('says a range after the first event simply had nothing recorded', () => {
    expect(whyNoData({ dataSince: '2026-11-01T00:00:00.000Z', current: { events: 0 }, to })).toMatchObject({
      kind: 'quiet',
    });
  });

  it('shows the figures of a range with any event, even when they are all zero', () => {
    expect(whyNoData({ dataSince: '2026-11-01T00:00:00.000Z', current: { events: 1 }, to })).toBeNull();
  });

  it('compares only with a previous period that had data', () => {
    expect(hasComparison({ events: 0 })).toBe(false);
    expect(hasComparison({ events: 3 })).toBe(true);
  });
});

describe('the ledger line under net revenue', () => {
  it('lists gross, then only the refunds and cancellations there were', () => {
    expect(ledgerParts({ grossRevenue: 10_000, refunded: 1500, cancelled: 0 })).toEqual([
      { label: 'gross', amount: 10_000, sign: '' },
      { label: 'refunded', amount: 1500, sign: '−' },
    ]);
    expect(ledgerParts({ grossRevenue: 0, refunded: 0, cancelled: 0 })).toHaveLength(1);
  });
});
