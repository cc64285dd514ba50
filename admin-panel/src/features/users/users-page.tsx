import type { AdminUser, AdminUserList, AdminUserPatch, Role } from '@shopstream/contracts';
import { useCursorPager } from '@shopstream/web-kit/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { CursorPager, ErrorMessage, Loading, Notice, PageHeader, StatusBadge } from '../../lib/ui';
import { ordersOfCustomer } from '../orders/api';

export function UsersPage() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const pager = useCursorPager();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isAdmin = me.role === 'admin';
  const query = { email: email || undefined, role: role || undefined, cursor: pager.cursor, limit: 25 };
  const users = useQuery({
    queryKey: ['admin-users', query],
    queryFn: () => api<AdminUserList>('/admin/users', { query }),
    placeholderData: keepPreviousData,
  });
  const patch = useMutation({
    mutationFn: ({ user, change }: { user: AdminUser; change: AdminUserPatch }) =>
      api<AdminUser>(`/admin/users/${user.id}`, { method: 'PATCH', body: change }),
    onSuccess: async (user) => {
      setNotice(`${user.email}: ${user.disabled ? 'disabled' : 'enabled'}, role ${user.role}.`);
      await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });

  return (
    <>
      <PageHeader title="Customers & users" />
      {isAdmin ? null : (
        <p>Staff can find accounts and disable or re-enable customers; only administrators change roles.</p>
      )}
      <form className="filters" aria-label="Find accounts" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="user-email">Email contains</label>
          <input
            id="user-email"
            type="search"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              pager.reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select
            id="user-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              pager.reset();
            }}
          >
            <option value="">Any</option>
            <option value="customer">Customer</option>
            <option value="staff">Staff</option>
            <option value="admin">Admin</option>
          </select>
        </div>
      </form>
      <ErrorMessage error={users.error ?? patch.error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {users.isPending ? <Loading /> : null}
      <table className="data-table" aria-label="Accounts">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((user) => (
            <UserRows
              key={user.id}
              user={user}
              self={user.id === me.id}
              canChangeRole={isAdmin}
              canDisable={isAdmin || user.role === 'customer'}
              open={open === user.id}
              onToggleOrders={() => setOpen(open === user.id ? null : user.id)}
              onChange={(change) => patch.mutate({ user, change })}
            />
          ))}
        </tbody>
      </table>
      <CursorPager label="Pages of accounts" pager={pager} nextCursor={users.data?.nextCursor} />
    </>
  );
}

function UserRows({
  user,
  self,
  canChangeRole,
  canDisable,
  open,
  onToggleOrders,
  onChange,
}: {
  user: AdminUser;
  self: boolean;
  canChangeRole: boolean;
  canDisable: boolean;
  open: boolean;
  onToggleOrders: () => void;
  onChange: (change: AdminUserPatch) => void;
}) {
  return (
    <>
      <tr>
        <th scope="row">{user.email}</th>
        <td>{user.name}</td>
        <td>
          <select
            aria-label={`Role of ${user.email}`}
            value={user.role}
            disabled={self || !canChangeRole}
            onChange={(e) => {
              const next = e.target.value as Role;
              if (window.confirm(`Make ${user.email} ${next}?`)) onChange({ role: next });
            }}
          >
            <option value="customer">customer</option>
            <option value="staff">staff</option>
            <option value="admin">admin</option>
          </select>
        </td>
        <td>{user.disabled ? <StatusBadge value="disabled" /> : <StatusBadge value="enabled" />}</td>
        <td>{formatDateTime(user.createdAt)}</td>
        <td>
          <div className="actions">
            <button type="button" className="secondary" aria-expanded={open} onClick={onToggleOrders}>
              {open ? 'Hide orders' : 'Orders'}
            </button>
            <button
              type="button"
              className={user.disabled ? 'secondary' : 'danger'}
              disabled={self || !canDisable}
              onClick={() => {
                if (
                  user.disabled ||
                  window.confirm(`Disable ${user.email}? They are signed out everywhere.`)
                ) {
                  onChange({ disabled: !user.disabled });
                }
              }}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
          </div>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6}>
            <CustomerOrders userId={user.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function CustomerOrders({ userId }: { userId: string }) {
  const orders = useQuery({ queryKey: ['customer-orders', userId], queryFn: () => ordersOfCustomer(userId) });
  if (orders.isPending) return <Loading />;
  if (orders.error) return <ErrorMessage error={orders.error} />;
  if (orders.data.items.length === 0) return <p className="muted">No orders.</p>;
  return (
    <ul className="plain">
      {orders.data.items.map((order) => (
        <li key={order.id}>
          <Link to={`/orders/${order.number}`}>{order.number}</Link> · <StatusBadge value={order.status} /> ·{' '}
          {formatMoney(order.total, order.currency)} · {formatDateTime(order.placedAt)}
        </li>
      ))}
    </ul>
  );
}
