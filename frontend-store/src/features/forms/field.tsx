import type { InputHTMLAttributes } from 'react';

export const inputClass =
  'h-11 w-full rounded-md border border-slate-500 bg-white px-3 text-base aria-[invalid=true]:border-red-700';

export const buttonClass =
  'inline-flex h-11 items-center justify-center rounded-md bg-blue-800 px-5 font-semibold text-white hover:bg-blue-900 disabled:cursor-not-allowed disabled:bg-slate-400';

export const secondaryButtonClass =
  'inline-flex h-11 items-center justify-center rounded-md border border-slate-500 bg-white px-5 font-medium hover:bg-slate-100';

/** A labelled input with its error message tied to it for screen readers. */
export function Field({
  label,
  name,
  error,
  hint,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  const id = input.id ?? `field-${name}`;
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {input.required ? null : <span className="font-normal text-slate-600"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className={`mt-1 ${inputClass}`}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message that screen readers announce, with room kept for it so nothing jumps. */
export function FormError({ message }: { message: string | null }) {
  return (
    <div role="alert">
      {message && (
        <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{message}</p>
      )}
    </div>
  );
}
