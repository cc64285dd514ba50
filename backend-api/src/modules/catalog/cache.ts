import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Cache keys are per database, so two databases behind one Redis never see each other's catalog. */
export const catalogNamespace = (databaseUrl: string) =>
  `catalog:${new URL(databaseUrl).pathname.slice(1) || 'default'}`;

/**
 * Read-through cache of anonymous catalog reads. Every key carries the catalog version; a write bumps the
 * version, so the next read misses and sees the write, and stale entries simply expire.
 * Redis being down degrades to uncached reads, never to errors.
 */
export function createCatalogCache(redis: Redis, ttlSeconds: number, namespace: string) {
  const versionKey = `${namespace}:version`;
  return {
    /** A hit comes back as the stored JSON text, so it can be sent without serialising it again. */
    async read<T>(
      name: string,
      parts: unknown,
      load: () => Promise<T>,
    ): Promise<{ hit: true; json: string } | { hit: false; value: T }> {
      const digest = createHash('sha1').update(JSON.stringify(parts)).digest('base64url');
      let key: string | null = null;
      try {
        const version = (await redis.get(versionKey)) ?? '0';
        key = `${namespace}:v${version}:${name}:${digest}`;
        const cached = await redis.get(key);
        if (cached !== null) return { hit: true, json: cached };
      } catch {
        key = null;
      }
      const value = await load();
      if (key) await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds).catch(() => {});
      return { value, hit: false };
    },

    /** Called after every committed catalog write. */
    async invalidate() {
      await redis.incr(versionKey).catch(() => {});
    },
  };
}
export type CatalogCache = ReturnType<typeof createCatalogCache>;
