import type { DependencyCheck, ReadyResponse } from '@shopstream/contracts';

export interface Dependency {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check: () => Promise<unknown>;
}

/** Checks every dependency in parallel, each bounded by a timeout, and says which are down. */
export async function checkReadiness(
  service: string,
  dependencies: Dependency[],
  timeoutMs = 2000,
): Promise<ReadyResponse> {
  const checks = await Promise.all(
    dependencies.map(async ({ name, check }): Promise<DependencyCheck> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name, status: 'up', latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { name, status: 'down', error: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { status: checks.every((c) => c.status === 'up') ? 'ready' : 'unavailable', service, checks };
}
