'use client';

import type { ProblemDetails } from '@shopstream/contracts';
import { ApiError, type ProblemMessages, parseProblem } from '@shopstream/web-kit';
import type { z } from 'zod';
import { apiUrl } from './api';

/** The sentences shoppers read for the problems the shop's screens meet; never `body.code: …`. */
export const SHOPPER_MESSAGES: ProblemMessages = {
  codes: {
    out_of_stock: 'Part of your cart has just sold out. Please review your cart.',
    discount_not_applicable: 'This discount code can’t be used with this cart.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
  },
  fields: { code: 'This discount code doesn’t exist.' },
};

/** An error answer of the commerce API, with its problem details when it sent them. */
export class ApiProblem extends ApiError {
  constructor(status: number, problem: ProblemDetails | null) {
    super(status, problem, SHOPPER_MESSAGES);
    this.name = 'ApiProblem';
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
    throw new ApiProblem(response.status, parseProblem(json));
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
