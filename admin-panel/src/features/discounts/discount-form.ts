import { type DiscountCode, DiscountCodeInput } from '@shopstream/contracts';
import { minorToDecimalString } from '@shopstream/web-kit';
import { z } from 'zod';
import { parseMoney } from '../../lib/format';
import { shopSettings } from '../../lib/shop-settings';

/**
 * The form types amounts as "12.50" ("1250" for JPY) in the code's currency, the shop's for a new code, and dates as
 * local date-times; the shared schema checks the result.
 */
export const DiscountForm = z
  .object({
    code: z.string(),
    kind: z.enum(['percentage', 'fixed']),
    value: z.string(),
    minimumSubtotal: z.string(),
    usageLimit: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    active: z.boolean(),
    currency: z.string(),
  })
  .transform((form, context): z.input<typeof DiscountCodeInput> => {
    const amount = (text: string, path: string) => {
      if (text.trim() === '') return 0;
      const value = parseMoney(text, form.currency);
      if (value === null)
        context.addIssue({
          code: 'custom',
          path: [path],
          message: `must be an amount in ${form.currency} such as ${minorToDecimalString(1250, form.currency)}`,
        });
      return value ?? 0;
    };
    const value = form.kind === 'percentage' ? Number(form.value) : amount(form.value, 'value');
    return {
      code: form.code,
      kind: form.kind,
      currency: form.currency,
      value,
      minimumSubtotal: amount(form.minimumSubtotal, 'minimumSubtotal'),
      usageLimit: form.usageLimit.trim() ? Number(form.usageLimit) : null,
      startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : null,
      endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null,
      active: form.active,
    };
  })
  .pipe(DiscountCodeInput);
export type DiscountFormValues = z.input<typeof DiscountForm>;

const localDateTime = (iso: string | null) =>
  iso
    ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
    : '';

/** A new code is in the shop's currency (read when the form opens: the settings load after this module). */
export const blank = (): DiscountFormValues => ({
  code: '',
  kind: 'percentage',
  value: '',
  minimumSubtotal: '',
  usageLimit: '',
  startsAt: '',
  endsAt: '',
  active: true,
  currency: shopSettings.currency,
});

export function formOf(code: DiscountCode): DiscountFormValues {
  return {
    code: code.code,
    kind: code.kind,
    value: code.kind === 'percentage' ? String(code.value) : minorToDecimalString(code.value, code.currency),
    minimumSubtotal: code.minimumSubtotal ? minorToDecimalString(code.minimumSubtotal, code.currency) : '',
    usageLimit: code.usageLimit ? String(code.usageLimit) : '',
    startsAt: localDateTime(code.startsAt),
    endsAt: localDateTime(code.endsAt),
    active: code.active,
    currency: code.currency,
  };
}
