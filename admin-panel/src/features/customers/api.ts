import type {
  AdminUser,
  AdminUserPatch,
  CustomerDetail,
  CustomerList,
  CustomerListQuery,
  CustomerNote,
} from '@shopstream/contracts';
import { api } from '../../lib/api';

export const listCustomers = (query: Partial<CustomerListQuery>) =>
  api<CustomerList>('/admin/customers', { query: query as Record<string, string | number | undefined> });

export const getCustomer = (id: string) => api<CustomerDetail>(`/admin/customers/${id}`);

export const addCustomerNote = (id: string, body: string) =>
  api<CustomerNote>(`/admin/customers/${id}/notes`, { method: 'POST', body: { body } });

export const changeAccount = (id: string, change: AdminUserPatch) =>
  api<AdminUser>(`/admin/users/${id}`, { method: 'PATCH', body: change });
