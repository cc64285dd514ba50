'use client';

import { type User, User as UserSchema } from '@shopstream/contracts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { buttonClass, Field, FormError, secondaryButtonClass } from '@/features/forms/field';
import { ApiProblem } from '@/lib/client-api';
import { authorizedParsed, logOut, updateUser } from '../session';

export function Profile({ user }: { user: User }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    setError(null);
    setSaved(null);
    try {
      updateUser(await authorizedParsed('/me', UserSchema, { method: 'PATCH', body: { name } }));
      setSaved('Your name was saved.');
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'Your name could not be saved.');
    }
  }

  return (
    <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 p-5">
      <h2 id="profile-heading" className="text-lg font-semibold">
        Profile
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Signed in as <strong>{user.email}</strong>
      </p>
      {user.emailVerified ? null : (
        <p className="mt-1 text-sm text-amber-900">
          Your email is not confirmed yet: follow the link we emailed you, and orders you placed as a guest
          with it will appear here.
        </p>
      )}
      <form onSubmit={save} className="mt-4 flex flex-wrap items-end gap-3">
        <Field label="Full name" name="name" defaultValue={user.name} required className="min-w-56 flex-1" />
        <button type="submit" className={buttonClass}>
          Save
        </button>
      </form>
      <FormError message={error} />
      <p role="status" className="min-h-5 text-sm text-green-800">
        {saved}
      </p>
      <button
        type="button"
        className={`${secondaryButtonClass} mt-2`}
        onClick={async () => {
          await logOut();
          router.push('/');
        }}
      >
        Log out
      </button>
    </section>
  );
}
