import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  service: z.string(),
  uptimeSeconds: z.number(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const DependencyCheck = z.object({
  name: z.string(),
  status: z.enum(['up', 'down']),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
export type DependencyCheck = z.infer<typeof DependencyCheck>;

export const ReadyResponse = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    service: z.string(),
    checks: z.array(DependencyCheck),
  })
  .passthrough();
export type ReadyResponse = z.infer<typeof ReadyResponse>;
