/**
 * The real analytics service for backend-api's cross-service tests (its buildApp and test support).
 * Loaded by path, not by import, so this workspace's type check stays within its own folder.
 */
export interface AnalyticsApp {
  ready(): Promise<unknown>;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<unknown>;
}
export interface AnalyticsConfig {
  MONGODB_URI: string;
}

const modules = {
  app: new URL('../../../analytics-service/src/app.ts', import.meta.url).href,
  env: new URL('../../../analytics-service/test/support/environment.ts', import.meta.url).href,
};

export const { buildApp: buildAnalytics } = (await import(modules.app)) as {
  buildApp: (config: AnalyticsConfig) => Promise<AnalyticsApp>;
};
export const { isolatedConfig, removeIsolated, staffToken, SERVER_KEY, SITE } = (await import(
  modules.env
)) as {
  isolatedConfig: (overrides?: Record<string, string>) => AnalyticsConfig;
  removeIsolated: (config: AnalyticsConfig) => Promise<void>;
  /** A staff access token of a live session in the analytics config's session mirror. */
  staffToken: (config: AnalyticsConfig) => Promise<string>;
  SERVER_KEY: string;
  SITE: string;
};
