import { expect, test } from '@playwright/test';
import { screenshot } from '../support/screenshots';

const apps = [
  { name: 'storefront', url: 'http://localhost:3001', heading: 'ShopStream', statuses: ['api-status'] },
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
    for (const status of app.statuses) {
      await expect(page.getByTestId(status)).toContainText('reachable');
      await expect(page.getByTestId(status)).not.toContainText('unreachable');
    }
    await screenshot(page, `platform-${app.name}`);
  });
}
