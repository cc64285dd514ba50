import { ProblemDetails } from '@shopstream/contracts';

/** An API answer that was not a success, with what the screen needs to say about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  /** Field errors by field path, such as `variants.0.sku`. */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, problem: ProblemDetails | null) {
    super(describeProblem(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.fieldErrors = Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message]));
  }
}

const fallbackByStatus: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended; please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'It was not found; it may have been removed.',
  409: 'It conflicts with the current state; reload and try again.',
  413: 'The file is too large.',
  429: 'Too many attempts; wait a moment and retry.',
};

/** Turns RFC 9457 problem details into one sentence a person can act on. */
export function describeProblem(status: number, problem: ProblemDetails | null): string {
  const base = problem?.detail?.trim() || problem?.title?.trim() || fallbackByStatus[status];
  const message =
    base ?? (status >= 500 ? 'The server failed; try again in a moment.' : `Request failed (${status}).`);
  const fields = problem?.errors ?? [];
  if (fields.length === 0) return message;
  const listed = fields
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  const more = fields.length > 5 ? ` (and ${fields.length - 5} more)` : '';
  return `${message} — ${listed}${more}`;
}

/** Reads a problem body if there is one; any other body yields null. */
export function parseProblem(body: unknown): ProblemDetails | null {
  const parsed = ProblemDetails.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
