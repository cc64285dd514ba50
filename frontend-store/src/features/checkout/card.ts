/** Card fields as typed: digits only, expiry as "MM/YY". Checked here only for shape; the API decides. */
export interface CardInput {
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export const digitsOnly = (value: string) => value.replace(/\D/g, '');

/** Groups a card number in fours as the shopper types: "4242 4242 4242 4242". */
export const formatCardNumber = (value: string) =>
  digitsOnly(value)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * The expiry as the shopper types it on a numeric keypad, which has no slash: digits become "MM/YY"
 * ("1229" → "12/29"). A typed or pasted slash is kept where it was meant ("1/29" → "01/29"), and an
 * autofilled four-digit year is shortened ("12/2029" → "12/29").
 */
export function formatExpiry(value: string): string {
  const full = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(value);
  if (full) return `${full[1]!.padStart(2, '0')}/${full[2]!.slice(2)}`;
  const monthThenSlash = /^\s*(\d)\s*\/(.*)$/.exec(value);
  const digits = monthThenSlash
    ? `0${monthThenSlash[1]}${digitsOnly(monthThenSlash[2]!)}`
    : digitsOnly(value);
  const kept = digits.slice(0, 4);
  return kept.length > 2 ? `${kept.slice(0, 2)}/${kept.slice(2)}` : kept;
}

/** Luhn check: catches a mistyped digit before the order is sent. */
export function luhnValid(number: string): boolean {
  const digits = digitsOnly(number);
  if (digits.length < 12 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Reads "MM/YY" or "MM/YYYY"; undefined when it is not a month that has not ended yet. */
export function parseExpiry(
  value: string,
  now = new Date(),
): { expMonth: number; expYear: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const expMonth = Number(match[1]);
  const year = Number(match[2]);
  const expYear = year < 100 ? 2000 + year : year;
  if (expMonth < 1 || expMonth > 12) return undefined;
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (expYear * 12 + expMonth - 1 < thisMonth) return undefined;
  return { expMonth, expYear };
}

/** Validates the payment fields; returns the card or the message for each wrong field. */
export function readCard(fields: {
  cardNumber: string;
  expiry: string;
  cvc: string;
}): { card: CardInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!luhnValid(fields.cardNumber)) errors.cardNumber = 'Enter a valid card number.';
  const expiry = parseExpiry(fields.expiry);
  if (!expiry) errors.expiry = 'Enter the expiry date as MM/YY, not in the past.';
  const cvc = digitsOnly(fields.cvc);
  if (cvc.length < 3 || cvc.length > 4) errors.cvc = 'Enter the 3 or 4 digits on the back of the card.';
  if (Object.keys(errors).length || !expiry) return { errors };
  return { card: { cardNumber: digitsOnly(fields.cardNumber), ...expiry, cvc } };
}
