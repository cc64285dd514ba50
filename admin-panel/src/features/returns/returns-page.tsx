import { type Return, ReturnStatus } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime, formatMoney } from '../../lib/format';
import { ErrorMessage, Loading, Notice, PageHeader, StatusBadge } from '../../lib/ui';
import { listReturns, type ReturnStep, stepReturn } from './api';

/** The returns queue: what customers asked to send back, and the next step of each. */
export function ReturnsPage() {
  const [status, setStatus] = useState<ReturnStatus | ''>('requested');
  const returns = useQuery({
    queryKey: ['admin-returns', status],
    queryFn: () => listReturns(status || undefined),
  });
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Returns" />
      <div className="filters">
        <div className="field">
          <label htmlFor="returns-status">Status</label>
          <select
            id="returns-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReturnStatus | '')}
          >
            <option value="">All</option>
            {ReturnStatus.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorMessage error={returns.error} />
      {returns.isPending ? <Loading /> : null}
      {returns.data && returns.data.items.length === 0 ? <p className="muted">No returns.</p> : null}
      <ul className="plain returns">
        {returns.data?.items.map((ret) => (
          <ReturnItem key={ret.id} ret={ret} onDone={setNotice} />
        ))}
      </ul>
    </>
  );
}

function ReturnItem({ ret, onDone }: { ret: Return; onDone: (notice: string) => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [restock, setRestock] = useState(true);
  const step = useMutation({
    mutationFn: ({ to, body }: { to: ReturnStep; body?: object }) => stepReturn(ret.id, to, body),
    onSuccess: async (updated) => {
      onDone(`Return of order ${updated.orderNumber} is now ${updated.status}.`);
      await queryClient.invalidateQueries({ queryKey: ['admin-returns'] });
      await queryClient.invalidateQueries({ queryKey: ['admin-order', updated.orderNumber] });
      await queryClient.invalidateQueries({ queryKey: ['today-stats'] });
    },
  });
  return (
    <li className="panel" data-testid={`return-${ret.id}`} aria-label={`Return of order ${ret.orderNumber}`}>
      <p>
        <StatusBadge value={ret.status} /> <Link to={`/orders/${ret.orderNumber}`}>{ret.orderNumber}</Link> ·{' '}
        {ret.email} · asked {formatDateTime(ret.requestedAt)}
      </p>
      <ul>
        {ret.lines.map((line) => (
          <li key={line.lineId}>
            {line.quantity} × {line.productTitle}
            {line.variantTitle ? ` — ${line.variantTitle}` : ''} ({line.sku})
          </li>
        ))}
      </ul>
      <p>Reason: {ret.reason}</p>
      {ret.staffNote ? <p className="muted">Our note: {ret.staffNote}</p> : null}
      {ret.refundedAmount !== null ? <p>Refunded {formatMoney(ret.refundedAmount, ret.currency)}</p> : null}
      <ErrorMessage error={step.error} />
      {ret.status === 'requested' ? (
        <div className="filters">
          <div className="field grow">
            <label htmlFor={`note-${ret.id}`}>Note to the customer (optional)</label>
            <input
              id={`note-${ret.id}`}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="align-end"
            disabled={step.isPending}
            onClick={() => step.mutate({ to: 'approve', body: { note: note.trim() || undefined } })}
          >
            Approve
          </button>
          <button
            type="button"
            className="align-end danger"
            disabled={step.isPending}
            onClick={() => step.mutate({ to: 'refuse', body: { note: note.trim() || undefined } })}
          >
            Refuse
          </button>
        </div>
      ) : null}
      {ret.status === 'approved' ? (
        <div className="actions">
          <label className="checkbox">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> Put the
            units back in stock
          </label>
          <button
            type="button"
            disabled={step.isPending}
            onClick={() => step.mutate({ to: 'receive', body: { restock } })}
          >
            Mark received
          </button>
        </div>
      ) : null}
      {ret.status === 'received' ? (
        <div className="actions">
          <button
            type="button"
            className="danger"
            disabled={step.isPending}
            onClick={() => step.mutate({ to: 'refund' })}
          >
            Refund the return
          </button>
        </div>
      ) : null}
    </li>
  );
}
