import type { MoneyAmount } from '@shopstream/contracts';
import { formatMoney } from '../../lib/format';

/** "€120.00", or "€120.00 + $15.00" for a customer who paid in two currencies; "—" for nothing. */
export const moneySpent = (spent: MoneyAmount[]) =>
  spent.length === 0 ? '—' : spent.map((money) => formatMoney(money.amount, money.currency)).join(' + ');
