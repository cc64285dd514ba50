/**
 * The real analytics service for backend-api's cross-service tests (its buildApp and test support).
 * Loaded by path, not by import, so this workspace's type check stays within its own folder.
 */
import type { Db } from 'mongodb';

/** A live-feed client as @fastify/websocket's injectWS hands it over (the `ws` package's WebSocket). */
export interface LiveSocket {
  on(event: 'message', listener: (data: Buffer) => void): unknown;
  terminate(): void;
}
export interface AnalyticsApp {
  ready(): Promise<unknown>;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<unknown>;
  /** The real `/ws` route, through @fastify/websocket's in-process client. */
  injectWS(
    path: string,
    upgrade?: object,
    options?: { onInit?: (ws: LiveSocket) => void },
  ): Promise<LiveSocket>;
}
export interface AnalyticsConfig {
  MONGODB_URI: string;
  REDIS_KEY_PREFIX: string;
}

const modules = {
  app: new URL('../../../analytics-service/src/app.ts', import.meta.url).href,
  env: new URL('../../../analytics-service/test/support/environment.ts', import.meta.url).href,
};

export const { buildApp: buildAnalytics } = (await import(modules.app)) as {
  buildApp: (config: AnalyticsConfig) => Promise<AnalyticsApp>;
};
export const {
  isolatedConfig,
  removeIsolated,
  staffToken,
  storedAndAggregated,
  freePort,
  SERVER_KEY,
  SITE,
  WRITE_KEY,
  BROWSER_UA,
} = (await import(modules.env)) as {
  isolatedConfig: (overrides?: Record<string, string>) => AnalyticsConfig;
  removeIsolated: (config: AnalyticsConfig) => Promise<void>;
  /** A staff access token of a live session in the analytics config's session mirror. */
  staffToken: (config: AnalyticsConfig) => Promise<string>;
  /** Events stored, or -1 while a batch is still being applied to the buckets. */
  storedAndAggregated: (db: Db) => Promise<number>;
  /** A TCP port nothing listens on right now. */
  freePort: () => Promise<number>;
  SERVER_KEY: string;
  SITE: string;
  /** The site's browser write key, and a browser's user agent (not a bot). */
  WRITE_KEY: string;
  BROWSER_UA: string;
};
