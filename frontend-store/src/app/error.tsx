'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Shown inside the layout (navigation stays) when a page cannot be rendered. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-3xl px-4 py-16 text-center sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-slate-700">
        The shop could not load this page just now. Please try again in a moment.
      </p>
      {error.digest && <p className="mt-2 text-sm text-slate-600">Reference: {error.digest}</p>}
      <div className="mt-6 flex justify-center gap-4">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900"
        >
          Try again
        </button>
        <Link
          href="/"
          className="rounded-md border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100"
        >
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
