import { zodResolver } from '@hookform/resolvers/zod';
import {
  type InventoryItem,
  type InventoryList,
  type StockAdjustment,
  type StockAdjustmentList,
  StockAdjustmentRequest,
} from '@shopstream/contracts';
import { ApiError } from '@shopstream/web-kit';
import { useCursorPager } from '@shopstream/web-kit/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { CursorPager, ErrorMessage, Loading, Notice, PageHeader } from '../../lib/ui';

const listInventory = (query: Record<string, string | number | undefined>) =>
  api<InventoryList>('/admin/inventory', { query });

export function InventoryPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const lowStock = params.get('lowStock') === 'true';
  const pager = useCursorPager();
  const [selected, setSelected] = useState<InventoryItem | null>(null);
  const query = {
    q: q || undefined,
    lowStock: lowStock ? 'true' : undefined,
    cursor: pager.cursor,
    limit: 50,
  };
  const inventory = useQuery({
    queryKey: ['inventory', query],
    queryFn: () => listInventory(query),
    placeholderData: keepPreviousData,
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    pager.reset();
  };
  const current = selected
    ? (inventory.data?.items.find((item) => item.variantId === selected.variantId) ?? selected)
    : null;

  return (
    <>
      <PageHeader title="Inventory" />
      <form className="filters" aria-label="Filter inventory" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="inventory-search">SKU or product</label>
          <input
            id="inventory-search"
            type="search"
            defaultValue={q}
            onKeyDown={(e) => {
              if (e.key === 'Enter') set('q', e.currentTarget.value.trim());
            }}
            onBlur={(e) => {
              if (e.currentTarget.value.trim() !== q) set('q', e.currentTarget.value.trim());
            }}
          />
        </div>
        <div className="field checkbox">
          <input
            id="low-stock"
            type="checkbox"
            checked={lowStock}
            onChange={(e) => set('lowStock', e.target.checked ? 'true' : '')}
          />
          <label htmlFor="low-stock">Only low stock</label>
        </div>
      </form>
      <ErrorMessage error={inventory.error} />
      {inventory.isPending ? <Loading /> : null}
      <table className="data-table" aria-label="Stock per variant">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Product</th>
            <th scope="col">Variant</th>
            <th scope="col" className="number">
              On hand
            </th>
            <th scope="col" className="number">
              Reserved
            </th>
            <th scope="col" className="number">
              Available
            </th>
            <th scope="col" className="number">
              Low-stock threshold
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {inventory.data?.items.map((item) => (
            <tr key={item.variantId} className={item.lowStock ? 'low' : undefined}>
              <th scope="row">{item.sku}</th>
              <td>
                <Link to={`/products/${item.productId}`}>{item.productTitle}</Link>
              </td>
              <td>{Object.values(item.options).join(' / ') || item.variantTitle}</td>
              <td className="number">{item.stockOnHand}</td>
              <td className="number">{item.stockReserved}</td>
              <td className="number">
                {item.available}
                {item.lowStock ? <strong className="warn"> low</strong> : null}
              </td>
              <td className="number">{item.lowStockThreshold}</td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Adjust stock of ${item.sku}`}
                  onClick={() => setSelected(item)}
                >
                  Adjust
                </button>
              </td>
            </tr>
          ))}
          {inventory.data?.items.length === 0 ? (
            <tr>
              <td colSpan={8}>No variants match.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <CursorPager label="Pages of inventory" pager={pager} nextCursor={inventory.data?.nextCursor} />
      {current ? (
        <StockPanel key={current.variantId} item={current} onClose={() => setSelected(null)} />
      ) : null}
    </>
  );
}

function StockPanel({ item, onClose }: { item: InventoryItem; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ['stock-adjustments', item.variantId],
    queryFn: () => api<StockAdjustmentList>(`/admin/variants/${item.variantId}/stock-adjustments`),
  });
  const form = useForm({
    resolver: zodResolver(StockAdjustmentRequest),
    defaultValues: { delta: 0, reason: 'received' as const, note: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const adjust = useMutation({
    mutationFn: (body: StockAdjustmentRequest) =>
      api<StockAdjustment>(`/admin/variants/${item.variantId}/stock-adjustments`, {
        method: 'POST',
        body: { ...body, note: body.note || undefined },
      }),
    onSuccess: async (adjustment) => {
      setNotice(`Stock of ${item.sku} is now ${adjustment.stockAfter}.`);
      form.reset({ delta: 0, reason: adjustment.reason, note: '' });
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
      await queryClient.invalidateQueries({ queryKey: ['stock-adjustments', item.variantId] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldError('delta')) {
        form.setError('delta', { message: error.fieldError('delta') });
      }
    },
  });
  const threshold = useMutation({
    mutationFn: (lowStockThreshold: number) =>
      api(`/admin/variants/${item.variantId}`, { method: 'PATCH', body: { lowStockThreshold } }),
    onSuccess: async () => {
      setNotice(`Low-stock threshold of ${item.sku} saved.`);
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
    },
  });
  const [thresholdText, setThresholdText] = useState(String(item.lowStockThreshold));

  return (
    <section className="panel" aria-labelledby="stock-panel-heading">
      <header className="page-header">
        <h2 id="stock-panel-heading">
          {item.sku} — {item.productTitle}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </header>
      <p>
        On hand <strong data-testid="stock-on-hand">{item.stockOnHand}</strong>, reserved {item.stockReserved}
        , available {item.available}.
      </p>
      <form
        className="filters"
        aria-label={`Adjust stock of ${item.sku}`}
        noValidate
        onSubmit={form.handleSubmit((body) => adjust.mutateAsync(body).catch(() => undefined))}
      >
        <div className="field">
          <label htmlFor="delta">Change (+ received, − removed)</label>
          <input
            id="delta"
            type="number"
            step={1}
            aria-invalid={errors.delta ? true : undefined}
            aria-describedby={errors.delta ? 'delta-error' : undefined}
            {...form.register('delta', { valueAsNumber: true })}
          />
          {errors.delta ? (
            <span id="delta-error" className="field-error">
              {errors.delta.message}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="reason">Reason</label>
          <select id="reason" {...form.register('reason')}>
            <option value="received">Received</option>
            <option value="damaged">Damaged</option>
            <option value="correction">Correction</option>
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="note">Note</label>
          <input id="note" maxLength={500} {...form.register('note')} />
        </div>
        <button type="submit" className="align-end" disabled={isSubmitting}>
          Save adjustment
        </button>
      </form>
      <form
        className="filters"
        aria-label={`Low-stock threshold of ${item.sku}`}
        onSubmit={(event) => {
          event.preventDefault();
          threshold.mutate(Number(thresholdText));
        }}
      >
        <div className="field">
          <label htmlFor="threshold">Low-stock threshold</label>
          <input
            id="threshold"
            type="number"
            min={0}
            value={thresholdText}
            onChange={(e) => setThresholdText(e.target.value)}
          />
        </div>
        <button type="submit" className="secondary align-end" disabled={threshold.isPending}>
          Save threshold
        </button>
      </form>
      <ErrorMessage error={adjust.error ?? threshold.error ?? history.error} />
      {notice ? <Notice>{notice}</Notice> : null}
      <h3 id="history-heading">History</h3>
      {history.isPending ? <Loading /> : null}
      <table className="data-table" aria-labelledby="history-heading" data-testid="stock-history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" className="number">
              Change
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Note</th>
            <th scope="col" className="number">
              Stock after
            </th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.items.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.createdAt)}</td>
              <td className="number">{entry.delta > 0 ? `+${entry.delta}` : entry.delta}</td>
              <td>{entry.reason}</td>
              <td>{entry.note ?? ''}</td>
              <td className="number">{entry.stockAfter}</td>
              <td>{entry.actor.email ?? 'system'}</td>
            </tr>
          ))}
          {history.data?.items.length === 0 ? (
            <tr>
              <td colSpan={6}>No adjustments yet.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
