import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

const apps = [
  // Shoppers see no service status (it is for staff); the storefront shows it reached the API by its products.
  { name: 'storefront', url: 'http://localhost:3001', heading: 'ShopStream', statuses: [] },
  {
    name: 'admin-panel',
    url: 'http://localhost:3002',
    heading: 'ShopStream Admin',
    statuses: ['status-commerce-api'],
  },
  {
    name: 'analytics-dashboard',
    url: 'http://localhost:3003',
    heading: 'ShopStream Analytics',
    statuses: ['status-commerce-api', 'status-analytics-service'],
  },
];

for (const app of apps) {
  test(`the ${app.name} shows the platform's name and reaches the services it talks to`, async ({ page }) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(app.heading);
    if (app.name === 'storefront') {
      await expect(page.locator('a[href^="/product/"]').first()).toBeVisible();
      await expect(page.getByText(/Commerce API|reachable/)).toHaveCount(0);
    }
    for (const status of app.statuses) {
      await expect(page.getByTestId(status)).toContainText('reachable');
      await expect(page.getByTestId(status)).not.toContainText('unreachable');
    }
    await screenshot(page, `platform-${app.name}`);
  });
}
