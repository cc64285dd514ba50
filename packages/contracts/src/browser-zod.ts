import { z } from 'zod';

// The web apps run under a CSP without 'unsafe-eval'. Zod probes `new Function` for its compiled object parsers
// when a schema is built, and the browser reports the refused probe as a CSP violation even though zod catches
// it. Imported first by this package's index, so it runs before any schema here is built, whichever chunk a
// bundler puts them in. Servers keep the compiled parsers.
if ('window' in globalThis) z.config({ jitless: true });
