import type { z } from 'zod';
import { env } from './env';

/** An answer of the commerce API other than 2xx. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    detail?: string,
  ) {
    super(`The commerce API answered ${status} for ${path}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface CacheOptions {
  /** Seconds the answer may be reused; false for never. */
  revalidate: number | false;
  tags?: string[];
}

export const apiUrl = (path: string) => `${env.NEXT_PUBLIC_API_URL}${path}`;

/** GET a JSON resource of the commerce API and check it against its contract. */
export async function apiGet<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  cache: CacheOptions,
  init: { signal?: AbortSignal } = {},
): Promise<z.infer<Schema>> {
  const response = await fetch(apiUrl(path), {
    headers: { accept: 'application/json' },
    signal: init.signal ?? AbortSignal.timeout(8000),
    ...(cache.revalidate === false
      ? { cache: 'no-store' as const }
      : { next: { revalidate: cache.revalidate, tags: cache.tags ?? [] } }),
  });
  if (!response.ok) {
    let detail: string | undefined;
    try {
      detail = ((await response.json()) as { detail?: string }).detail;
    } catch {}
    throw new ApiError(response.status, path, detail);
  }
  return schema.parse(await response.json());
}

/** A lookup that found nothing: 404, or 400 for a name that cannot exist (such as a bad slug). */
export const isNotFound = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400);
