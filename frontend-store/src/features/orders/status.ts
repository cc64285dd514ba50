import type { OrderStatus } from '@shopstream/contracts/orders';
import { formatDateTime as formatDateTimeIn } from '@shopstream/web-kit';
import { shopLocale, shopTimeZone } from '@/lib/shop-settings';

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export const STATUS_STYLE: Record<OrderStatus, string> = {
  pending: 'bg-amber-100 text-amber-900',
  paid: 'bg-blue-100 text-blue-900',
  fulfilled: 'bg-indigo-100 text-indigo-900',
  delivered: 'bg-green-100 text-green-900',
  cancelled: 'bg-slate-200 text-slate-800',
  refunded: 'bg-slate-200 text-slate-800',
};

/** In the shop's locale and time zone (its settings), so the server's and the browser's rendering agree. */
export const formatDateTime = (iso: string) =>
  formatDateTimeIn(iso, { locale: shopLocale(), timeZone: shopTimeZone() });
