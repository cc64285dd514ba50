/** The service URLs when their variables are unset; read by the app (env.ts) and by the CSP in vite.config.ts. */
export const serviceUrlDefaults = {
  VITE_API_URL: 'http://localhost:5005',
  VITE_ANALYTICS_URL: 'http://localhost:8080',
  VITE_WS_URL: 'ws://localhost:8080/ws',
} as const;
