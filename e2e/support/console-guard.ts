import { type BrowserContext, test as base, expect } from '@playwright/test';

/**
 * Fails a test on anything the browser reports as wrong on a page it visits: a console error (React's
 * hydration mismatches are console errors), an uncaught exception, a request that failed, or an answer of
 * 400 or more. Specs import `test` and `expect` from here instead of '@playwright/test'; the guard watches
 * the test's own browser context by itself, and any other context the test opens once it is passed to
 * `consoleGuard.watch`.
 *
 * Requests aborted by the page itself (`net::ERR_ABORTED`: Next cancelling a prefetch when the shopper
 * navigates, a search box cancelling a stale suggestion request, a beacon cut off by the next page) are
 * not failures. A step that provokes an error on purpose (a declined card's 402, a missing page's 404)
 * says so with `consoleGuard.allow(pattern)`, matched against the problem's text, which names the URL.
 */
export interface ConsoleGuard {
  watch(context: BrowserContext): void;
  allow(pattern: RegExp): void;
  /** What was seen and not allowed, so far. */
  problems(): string[];
}

export const test = base.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ context }, use) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      const watched = new Set<BrowserContext>();
      const watch = (target: BrowserContext) => {
        if (watched.has(target)) return;
        watched.add(target);
        target.on('console', (message) => {
          if (message.type() !== 'error') return;
          const where = message.location().url || message.page()?.url() || '';
          seen.push(`console error: ${message.text()} (${where})`);
        });
        target.on('weberror', (error) => {
          seen.push(`uncaught ${error.error().message} (${error.page()?.url() ?? ''})`);
        });
        target.on('requestfailed', (request) => {
          const reason = request.failure()?.errorText ?? 'failed';
          if (reason === 'net::ERR_ABORTED') return;
          seen.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
        });
        target.on('response', (response) => {
          if (response.status() < 400) return;
          seen.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
        });
      };
      watch(context);
      const problems = () => seen.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
      await use({ watch, allow: (pattern) => allowed.push(pattern), problems });
      expect(problems(), 'console errors, uncaught errors and failed requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
