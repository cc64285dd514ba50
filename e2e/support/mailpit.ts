import { expect, type Page } from '@playwright/test';
import { screenshot } from './screenshots';

/** The Mailpit the stack sends to (scripts/provision.sh or compose's mailpit service). */
export const MAILPIT = process.env.MAILPIT_URL ?? 'http://localhost:8025';

export interface Mail {
  ID: string;
  MessageID: string;
  Subject: string;
  HTML: string;
  Text: string;
}

/** Messages to an address, read through Mailpit's HTTP API. */
export async function mailsTo(address: string): Promise<{ ID: string; Subject: string }[]> {
  const response = await fetch(
    `${MAILPIT}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}&limit=100`,
  );
  expect(response.ok).toBe(true);
  return ((await response.json()) as { messages: { ID: string; Subject: string }[] }).messages;
}

/** Waits for a message to the address whose subject matches, and reads it in full. */
export async function waitForMail(address: string, subject: RegExp, timeout = 30_000): Promise<Mail> {
  let id = '';
  await expect(async () => {
    const found = (await mailsTo(address)).find((m) => subject.test(m.Subject));
    expect(found, `a mail to ${address} matching ${subject}`).toBeTruthy();
    id = found!.ID;
  }).toPass({ timeout, intervals: [250, 500, 1000] });
  return (await (await fetch(`${MAILPIT}/api/v1/message/${id}`)).json()) as Mail;
}

/** The first link of the mail's HTML whose address matches. */
export function linkIn(mail: Mail, pattern: RegExp): string {
  const hrefs = [...mail.HTML.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} in "${mail.Subject}"`).toBeTruthy();
  return href!;
}

/** Saves the mail as Mailpit's web UI shows it (its HTML view), for a person to look at. */
export async function screenshotInMailpit(page: Page, mail: Mail, name: string) {
  await page.goto(`${MAILPIT}/view/${mail.ID}`);
  await expect(page.getByText(mail.Subject).first()).toBeVisible();
  const preview = page.frameLocator('#preview-html');
  await expect(preview.locator('body')).not.toBeEmpty();
  await screenshot(page, `mail-${name}`);
}
