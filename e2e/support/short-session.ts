/** The backend-api and admin panel of the two-tab journey, whose access tokens live 30 s (playwright.config.ts). */
export const SHORT_SESSION_API = 'http://localhost:4851';
export const SHORT_SESSION_ADMIN = 'http://localhost:4852';
export const SHORT_SESSION_TOKEN_SECONDS = 30;
