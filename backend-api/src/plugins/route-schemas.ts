import { ProblemDetails } from '@shopstream/contracts';
import { z } from 'zod';

// Response schemas every module's routes share in the OpenAPI document.
export const NoContent = z.null().describe('No content');

/** Problem details a route may answer with, for the OpenAPI document. */
export const problems = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 429)[]) =>
  Object.fromEntries(statuses.map((status) => [status, ProblemDetails])) as Record<
    number,
    typeof ProblemDetails
  >;
