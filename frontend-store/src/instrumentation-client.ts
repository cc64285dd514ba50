// Runs before the app's own code in the browser. The CSP has no 'unsafe-eval' (src/proxy.ts); zod would probe
// `new Function` for its compiled object parsers when the account and checkout pages build their schemas, and
// the browser reports the refused probe as a CSP violation even though zod catches it. zod reads its settings
// from this global when it loads (zod/v4/core/core.js), so setting it here, instead of calling z.config(),
// keeps zod out of the pages that never parse (e2e/tests/security-headers.spec.ts fails if this stops working).
(globalThis as { __zod_globalConfig?: Record<string, unknown> }).__zod_globalConfig = { jitless: true };
