import { zodResolver } from '@hookform/resolvers/zod';
import {
  type DiscountCode,
  DiscountCodeInput,
  type DiscountCodeList,
  type DiscountCodePatch,
} from '@shopstream/contracts';
import { ApiError } from '@shopstream/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../../lib/api';
import { amountText, formatDateTime, formatMoney, parseMoney } from '../../lib/format';
import { ErrorMessage, Loading, Notice, PageHeader, StatusBadge } from '../../lib/ui';

/** The form types amounts as "12.50" and dates as local date-times; the shared schema checks the result. */
const DiscountForm = z
  .object({
    code: z.string(),
    kind: z.enum(['percentage', 'fixed']),
    value: z.string(),
    minimumSubtotal: z.string(),
    usageLimit: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    active: z.boolean(),
  })
  .transform((form, context): z.input<typeof DiscountCodeInput> => {
    const amount = (text: string, path: string) => {
      if (text.trim() === '') return 0;
      const value = parseMoney(text);
      if (value === null)
        context.addIssue({ code: 'custom', path: [path], message: 'must be an amount such as 12.50' });
      return value ?? 0;
    };
    const value = form.kind === 'percentage' ? Number(form.value) : amount(form.value, 'value');
    return {
      code: form.code,
      kind: form.kind,
      value,
      minimumSubtotal: amount(form.minimumSubtotal, 'minimumSubtotal'),
      usageLimit: form.usageLimit.trim() ? Number(form.usageLimit) : null,
      startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : null,
      endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null,
      active: form.active,
    };
  })
  .pipe(DiscountCodeInput);
type DiscountFormValues = z.input<typeof DiscountForm>;

const localDateTime = (iso: string | null) =>
  iso
    ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
    : '';

const blank: DiscountFormValues = {
  code: '',
  kind: 'percentage',
  value: '',
  minimumSubtotal: '',
  usageLimit: '',
  startsAt: '',
  endsAt: '',
  active: true,
};

function formOf(code: DiscountCode): DiscountFormValues {
  return {
    code: code.code,
    kind: code.kind,
    value: code.kind === 'percentage' ? String(code.value) : amountText(code.value),
    minimumSubtotal: code.minimumSubtotal ? amountText(code.minimumSubtotal) : '',
    usageLimit: code.usageLimit ? String(code.usageLimit) : '',
    startsAt: localDateTime(code.startsAt),
    endsAt: localDateTime(code.endsAt),
    active: code.active,
  };
}

export function DiscountsPage() {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<DiscountCode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const codes = useQuery({
    queryKey: ['discount-codes'],
    queryFn: () => api<DiscountCodeList>('/admin/discount-codes', { query: { limit: 200 } }),
  });
  const toggle = useMutation({
    mutationFn: (code: DiscountCode) =>
      api<DiscountCode>(`/admin/discount-codes/${code.id}`, {
        method: 'PATCH',
        body: { active: !code.active } satisfies DiscountCodePatch,
      }),
    onSuccess: async (code) => {
      setNotice(`${code.code} is now ${code.active ? 'active' : 'inactive'}.`);
      await queryClient.invalidateQueries({ queryKey: ['discount-codes'] });
    },
  });

  return (
    <>
      <PageHeader title="Discount codes" />
      <DiscountEditor
        key={editing?.id ?? 'new'}
        code={editing}
        onDone={async (message) => {
          setEditing(null);
          setNotice(message);
          await queryClient.invalidateQueries({ queryKey: ['discount-codes'] });
        }}
        onCancel={() => setEditing(null)}
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorMessage error={codes.error ?? toggle.error} />
      {codes.isPending ? <Loading /> : null}
      <table className="data-table" aria-label="Discount codes">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Discount</th>
            <th scope="col">Minimum</th>
            <th scope="col">Used</th>
            <th scope="col">Valid</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {codes.data?.items.map((code) => (
            <tr key={code.id}>
              <th scope="row">{code.code}</th>
              <td>
                {code.kind === 'percentage' ? `${code.value} %` : formatMoney(code.value, code.currency)}
              </td>
              <td>{code.minimumSubtotal ? formatMoney(code.minimumSubtotal, code.currency) : '—'}</td>
              <td>
                {code.timesUsed}
                {code.usageLimit ? ` of ${code.usageLimit}` : ''}
              </td>
              <td>
                {code.startsAt ? formatDateTime(code.startsAt) : 'now'} –{' '}
                {code.endsAt ? formatDateTime(code.endsAt) : 'open'}
              </td>
              <td>
                <StatusBadge value={code.active ? 'active' : 'inactive'} />
              </td>
              <td>
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setEditing(code)}
                    aria-label={`Edit ${code.code}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className={code.active ? 'danger' : 'secondary'}
                    onClick={() => toggle.mutate(code)}
                    aria-label={`${code.active ? 'Deactivate' : 'Activate'} ${code.code}`}
                  >
                    {code.active ? 'Deactivate' : 'Activate'}
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {codes.data?.items.length === 0 ? (
            <tr>
              <td colSpan={7}>No discount codes yet.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}

function DiscountEditor({
  code,
  onDone,
  onCancel,
}: {
  code: DiscountCode | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const form = useForm<DiscountFormValues, unknown, DiscountCodeInput>({
    resolver: zodResolver(DiscountForm),
    defaultValues: code ? formOf(code) : blank,
  });
  const { errors, isSubmitting } = form.formState;
  const [failure, setFailure] = useState<unknown>(null);
  const kind = form.watch('kind');
  const save = form.handleSubmit(async (input) => {
    setFailure(null);
    try {
      if (code) {
        const { code: _code, currency: _currency, ...patch } = input;
        await api(`/admin/discount-codes/${code.id}`, {
          method: 'PATCH',
          body: patch satisfies DiscountCodePatch,
        });
        onDone(`Saved ${code.code}.`);
      } else {
        const created = await api<DiscountCode>('/admin/discount-codes', { method: 'POST', body: input });
        form.reset(blank);
        onDone(`Created ${created.code}.`);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          form.setError(field.replace(/^body\./, '') as FieldPath<DiscountFormValues>, { message });
        }
      }
      setFailure(error);
    }
  });
  const error = (name: keyof DiscountFormValues) =>
    errors[name]?.message ? (
      <span id={`discount-${name}-error`} className="field-error">
        {errors[name]?.message}
      </span>
    ) : null;
  const describedBy = (name: keyof DiscountFormValues) =>
    errors[name] ? `discount-${name}-error` : undefined;

  return (
    <form
      className="panel"
      aria-label={code ? `Edit ${code.code}` : 'New discount code'}
      onSubmit={save}
      noValidate
    >
      <h2>{code ? `Edit ${code.code}` : 'New discount code'}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="discount-code">Code</label>
          <input
            id="discount-code"
            disabled={Boolean(code)}
            aria-describedby={describedBy('code')}
            {...form.register('code')}
          />
          {error('code')}
        </div>
        <div className="field">
          <label htmlFor="discount-kind">Kind</label>
          <select id="discount-kind" {...form.register('kind')}>
            <option value="percentage">Percentage</option>
            <option value="fixed">Fixed amount (EUR)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="discount-value">{kind === 'percentage' ? 'Percent off' : 'Amount off (EUR)'}</label>
          <input
            id="discount-value"
            inputMode="decimal"
            aria-describedby={describedBy('value')}
            {...form.register('value')}
          />
          {error('value')}
        </div>
        <div className="field">
          <label htmlFor="discount-minimum">Minimum subtotal (EUR)</label>
          <input
            id="discount-minimum"
            inputMode="decimal"
            aria-describedby={describedBy('minimumSubtotal')}
            {...form.register('minimumSubtotal')}
          />
          {error('minimumSubtotal')}
        </div>
        <div className="field">
          <label htmlFor="discount-limit">Usage limit</label>
          <input
            id="discount-limit"
            type="number"
            min={1}
            aria-describedby={describedBy('usageLimit')}
            {...form.register('usageLimit')}
          />
          {error('usageLimit')}
        </div>
        <div className="field">
          <label htmlFor="discount-starts">Starts</label>
          <input id="discount-starts" type="datetime-local" {...form.register('startsAt')} />
        </div>
        <div className="field">
          <label htmlFor="discount-ends">Ends</label>
          <input
            id="discount-ends"
            type="datetime-local"
            aria-describedby={describedBy('endsAt')}
            {...form.register('endsAt')}
          />
          {error('endsAt')}
        </div>
        <div className="field checkbox">
          <input id="discount-active" type="checkbox" {...form.register('active')} />
          <label htmlFor="discount-active">Active</label>
        </div>
      </div>
      <ErrorMessage error={failure} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {code ? 'Save code' : 'Create code'}
        </button>
        {code ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
