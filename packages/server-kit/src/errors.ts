import type { ProblemCode, ProblemDetails } from '@shopstream/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { redactUrl } from './redact';

/**
 * Every failure a service may report on purpose, by name. The codes are the contract's `ProblemCode`
 * (the tables below must cover each one): they are stable, clients switch on them.
 */
export const ErrorCode = {
  BadRequest: 'bad_request',
  ValidationFailed: 'validation_failed',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PaymentDeclined: 'payment_declined',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal',
  OutOfStock: 'out_of_stock',
  CartEmpty: 'cart_empty',
  DiscountNotApplicable: 'discount_not_applicable',
  IdempotencyKeyReused: 'idempotency_key_reused',
  CheckoutInProgress: 'checkout_in_progress',
  ReservationExpired: 'reservation_expired',
  RefundExceedsCaptured: 'refund_exceeds_captured',
  RefundFailed: 'refund_failed',
  ReturnNotAllowed: 'return_not_allowed',
} as const satisfies Record<string, ProblemCode>;
export type ErrorCode = ProblemCode;

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payment_declined: 402,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  service_unavailable: 503,
  internal: 500,
  out_of_stock: 409,
  cart_empty: 409,
  discount_not_applicable: 409,
  idempotency_key_reused: 409,
  checkout_in_progress: 409,
  reservation_expired: 409,
  refund_exceeds_captured: 409,
  // The payment provider refused the refund: nothing was given back and nothing changed here.
  refund_failed: 502,
  return_not_allowed: 409,
};

const titleOf: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payment_declined: 'Payment declined',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  service_unavailable: 'Service unavailable',
  internal: 'Internal server error',
  out_of_stock: 'Out of stock',
  cart_empty: 'The cart is empty',
  discount_not_applicable: 'Discount not applicable',
  idempotency_key_reused: 'Idempotency key reused',
  checkout_in_progress: 'Checkout in progress',
  reservation_expired: 'Reservation expired',
  refund_exceeds_captured: 'Refund exceeds what was captured',
  refund_failed: 'The payment provider refused the refund',
  return_not_allowed: 'Return not allowed',
};

export const PROBLEM_TYPE_BASE = 'https://shopstream.dev/problems/';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail ?? titleOf[code]);
    this.name = 'AppError';
    this.code = code;
    this.status = statusOf[code];
    this.errors = options.errors;
    this.headers = options.headers;
    this.extra = options.extra;
  }
}

export const NotFound = (detail?: string) => new AppError(ErrorCode.NotFound, detail);
export const Conflict = (detail?: string, extra?: Record<string, unknown>) =>
  new AppError(ErrorCode.Conflict, detail, extra ? { extra } : {});
export const Forbidden = (detail?: string) => new AppError(ErrorCode.Forbidden, detail);
export const Unauthorized = (detail?: string) => new AppError(ErrorCode.Unauthorized, detail);
export const ValidationFailed = (errors: FieldError[], detail?: string) =>
  new AppError(
    ErrorCode.ValidationFailed,
    detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    {
      errors,
    },
  );
export const ServiceUnavailable = (detail: string, retryAfterSeconds = 5) =>
  new AppError(ErrorCode.ServiceUnavailable, detail, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

export function problem(
  code: ErrorCode,
  detail: string | undefined,
  instance: string,
  errors?: FieldError[],
) {
  const body: ProblemDetails = {
    type: PROBLEM_TYPE_BASE + code,
    title: titleOf[code],
    status: statusOf[code],
    code,
    instance,
  };
  if (detail) body.detail = detail;
  if (errors?.length) body.errors = errors;
  return body;
}

function send(reply: FastifyReply, status: number, body: ProblemDetails, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.status(status).type('application/problem+json').send(body);
}

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const fastifyClientErrors: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.BadRequest,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.BadRequest,
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.BadRequest,
  FST_ERR_VALIDATION: ErrorCode.ValidationFailed,
};

function pathOf(path: ReadonlyArray<PropertyKey> | undefined, prefix: string): string {
  const parts = (path ?? []).map(String);
  return [prefix, ...parts].filter(Boolean).join('.');
}

/**
 * Fastify's `frameworkErrors` option: the router refuses some URLs before any route, hook or error
 * handler runs (a path that is not valid percent-encoded UTF-8, a path segment over `maxParamLength`),
 * and would answer them with its own JSON. This answers them as problem details like every other error.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const instance = request.url;
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(
      reply,
      400,
      problem(ErrorCode.BadRequest, 'The URL is not valid percent-encoded UTF-8', instance),
    );
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 414, {
      ...problem(ErrorCode.BadRequest, 'A segment of the URL path is too long', instance),
      status: 414,
    });
  }
  request.log.error({ err: error }, 'router error');
  return send(reply, 500, problem(ErrorCode.Internal, undefined, instance));
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const UNREACHABLE_NAMES = new Set([
  'MaxRetriesPerRequestError', // ioredis: Redis did not answer within the command's retries
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
]);
const UNREACHABLE_MESSAGES = [
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection free within connectionTimeoutMillis
  /^Connection terminated/, // pg: the server went away or the connect timed out
  /^Connection is closed\.$/, // ioredis
  /^Stream isn't writeable/, // ioredis without its offline queue
];

/**
 * Whether the error says a server this one depends on (PostgreSQL, Redis, MongoDB, another service) cannot be
 * reached or refuses connections now: the request may well succeed later, so it is a 503, not a bug.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') {
    if (UNREACHABLE_CODES.has(code)) return true;
    // PostgreSQL: connection exceptions, too many connections, shutting down, not yet accepting connections.
    if (/^08...$/.test(code) || ['53300', '57P01', '57P02', '57P03'].includes(code)) return true;
  }
  if (UNREACHABLE_NAMES.has(error.name)) return true;
  if (UNREACHABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))
  )
    return true;
  return isDependencyUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * One error handler for a whole service: typed errors, validation errors and Fastify's client errors
 * become problem details; anything else is logged with the request id and answered as a bare 500.
 */
export const problemDetailsPlugin = fp(async (app: FastifyInstance) => {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const url = redactUrl(request.url);
    return send(reply, 404, problem(ErrorCode.NotFound, `No route for ${request.method} ${url}`, url));
  });

  app.setErrorHandler(
    (error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const instance = redactUrl(request.url);
      if (error instanceof AppError) {
        if (error.status >= 500) request.log.error({ err: error }, error.message);
        const body = {
          ...problem(error.code, error.message, instance, error.errors),
          ...(error.extra ?? {}),
        };
        return send(reply, error.status, body, error.headers);
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const context = (error as FastifyError).validationContext ?? 'body';
        const errors = error.validation.map((issue) => ({
          field: pathOf(
            (issue.params as { issue?: { path?: PropertyKey[] } }).issue?.path ??
              issue.instancePath.split('/').filter(Boolean),
            context,
          ),
          message: issue.message ?? 'is invalid',
        }));
        const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        return send(reply, 400, problem(ErrorCode.ValidationFailed, detail, instance, errors));
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'response did not match its schema');
        return send(reply, 500, problem(ErrorCode.Internal, undefined, instance));
      }
      const fastifyError = error as FastifyError;
      const mapped = fastifyError.code ? fastifyClientErrors[fastifyError.code] : undefined;
      if (mapped) {
        return send(reply, statusOf[mapped], problem(mapped, fastifyError.message, instance));
      }
      if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
        const code = fastifyError.statusCode === 429 ? ErrorCode.RateLimited : ErrorCode.BadRequest;
        return send(reply, fastifyError.statusCode, {
          ...problem(code, fastifyError.message, instance),
          status: fastifyError.statusCode,
        });
      }
      if (isDependencyUnavailable(error)) {
        request.log.warn({ err: error }, 'a server this service depends on is unavailable');
        return send(
          reply,
          503,
          problem(
            ErrorCode.ServiceUnavailable,
            'The service is briefly unavailable; try again shortly',
            instance,
          ),
          { 'retry-after': '5' },
        );
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(reply, 500, problem(ErrorCode.Internal, undefined, instance));
    },
  );
});
