/** The service URL when its variable is unset; read by the app (env.ts) and by the CSP in vite.config.ts. */
export const serviceUrlDefaults = {
  VITE_API_URL: 'http://localhost:5005',
} as const;
