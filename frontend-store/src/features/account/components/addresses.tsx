'use client';

import { Address } from '@shopstream/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';
import { buttonClass, FormError, secondaryButtonClass } from '@/features/forms/field';
import { ApiProblem } from '@/lib/client-api';
import { authorized, authorizedParsed } from '../session';
import { AddressFields, missingAddressFields, readAddress } from './address-form';

const AddressList = z.object({ items: z.array(Address) });

export function Addresses() {
  const [addresses, setAddresses] = useState<Address[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const load = () =>
    authorizedParsed('/me/addresses', AddressList)
      .then((list) => setAddresses(list.items))
      .catch(() => setError('Your addresses could not be loaded.'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once on mount
  useEffect(() => {
    void load();
  }, []);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = readAddress(new FormData(event.currentTarget));
    const missing = missingAddressFields(address);
    setFieldErrors(missing);
    if (Object.keys(missing).length) return;
    try {
      await authorized('/me/addresses', { method: 'POST', body: address });
      setAdding(false);
      setError(null);
      await load();
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'The address could not be saved.');
    }
  }

  async function remove(id: string) {
    try {
      await authorized(`/me/addresses/${id}`, { method: 'DELETE' });
      await load();
    } catch {
      setError('The address could not be removed.');
    }
  }

  return (
    <section aria-labelledby="addresses-heading" className="rounded-lg border border-slate-200 p-5">
      <h2 id="addresses-heading" className="text-lg font-semibold">
        Addresses
      </h2>
      <FormError message={error} />
      {addresses === null ? (
        <p className="min-h-12 text-sm text-slate-700">Loading…</p>
      ) : addresses.length === 0 ? (
        <p className="text-sm text-slate-700">No saved addresses yet.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {addresses.map((address) => (
            <li key={address.id} className="rounded-md bg-slate-50 p-3 text-sm">
              <p className="font-medium">
                {address.fullName}
                {address.isDefault && <span className="ml-2 text-xs text-slate-700">(default)</span>}
              </p>
              <p>{address.line1}</p>
              {address.line2 && <p>{address.line2}</p>}
              <p>
                {address.postalCode} {address.city}, {address.country}
              </p>
              <button
                type="button"
                onClick={() => remove(address.id)}
                className="mt-2 text-blue-800 underline underline-offset-2"
              >
                Remove<span className="sr-only"> the address {address.line1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <form onSubmit={add} className="mt-4 space-y-4" noValidate>
          <AddressFields errors={fieldErrors} />
          <div className="flex gap-3">
            <button type="submit" className={buttonClass}>
              Save address
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className={`${secondaryButtonClass} mt-4`} onClick={() => setAdding(true)}>
          Add an address
        </button>
      )}
    </section>
  );
}
