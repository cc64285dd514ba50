import type { Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const API = process.env.API_URL ?? 'http://localhost:5005';
const PRODUCT = 'lightweight-court-sneakers-sneakers-7';

// A phone: its viewport, touch, and a keypad that types digits only (no slash key on inputmode=numeric).
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function addThroughApi(page: Page) {
  const product = (await (await page.request.get(`${API}/catalog/products/${PRODUCT}`)).json()) as {
    variants: { id: string; inStock: boolean }[];
  };
  const variant = product.variants.find((entry) => entry.inStock);
  expect(variant, `${PRODUCT} has no variant in stock: reseed the demo shop`).toBeDefined();
  const response = await page.request.post(`${API}/cart/items`, {
    data: { variantId: variant?.id, quantity: 1 },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Taps a field and types on the keypad, key by key, as a phone sends them. */
async function typeOnKeypad(page: Page, label: string, digits: string) {
  await page.getByLabel(label).tap();
  for (const key of digits) await page.keyboard.press(key);
}

test('on a phone, the card is typed as digits, the expiry gets its slash, and the order is placed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await addThroughApi(page);
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
