import type { Page } from '@playwright/test';
import { addVariantInStock } from '../support/cart';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const PRODUCT = 'lightweight-court-sneakers-sneakers-7';

// A phone: its viewport, touch, and a keypad that types digits only (no slash key on inputmode=numeric).
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Taps a field and types on the keypad, key by key, as a phone sends them. */
async function typeOnKeypad(page: Page, label: string, digits: string) {
  await page.getByLabel(label).tap();
  for (const key of digits) await page.keyboard.press(key);
}

test('on a phone, the card is typed as digits, the expiry gets its slash, and the order is placed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await addVariantInStock(page.request, PRODUCT);
  await page.goto(`${STORE}/checkout`);
  await page.getByLabel('Email').fill(`phone-${Date.now()}@example.com`);
  await page.getByLabel('Full name').fill('Erika Mustermann');
  await page.getByLabel('Address', { exact: true }).fill('Hauptstraße 5');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').selectOption('DE');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  await page.getByRole('button', { name: 'Continue to payment' }).click();

  // The keypad and autofill each field asks for.
  for (const [label, autocomplete] of [
    ['Card number', 'cc-number'],
    ['Expiry (MM/YY)', 'cc-exp'],
    ['CVC', 'cc-csc'],
  ] as const) {
    await expect(page.getByLabel(label)).toHaveAttribute('inputmode', 'numeric');
    await expect(page.getByLabel(label)).toHaveAttribute('autocomplete', autocomplete);
  }

  await typeOnKeypad(page, 'Card number', '4242424242424242');
  await expect(page.getByLabel('Card number')).toHaveValue('4242 4242 4242 4242');
  await typeOnKeypad(page, 'Expiry (MM/YY)', '12');
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('12');
  await page.keyboard.press('2');
  await page.keyboard.press('9');
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('12/29');
  // A slip of the finger is corrected with backspace, across the slash.
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('12');
  await page.keyboard.press('2');
  await page.keyboard.press('9');
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('12/29');
  await typeOnKeypad(page, 'CVC', '123');
  await screenshot(page, 'storefront-phone-card-390');
  await page.getByRole('button', { name: 'Continue to review' }).tap();

  await expect(page.getByText('Card ending in 4242').first()).toBeVisible();
  await page.getByRole('button', { name: 'Place order' }).tap();
  await expect(page).toHaveURL(/\/checkout\/confirmation\/SS-\d+$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Order confirmed');
  await screenshot(page, 'storefront-phone-card-confirmation-390');
});
