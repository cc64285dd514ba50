import { tmpdir } from 'node:os';
import { defineConfig, devices } from '@playwright/test';
import { SHORT_SESSION_ADMIN, SHORT_SESSION_API, SHORT_SESSION_TOKEN_SECONDS } from './support/short-session';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = new URL('..', import.meta.url).pathname;
const reuse = !process.env.CI;
// The journeys share one database on a machine whichever checkout runs them, so they share its uploaded
// photos too (a worktree's own .local/uploads would lack the files another checkout's run uploaded).
const UPLOAD_DIR = process.env.E2E_UPLOAD_DIR ?? `${tmpdir()}/shopstream-e2e-uploads`;

const service = (
  name: string,
  readyUrl: string,
  command = 'npx tsx src/server.ts',
  env: Record<string, string> = {},
) => ({
  name,
  command,
  cwd: `${root}${name}`,
  url: readyUrl,
  reuseExistingServer: reuse,
  timeout: 60_000,
  env: { LOG_LEVEL: 'warn', ...env },
});

const webApp = (name: string, command: string, url: string) => ({
  name,
  command,
  cwd: `${root}${name}`,
  url,
  reuseExistingServer: reuse,
  timeout: 300_000,
});

// The apps run as built for production (Next and Vite builds), against the real services.
export default defineConfig({
  testDir: './tests',
  outputDir: '../.local/e2e-output',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  use: {
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: [
    service(
      'backend-api',
      'http://localhost:5005/ready',
      'npx tsx src/db/migrate.ts && npx tsx src/db/seed.ts && npx tsx src/server.ts',
      // The journeys sign the demo staff account in many times a minute; the login rate limit itself
      // is proven by backend-api's integration tests.
      {
        AUTH_RATE_LIMIT_PER_ACCOUNT: '500',
        AUTH_RATE_LIMIT_PER_ACCOUNT_IP: '500',
        AUTH_RATE_LIMIT_PER_IP: '5000',
        UPLOAD_DIR,
        // An admin for the Shop settings journey (created at start when missing; development only).
        ADMIN_EMAIL: 'e2e-admin@shopstream.dev',
        ADMIN_PASSWORD: 'e2e-admin-password-2026',
      },
    ),
    // The dashboard journey's simulator plays many shoppers from this machine, each with its own X-Forwarded-For.
    service('analytics-service', 'http://localhost:8080/ready', undefined, { TRUST_PROXY: 'loopback' }),
    // A second backend-api and admin panel whose access tokens live 30 s, for the two-tab session journey;
    // no refresh-token grace window, so only the cross-tab lock keeps two tabs from ending their session.
    // After the first backend-api, which has migrated and seeded the shared database.
    {
      ...service('backend-api', `${SHORT_SESSION_API}/ready`, 'npx tsx src/server.ts', {
        PORT: '4851',
        PUBLIC_URL: SHORT_SESSION_API,
        ACCESS_TOKEN_TTL_SECONDS: String(SHORT_SESSION_TOKEN_SECONDS),
        REFRESH_TOKEN_GRACE_SECONDS: '0',
        CORS_ORIGINS: SHORT_SESSION_ADMIN,
        UPLOAD_DIR,
      }),
      name: 'backend-api (30 s tokens)',
    },
    {
      ...webApp(
        'admin-panel',
        'npx vite build --outDir ../.local/e2e-admin-short-session --emptyOutDir && npx vite preview --outDir ../.local/e2e-admin-short-session --port 4852',
        SHORT_SESSION_ADMIN,
      ),
      name: 'admin-panel (30 s tokens)',
      env: { VITE_API_URL: SHORT_SESSION_API },
    },
    webApp('frontend-store', 'npx next build && npx next start --port 3001', 'http://localhost:3001'),
    webApp('admin-panel', 'npx vite build && npx vite preview', 'http://localhost:3002'),
    webApp('analytics-dashboard', 'npx vite build && npx vite preview', 'http://localhost:3003'),
  ],
});
