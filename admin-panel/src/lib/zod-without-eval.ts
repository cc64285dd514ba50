import { z } from 'zod';

// The CSP has no 'unsafe-eval'. Zod would probe `new Function` for its compiled object parsers, and the browser
// reports the refused probe as a CSP violation even though zod catches it. Imported first by main.tsx, before
// any schema is built.
z.config({ jitless: true });
