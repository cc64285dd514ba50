'use client';

import type { AddressInput } from '@shopstream/contracts';
import { Field } from '@/features/forms/field';

export const COUNTRIES = [
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['IE', 'Ireland'],
  ['NL', 'Netherlands'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['AT', 'Austria'],
  ['BE', 'Belgium'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
] as const;

export const countryName = (code: string) => COUNTRIES.find(([entry]) => entry === code)?.[1] ?? code;

/** The fields of a postal address; the form around them reads them with `readAddress`. */
export function AddressFields({
  defaults,
  errors = {},
  prefix = '',
  onCountryChange,
}: {
  defaults?: Partial<AddressInput>;
  errors?: Record<string, string | undefined>;
  prefix?: string;
  onCountryChange?: (country: string) => void;
}) {
  const name = (field: string) => `${prefix}${field}`;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        label="Full name"
        name={name('fullName')}
        autoComplete="shipping name"
        required
        defaultValue={defaults?.fullName ?? ''}
        error={errors.fullName}
        className="sm:col-span-2"
      />
      <Field
        label="Address"
        name={name('line1')}
        autoComplete="shipping address-line1"
        required
        defaultValue={defaults?.line1 ?? ''}
        error={errors.line1}
        className="sm:col-span-2"
      />
      <Field
        label="Apartment, suite, etc."
        name={name('line2')}
        autoComplete="shipping address-line2"
        defaultValue={defaults?.line2 ?? ''}
        className="sm:col-span-2"
      />
      <Field
        label="Postal code"
        name={name('postalCode')}
        autoComplete="shipping postal-code"
        required
        defaultValue={defaults?.postalCode ?? ''}
        error={errors.postalCode}
      />
      <Field
        label="City"
        name={name('city')}
        autoComplete="shipping address-level2"
        required
        defaultValue={defaults?.city ?? ''}
        error={errors.city}
      />
      <div>
        <label htmlFor={`field-${name('country')}`} className="block text-sm font-medium">
          Country
        </label>
        <select
          id={`field-${name('country')}`}
          name={name('country')}
          autoComplete="shipping country"
          defaultValue={defaults?.country ?? 'DE'}
          onChange={(event) => onCountryChange?.(event.target.value)}
          className="mt-1 h-11 w-full rounded-md border border-slate-500 bg-white px-3"
        >
          {COUNTRIES.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="Phone"
        name={name('phone')}
        type="tel"
        autoComplete="shipping tel"
        defaultValue={defaults?.phone ?? ''}
        error={errors.phone}
      />
    </div>
  );
}

/** Reads the address fields of a form; empty optional fields become null. */
export function readAddress(data: FormData, prefix = ''): AddressInput {
  const text = (field: string) => String(data.get(`${prefix}${field}`) ?? '').trim();
  const optional = (field: string) => text(field) || null;
  return {
    fullName: text('fullName'),
    line1: text('line1'),
    line2: optional('line2'),
    city: text('city'),
    postalCode: text('postalCode'),
    country: text('country'),
    phone: optional('phone'),
  };
}

/** Checks the required fields before the API does, so the shopper sees all missing ones at once. */
export function missingAddressFields(address: AddressInput): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of ['fullName', 'line1', 'city', 'postalCode'] as const) {
    if (!address[field]) errors[field] = 'Please fill this in.';
  }
  return errors;
}
