import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

const folder = new URL('../screenshots/', import.meta.url).pathname;
mkdirSync(folder, { recursive: true });

/** Saves a full-page screenshot under e2e/screenshots, named after the step it shows. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${folder}${name}.png`, fullPage: true });
}
