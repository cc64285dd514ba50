import { z } from 'zod';

/** RFC 9457 problem details, as every API of the platform answers errors. */
export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per invalid field, for validation errors'),
  })
  .passthrough();
export type ProblemDetails = z.infer<typeof ProblemDetails>;
