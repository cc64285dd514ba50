import { type AdminShopSettings, UpdateShopSettingsRequest } from '@shopstream/contracts';
import type { z } from 'zod';

/** What the form edits: every field as typed, the address flattened, tax display as a checkbox. */
export interface SettingsFormValues {
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
  pricesIncludeTax: boolean;
  contactEmail: string;
  /** Days after delivery in which customers may ask for a return, as typed. */
  returnWindowDays: string;
  addressName: string;
  addressStreet: string;
  addressPostcode: string;
  addressCity: string;
  addressCountry: string;
}

export const formOf = (settings: AdminShopSettings): SettingsFormValues => ({
  name: settings.name,
  currency: settings.currency,
  locale: settings.locale,
  timeZone: settings.timeZone,
  pricesIncludeTax: settings.pricesIncludeTax,
  contactEmail: settings.contactEmail,
  returnWindowDays: String(settings.returnWindowDays ?? 30),
  addressName: settings.address.name,
  addressStreet: settings.address.street,
  addressPostcode: settings.address.postcode,
  addressCity: settings.address.city,
  addressCountry: settings.address.country,
});

/** The request's field (as the API names it in problems) → the form's field. */
export const formFieldOf: Record<string, keyof SettingsFormValues> = {
  name: 'name',
  currency: 'currency',
  locale: 'locale',
  timeZone: 'timeZone',
  pricesIncludeTax: 'pricesIncludeTax',
  contactEmail: 'contactEmail',
  returnWindowDays: 'returnWindowDays',
  'address.name': 'addressName',
  'address.street': 'addressStreet',
  'address.postcode': 'addressPostcode',
  'address.city': 'addressCity',
  'address.country': 'addressCountry',
};

/** Each field's name in a sentence. */
const LABELS: Record<keyof SettingsFormValues, string> = {
  name: 'The shop name',
  currency: 'The currency',
  locale: 'The locale',
  timeZone: 'The time zone',
  pricesIncludeTax: 'Prices include tax',
  contactEmail: 'The contact email',
  returnWindowDays: 'The return window',
  addressName: 'The business name',
  addressStreet: 'The street',
  addressPostcode: 'The postcode',
  addressCity: 'The city',
  addressCountry: 'The country',
};

/** "must be an IANA time zone such as Europe/Berlin" → "The time zone must be an IANA time zone such as Europe/Berlin." */
export const sentence = (field: keyof SettingsFormValues, message: string) => {
  const text = message.replace(/^Invalid input: /, 'must be valid: ').replace(/\.$/, '');
  return `${LABELS[field]} ${text}.`;
};

export function requestOf(form: SettingsFormValues): z.input<typeof UpdateShopSettingsRequest> {
  return {
    name: form.name,
    currency: form.currency.trim().toUpperCase(),
    locale: form.locale.trim(),
    timeZone: form.timeZone.trim(),
    pricesIncludeTax: form.pricesIncludeTax,
    contactEmail: form.contactEmail.trim(),
    returnWindowDays: /^\s*\d+\s*$/.test(form.returnWindowDays) ? Number(form.returnWindowDays) : Number.NaN,
    address: {
      name: form.addressName,
      street: form.addressStreet,
      postcode: form.addressPostcode,
      city: form.addressCity,
      country: form.addressCountry.trim().toUpperCase(),
    },
  };
}

/**
 * Checks the form with the API's own schema (packages/contracts), so the browser refuses what the API would;
 * answers the request, or a sentence per invalid field.
 */
export function checkSettingsForm(
  form: SettingsFormValues,
):
  | { ok: true; request: z.input<typeof UpdateShopSettingsRequest> }
  | { ok: false; errors: Partial<Record<keyof SettingsFormValues, string>> } {
  const request = requestOf(form);
  const parsed = UpdateShopSettingsRequest.safeParse(request);
  if (parsed.success) return { ok: true, request };
  const errors: Partial<Record<keyof SettingsFormValues, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = formFieldOf[issue.path.join('.')];
    if (field && !errors[field]) errors[field] = sentence(field, issue.message);
  }
  return { ok: false, errors };
}
