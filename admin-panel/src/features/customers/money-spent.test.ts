import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../lib/format';
import { moneySpent } from './money-spent';

describe('amount spent', () => {
  it('shows each currency on its own, never added together, and a dash for nothing', () => {
    expect(moneySpent([])).toBe('—');
    expect(moneySpent([{ amount: 12_000, currency: 'EUR' }])).toBe(formatMoney(12_000, 'EUR'));
    expect(
      moneySpent([
        { amount: 12_000, currency: 'EUR' },
        { amount: 1_500, currency: 'JPY' },
      ]),
    ).toBe(`${formatMoney(12_000, 'EUR')} + ${formatMoney(1_500, 'JPY')}`);
  });
});
