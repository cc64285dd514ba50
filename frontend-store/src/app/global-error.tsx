'use client';

import './globals.css';

/** Last resort when the layout itself fails: a page of its own. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="bg-white p-8 text-slate-900">
        <h1 className="text-3xl font-bold">ShopStream is unavailable</h1>
        <p className="mt-3">Please try again in a moment.</p>
        <button type="button" onClick={reset} className="mt-6 rounded-md bg-blue-800 px-4 py-2 text-white">
          Try again
        </button>
      </body>
    </html>
  );
}
