import { createHash } from 'node:crypto';

/** A stable fingerprint of a checkout body: key order does not matter, any other difference does. */
export function fingerprint(value: unknown) {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)))
    .digest('hex');
}

/** Whose Idempotency-Keys a checkout's key is one of: the customer's, or the guest cart's; null for neither. */
export function checkoutScope(caller: { userId: string | null; token: string | null }) {
  if (caller.userId) return `user:${caller.userId}`;
  if (caller.token) return `guest:${createHash('sha256').update(caller.token).digest('hex')}`;
  return null;
}
