import { z } from 'zod';

/**
 * Every code a problem may carry: clients switch on it, never on the text. The general codes come
 * first, then the sub-codes of a conflict a client can act on (server-kit's error table gives each
 * its HTTP status and title).
 */
export const ProblemCode = z.enum([
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payment_declined',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal',
  'out_of_stock',
  'cart_empty',
  'discount_not_applicable',
  'idempotency_key_reused',
  'checkout_in_progress',
  'reservation_expired',
  'refund_exceeds_captured',
  'refund_failed',
  'return_not_allowed',
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

/** RFC 9457 problem details, as every API of the platform answers errors. */
export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    // A code this build does not know yet (a newer server) reads as none rather than failing the parse.
    code: ProblemCode.optional().catch(undefined),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per invalid field, for validation errors'),
  })
  .passthrough();
export type ProblemDetails = z.infer<typeof ProblemDetails>;
