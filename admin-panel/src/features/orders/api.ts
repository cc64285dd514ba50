import type {
  AdminOrderListQuery,
  Order,
  OrderList,
  OrderTransitionRequest,
  RefundRequest,
  ReturnList,
  TodayStats,
} from '@shopstream/contracts';
import { api } from '../../lib/api';

export const listOrders = (query: Partial<AdminOrderListQuery>) =>
  api<OrderList>('/admin/orders', { query: query as Record<string, string | number | undefined> });

export const getOrder = (number: string) => api<Order>(`/admin/orders/${encodeURIComponent(number)}`);

export const transitionOrder = (number: string, body: OrderTransitionRequest) =>
  api<Order>(`/admin/orders/${encodeURIComponent(number)}/transitions`, { method: 'POST', body });

export const ordersOfCustomer = (userId: string) => api<OrderList>(`/admin/users/${userId}/orders`);

export const todayStats = () => api<TodayStats>('/admin/stats/today');

export const refundOrder = (number: string, body: RefundRequest) =>
  api<Order>(`/admin/orders/${encodeURIComponent(number)}/refunds`, { method: 'POST', body });

export const returnsOfOrder = (number: string) =>
  api<ReturnList>(`/admin/orders/${encodeURIComponent(number)}/returns`);
