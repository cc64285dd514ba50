import type { CustomerKind, Role } from '@shopstream/contracts';
import { useCursorPager } from '@shopstream/web-kit/react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { CursorPager, ErrorMessage, Loading, PageHeader, StatusBadge } from '../../lib/ui';
import { listCustomers } from './api';
import { moneySpent } from './money-spent';

const SEARCH_DELAY_MS = 300;

/** Customers: accounts or guest buyers, with what their orders add up to. Changes happen on a customer's page. */
export function CustomersPage() {
  const [kind, setKind] = useState<CustomerKind>('account');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const pager = useCursorPager();
  const resetPager = pager.reset;
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() !== q) {
        setQ(text.trim());
        resetPager();
      }
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, q, resetPager]);
  const query = {
    kind,
    q: q || undefined,
    role: kind === 'account' ? role || undefined : undefined,
    cursor: pager.cursor,
    limit: 25,
  };
  const customers = useQuery({
    queryKey: ['admin-customers', query],
    queryFn: () => listCustomers(query),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title="Customers" />
      <form className="filters" aria-label="Find customers" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="customer-kind">Show</label>
          <select
            id="customer-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as CustomerKind);
              pager.reset();
            }}
          >
            <option value="account">Registered accounts</option>
            <option value="guest">Guest buyers</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-search">Search</label>
          <input
            id="customer-search"
            type="search"
            placeholder={kind === 'account' ? 'Email or name' : 'Email'}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        {kind === 'account' ? (
          <div className="field">
            <label htmlFor="customer-role">Role</label>
            <select
              id="customer-role"
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
        ) : null}
      </form>
      <ErrorMessage error={customers.error} />
      {customers.isPending ? <Loading /> : null}
      <div className="table-scroll">
        <table className="data-table" aria-label="Customers" aria-busy={customers.isFetching}>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">{kind === 'account' ? 'Role' : 'Account'}</th>
              <th scope="col" className="number">
                Orders
              </th>
              <th scope="col" className="number">
                Spent
              </th>
              <th scope="col">Last order</th>
              <th scope="col">{kind === 'account' ? 'Registered' : 'First order'}</th>
            </tr>
          </thead>
          <tbody>
            {customers.data?.items.map((customer) => (
              <tr key={customer.id ?? customer.email}>
                <th scope="row">
                  {customer.id ? (
                    <Link to={`/customers/${customer.id}`}>{customer.name || customer.email}</Link>
                  ) : (
                    <Link to={`/orders?q=${encodeURIComponent(customer.email)}`}>
                      {customer.name || customer.email}
                    </Link>
                  )}
                  <div className="muted">{customer.email}</div>
                </th>
                <td>
                  {customer.role ? <StatusBadge value={customer.role} /> : 'guest'}
                  {customer.disabled ? (
                    <>
                      {' '}
                      <StatusBadge value="disabled" />
                    </>
                  ) : null}
                </td>
                <td className="number">{customer.orders.orderCount}</td>
                <td className="number">{moneySpent(customer.orders.spent)}</td>
                <td>{customer.orders.lastOrderAt ? formatDateTime(customer.orders.lastOrderAt) : '—'}</td>
                <td>{formatDateTime(customer.since)}</td>
              </tr>
            ))}
            {customers.data && customers.data.items.length === 0 ? (
              <tr>
                <td colSpan={6}>No customers match.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <CursorPager label="Pages of customers" pager={pager} nextCursor={customers.data?.nextCursor} />
    </>
  );
}
