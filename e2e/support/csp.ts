import type { Page } from '@playwright/test';

/**
 * Collects what the browser says about Content Security Policy on a page: console messages naming it and
 * `securitypolicyviolation` events (Playwright's init script is not itself subject to the page's CSP).
 * Call before the first navigation; the returned function lists everything seen so far.
 */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (/content security policy|csp/i.test(message.text())) messages.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return async () => {
    const events = await page
      .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
      .catch(() => [] as string[]);
    return [...messages, ...events.map((event) => `event: ${event}`)];
  };
}
