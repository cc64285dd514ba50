'use client';

import type { ProblemDetails } from '@shopstream/contracts';
import type { z } from 'zod';
import { apiUrl } from './api';

// The browser trusts the shapes of its own API's answers (typed by the shared contracts) rather than
// shipping zod to every page; pages that parse pass a schema to `sendParsed`.
const isProblem = (value: unknown): value is ProblemDetails =>
  typeof value === 'object' && value !== null && typeof (value as ProblemDetails).status === 'number';

/** An error answer of the commerce API, with its problem details when it sent them. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The shop could not answer (${status})`);
    this.name = 'ApiProblem';
  }

  /** The message for one field of a validation error, if the API named it. */
  fieldError(field: string) {
    return this.problem?.errors?.find((error) => error.field === field || error.field.endsWith(`.${field}`))
      ?.message;
  }
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the commerce API from the browser. Cookies go along (`credentials: 'include'`): the guest
 * cart token and the refresh token are httpOnly cookies of the API, which is on the same site.
 */
export async function send(path: string, options: SendOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'include',
      cache: 'no-store',
      signal: options.signal ?? AbortSignal.timeout(15_000),
    });
  } catch {
    throw new ApiProblem(0, {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The shop cannot be reached. Check your connection and try again.',
    });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiProblem(response.status, isProblem(json) ? json : null);
  }
  return json;
}

/** `send`, with the answer checked against its contract. */
export async function sendParsed<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  options: SendOptions = {},
): Promise<z.infer<Schema>> {
  return schema.parse(await send(path, options));
}
