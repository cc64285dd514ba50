import type { AdminUser, AdminUserPatch, Role } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { ErrorMessage, Loading, Notice, PageHeader, StatusBadge } from '../../lib/ui';
import { ordersOfCustomer } from '../orders/api';
import { addCustomerNote, changeAccount, getCustomer } from './api';
import { moneySpent } from './money-spent';

const ROLES: Role[] = ['customer', 'staff', 'admin'];

/** One customer: lifetime value, orders, addresses, staff notes; role and access change here, after a confirmation. */
export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const customer = useQuery({ queryKey: ['admin-customer', id], queryFn: () => getCustomer(id) });
  const orders = useQuery({ queryKey: ['customer-orders', id], queryFn: () => ordersOfCustomer(id) });
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin-customer', id] }),
      queryClient.invalidateQueries({ queryKey: ['admin-customers'] }),
    ]);
  const addNote = useMutation({
    mutationFn: (body: string) => addCustomerNote(id, body),
    onSuccess: async () => {
      setNote('');
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: (patch: AdminUserPatch) => changeAccount(id, patch),
    onSuccess: async (account: AdminUser) => {
      setNotice(`${account.email} is now ${account.role}${account.disabled ? ', disabled' : ''}.`);
      await refresh();
    },
  });

  if (customer.isPending) return <Loading />;
  if (customer.error) return <ErrorMessage error={customer.error} />;
  const { account, addresses, notes } = customer.data;
  const summary = customer.data.orders;
  const self = account.id === me.id;
  const isAdmin = me.role === 'admin';
  const canDisable = !self && (isAdmin || account.role === 'customer');

  return (
    <>
      <PageHeader title={account.name || account.email}>
        <Link to="/customers">All customers</Link>
      </PageHeader>
      <p className="muted">
        {account.email} · <StatusBadge value={account.role} />{' '}
        <StatusBadge value={account.disabled ? 'disabled' : 'enabled'} /> · registered{' '}
        {formatDateTime(account.createdAt)}
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorMessage error={change.error} />
      <div className="cards">
        <div className="card">
          <span className="card-label">Lifetime value</span>
          <span className="card-value" data-testid="lifetime-value">
            {moneySpent(summary.spent)}
          </span>
        </div>
        <div className="card">
          <span className="card-label">Paid orders</span>
          <span className="card-value" data-testid="order-count">
            {summary.orderCount}
          </span>
        </div>
        <div className="card">
          <span className="card-label">First order</span>
          <span className="card-value small">
            {summary.firstOrderAt ? formatDateTime(summary.firstOrderAt) : '—'}
          </span>
        </div>
        <div className="card">
          <span className="card-label">Last order</span>
          <span className="card-value small">
            {summary.lastOrderAt ? formatDateTime(summary.lastOrderAt) : '—'}
          </span>
        </div>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="orders-heading">
          <h2 id="orders-heading">Orders</h2>
          <ErrorMessage error={orders.error} />
          {orders.isPending ? <Loading /> : null}
          <ul className="plain" aria-label="Orders of this customer">
            {orders.data?.items.map((order) => (
              <li key={order.id}>
                <Link to={`/orders/${order.number}`}>{order.number}</Link> ·{' '}
                <StatusBadge value={order.status} /> · {formatMoney(order.total, order.currency)} ·{' '}
                {formatDateTime(order.placedAt)}
              </li>
            ))}
          </ul>
          {orders.data?.items.length === 0 ? <p className="muted">No orders yet.</p> : null}
        </section>
        <section className="panel" aria-labelledby="addresses-heading">
          <h2 id="addresses-heading">Addresses</h2>
          {addresses.length === 0 ? <p className="muted">No saved addresses.</p> : null}
          <ul className="plain">
            {addresses.map((address) => (
              <li key={address.id}>
                <address>
                  {address.label ? <strong>{address.label}: </strong> : null}
                  {[
                    address.fullName,
                    address.line1,
                    address.line2,
                    `${address.postalCode} ${address.city}`,
                    address.region,
                    address.country,
                  ]
                    .filter(Boolean)
                    .join(', ')}
                  {address.isDefault ? ' (default)' : ''}
                </address>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        {notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
        <ul className="plain" aria-label="Notes">
          {notes.map((entry) => (
            <li key={entry.id}>
              <p className="note-body">{entry.body}</p>
              <span className="muted">
                {entry.author ? entry.author.name || entry.author.email : 'a former staff member'} ·{' '}
                {formatDateTime(entry.createdAt)}
              </span>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim()) addNote.mutate(note.trim());
          }}
        >
          <div className="field">
            <label htmlFor="customer-note">Add a note</label>
            <textarea
              id="customer-note"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <ErrorMessage error={addNote.error} />
          <button type="submit" disabled={!note.trim() || addNote.isPending}>
            Add note
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="access-heading">
        <h2 id="access-heading">Role and access</h2>
        {self ? <p className="muted">This is your own account: another administrator changes it.</p> : null}
        {!isAdmin ? <p className="muted">Only administrators change roles.</p> : null}
        <div className="actions">
          <RoleChange
            account={account}
            disabled={self || !isAdmin || change.isPending}
            onConfirm={(role) => change.mutate({ role })}
          />
          <button
            type="button"
            className={account.disabled ? 'secondary' : 'danger'}
            disabled={!canDisable || change.isPending}
            onClick={() => {
              if (
                account.disabled ||
                window.confirm(`Disable ${account.email}? They are signed out everywhere.`)
              ) {
                change.mutate({ disabled: !account.disabled });
              }
            }}
          >
            {account.disabled ? 'Enable account' : 'Disable account'}
          </button>
        </div>
      </section>
    </>
  );
}

/** A role is chosen, then confirmed in a second step; nothing changes on the choice alone. */
function RoleChange({
  account,
  disabled,
  onConfirm,
}: {
  account: AdminUser;
  disabled: boolean;
  onConfirm: (role: Role) => void;
}) {
  const [role, setRole] = useState<Role>(account.role);
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div role="alertdialog" aria-labelledby="confirm-role" className="confirm">
        <p id="confirm-role">
          Make {account.email} <strong>{role}</strong> instead of {account.role}?
          {role !== 'customer' ? ' They will be able to sign in to the admin panel.' : ''}
        </p>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              onConfirm(role);
            }}
          >
            Yes, make {role}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setConfirming(false);
              setRole(account.role);
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        if (role !== account.role) setConfirming(true);
      }}
    >
      <label htmlFor="account-role">Role</label>
      <select
        id="account-role"
        value={role}
        disabled={disabled}
        onChange={(e) => setRole(e.target.value as Role)}
      >
        {ROLES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={disabled || role === account.role}>
        Change role…
      </button>
    </form>
  );
}
