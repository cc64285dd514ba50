import { catalogTaxNote, formatMoney } from '@/lib/money';

/** A price with the struck-through compare-at price when the item is on sale. */
export function Price({
  amount,
  currency,
  compareAt,
  from = false,
  size = 'md',
}: {
  amount: number;
  currency: string;
  compareAt?: number | null;
  /** Shown as "From …" when variants differ in price. */
  from?: boolean;
  size?: 'md' | 'lg';
}) {
  const taxNote = catalogTaxNote();
  const onSale = compareAt != null && compareAt > amount;
  const main = size === 'lg' ? 'text-2xl font-semibold' : 'font-semibold';
  return (
    <p className="flex flex-wrap items-baseline gap-x-2">
      <span className={onSale ? `${main} text-red-800` : main}>
        {onSale && <span className="sr-only">Sale price: </span>}
        {from && 'From '}
        {formatMoney(amount, currency)}
      </span>
      {onSale && (
        <s className="text-sm text-slate-600">
          <span className="sr-only">Regular price: </span>
          {formatMoney(compareAt, currency)}
        </s>
      )}
      {taxNote && (
        <span className="text-xs text-slate-600" data-testid="price-tax-note">
          {size === 'lg' ? `${taxNote[0]!.toUpperCase()}${taxNote.slice(1)}, plus shipping` : taxNote}
        </span>
      )}
    </p>
  );
}
