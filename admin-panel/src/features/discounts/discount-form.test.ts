import type { DiscountCode } from '@shopstream/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { shopSettings } from '../../lib/shop-settings';
import { blank, DiscountForm, formOf } from './discount-form';

const shop = (currency: string) =>
  Object.assign(shopSettings, { currency, locale: 'en-IE', timeZone: 'UTC' });
afterEach(() => shop(''));

const fixed = (value: string, minimumSubtotal: string) => ({
  ...blank(),
  code: 'SPRING',
  kind: 'fixed' as const,
  value,
  minimumSubtotal,
});

describe('the discount code form', () => {
  it.each([
    ['EUR', '12.50', '40', 1250, 4000],
    ['JPY', '1250', '4000', 1250, 4000],
    ['KWD', '1.250', '4', 1250, 4000],
  ])(
    'reads amounts typed in the shop currency %s as its minor units',
    (currency, value, minimum, minor, min) => {
      shop(currency);
      const parsed = DiscountForm.parse(fixed(value, minimum));
      expect(parsed).toMatchObject({ currency, value: minor, minimumSubtotal: min });
    },
  );

  it('refuses more decimals than the currency has, naming the currency', () => {
    shop('JPY');
    const result = DiscountForm.safeParse(fixed('12.50', ''));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['value'],
      message: 'must be an amount in JPY such as 1250',
    });
  });

  it('shows a saved code in its own currency, whatever the shop currency is now', () => {
    shop('EUR');
    const code = {
      code: 'YEN',
      kind: 'fixed',
      value: 1250,
      minimumSubtotal: 4000,
      currency: 'JPY',
    } as DiscountCode;
    expect(formOf({ ...code, usageLimit: null, startsAt: null, endsAt: null, active: true })).toMatchObject({
      value: '1250',
      minimumSubtotal: '4000',
      currency: 'JPY',
    });
  });
});
