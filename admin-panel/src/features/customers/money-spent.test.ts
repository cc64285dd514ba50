import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../lib/format';
import { applyShopSettings } from '../../lib/shop-settings';
import { moneySpent } from './money-spent';

// As ShopSettingsGate fills them from GET /shop/settings before any screen renders.
beforeAll(() => applyShopSettings({ currency: 'EUR', locale: 'en-IE', timeZone: 'Europe/Dublin' }));

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
