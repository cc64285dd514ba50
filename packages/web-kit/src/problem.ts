import type { ProblemDetails } from '@shopstream/contracts';

/**
 * An API answer that was not a success, and the sentence a person should read about it. People never see
 * `body.code: is not a valid discount code`: the sentence comes from the problem's code, then from the app's
 * own sentence for a field, then from the field named in words, then from the status.
 */

/** Sentences an app gives for the problems its screens can meet. */
export interface ProblemMessages {
  /** By problem code (`out_of_stock`, `discount_not_applicable`: the services' `ProblemCode`). */
  codes?: Record<string, string>;
  /** By field, without its `body.`/`query.`/`params.` part (`code`, `variants.0.sku`). */
  fields?: Record<string, string>;
}

const fallbackByStatus: Record<number, string> = {
  0: 'The server cannot be reached. Check your connection and try again.',
  400: 'The request was not accepted.',
  401: 'Your session has ended; please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'It was not found; it may have been removed.',
  409: 'It conflicts with the current state; reload and try again.',
  413: 'The file is too large.',
  429: 'Too many attempts; wait a moment and retry.',
};

/** Reads a problem details body; any other body (HTML from a proxy, plain text) yields null. */
export function parseProblem(body: unknown): ProblemDetails | null {
  if (typeof body !== 'object' || body === null) return null;
  const problem = body as Partial<ProblemDetails>;
  if (typeof problem.status !== 'number' || typeof problem.title !== 'string') return null;
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (entry): entry is { field: string; message: string } =>
          typeof entry?.field === 'string' && typeof entry?.message === 'string',
      )
    : undefined;
  return { ...(body as ProblemDetails), type: String(problem.type ?? 'about:blank'), errors };
}

/** `body.variants.0.sku` → `variants.0.sku`: where a request put a value is not a person's concern. */
export function fieldName(field: string): string {
  return field.replace(/^(body|query|params|headers)\./, '');
}

/** `variants.0.sku` → "Variants 1 sku"; `minimumSubtotal` → "Minimum subtotal". */
function fieldInWords(field: string): string {
  const words = fieldName(field)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The code a problem carries (sub-codes such as `out_of_stock` are codes of their own). */
function codesOf(problem: ProblemDetails | null): string[] {
  return typeof problem?.code === 'string' ? [problem.code] : [];
}

/** One readable sentence for each invalid field. */
export function fieldMessages(
  problem: ProblemDetails | null,
  messages: ProblemMessages = {},
): Record<string, string> {
  return Object.fromEntries(
    (problem?.errors ?? []).map((error) => {
      const name = fieldName(error.field);
      return [name, messages.fields?.[name] ?? `${fieldInWords(name)} ${error.message}.`];
    }),
  );
}

/** Turns problem details into the sentence a person can act on. */
export function describeProblem(
  status: number,
  problem: ProblemDetails | null,
  messages: ProblemMessages = {},
): string {
  for (const code of codesOf(problem)) {
    const sentence = messages.codes?.[code];
    if (sentence) return sentence;
  }
  const fields = Object.values(fieldMessages(problem, messages));
  if (fields.length > 0) {
    const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
    return `${fields.slice(0, 3).join(' ')}${more}`;
  }
  const said = problem?.detail?.trim() || problem?.title?.trim();
  if (said) return said;
  return (
    fallbackByStatus[status] ??
    (status >= 500 ? 'The server failed; try again in a moment.' : `Request failed (${status}).`)
  );
}

/** An API answer that was not a success, with what the screen needs to say about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  /** A readable sentence per invalid field, by field name without `body.` (`variants.0.sku`). */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, problem: ProblemDetails | null, messages: ProblemMessages = {}) {
    super(describeProblem(status, problem, messages));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.fieldErrors = fieldMessages(problem, messages);
  }

  /** The problem's code or sub-code, for a screen that switches on it. */
  hasCode(code: string): boolean {
    return codesOf(this.problem).includes(code);
  }

  /** The readable message for one field, by its name with or without `body.`. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors[fieldName(field)];
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
