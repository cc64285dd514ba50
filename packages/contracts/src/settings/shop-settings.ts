import { z } from 'zod';
import { CountryCode } from '../money';

/**
 * The shop's settings (issue 13): one row in backend-api's `shop_settings`, read by every app and by the
 * analytics reports, so currency, locale and time zone are set in one place. Each operation on them has
 * its own file beside this one; this file holds the fields they share.
 */

const canConstruct = (build: () => unknown) => {
  try {
    build();
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name (Europe/Berlin, America/New_York, UTC), as Intl knows it; no fixed offsets. */
export const TimeZone = z
  .string()
  .max(64, 'must be an IANA time zone such as Europe/Berlin')
  .regex(
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/,
    'must be an IANA time zone such as Europe/Berlin',
  )
  .refine((zone) => canConstruct(() => new Intl.DateTimeFormat('en', { timeZone: zone })), {
    message: 'must be an IANA time zone such as Europe/Berlin',
  })
  .describe('IANA time zone');

const knownCurrencies: ReadonlySet<string> | null =
  typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;

/** An ISO 4217 currency code that Intl can format (its minor units come from Intl too). */
export const ShopCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
  .refine((code) => !knownCurrencies || knownCurrencies.has(code), {
    message: 'must be an ISO 4217 currency code such as EUR',
  })
  .describe('ISO 4217');

/** A BCP 47 language tag (en-IE, de-DE), stored in its canonical spelling. */
export const Locale = z
  .string()
  .min(2, 'must be a BCP 47 language tag such as en-IE')
  .max(35, 'must be a BCP 47 language tag such as en-IE')
  .refine(
    (tag) =>
      canConstruct(() => Intl.getCanonicalLocales(tag)) &&
      Intl.NumberFormat.supportedLocalesOf(tag).length > 0,
    { message: 'must be a BCP 47 language tag such as en-IE' },
  )
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag)
  .describe('BCP 47 language tag');

const Line = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Where the shop is: shown in mails and on the storefront's imprint. */
export const ShopAddress = z.strictObject({
  name: Line(200).describe('The legal name of the business'),
  street: Line(200),
  postcode: Line(20),
  city: Line(100),
  country: CountryCode,
});
export type ShopAddress = z.infer<typeof ShopAddress>;

/** The settings as shoppers may see them (GET /shop/settings). */
export const ShopSettings = z.object({
  name: z.string(),
  currency: z.string().describe('ISO 4217; every price of the shop is in it'),
  locale: z.string().describe('BCP 47; numbers, money and dates on every screen'),
  timeZone: z.string().describe('IANA; "today", day boundaries and times on every screen and report'),
  pricesIncludeTax: z
    .boolean()
    .describe(
      'Whether catalog prices include tax (EU consumer prices; on by default for EUR): checkout then charges ' +
        'the shown gross prices to every destination and states the tax they contain at its rate; off, tax is added',
    ),
  contactEmail: z.string(),
  returnWindowDays: z
    .number()
    .int()
    // Optional for readers of a mirror record written before the setting existed: it then means 30.
    .optional()
    .describe(
      'Days after delivery in which a customer may ask to return lines (0: no returns); backend-api always sends it',
    ),
  address: z.object({
    name: z.string(),
    street: z.string(),
    postcode: z.string(),
    city: z.string(),
    country: z.string(),
  }),
});
export type ShopSettings = z.infer<typeof ShopSettings>;
