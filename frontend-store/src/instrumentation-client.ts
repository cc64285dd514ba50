import { config } from 'zod/v4/core';

// Runs before the app's own code in the browser. The CSP has no 'unsafe-eval' (src/proxy.ts); zod would probe
// `new Function` for its compiled object parsers when the account and checkout pages build their schemas, and
// the browser reports the refused probe as a CSP violation even though zod catches it.
config({ jitless: true });
