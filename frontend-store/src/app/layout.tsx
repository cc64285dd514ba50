import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { type ReactNode, Suspense } from 'react';
import { PageViews } from '@/features/analytics/page-views';
import { CartDrawer } from '@/features/cart/cart-drawer';
import { ShopSettingsBridge } from '@/features/layout/shop-settings-bridge';
import { SiteFooter } from '@/features/layout/site-footer';
import { SiteHeader } from '@/features/layout/site-header';
import { env } from '@/lib/env';
import { loadShopSettings } from '@/lib/load-shop-settings';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(env.NEXT_PUBLIC_SITE_URL),
  title: { default: 'ShopStream', template: '%s · ShopStream' },
  description: 'An open-source shop with real-time analytics.',
  applicationName: 'ShopStream',
  openGraph: { siteName: 'ShopStream', type: 'website', locale: 'en_IE' },
};

export const viewport: Viewport = { themeColor: '#1e3a8a', width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so its scripts carry the nonce of that request's CSP (src/proxy.ts);
  // a page prerendered at build time would have none, and the browser would refuse to run it.
  await connection();
  // The shop's locale and currency for every price on the page (null while the API cannot be reached).
  const settings = await loadShopSettings().catch(() => null);
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-white text-slate-900 antialiased">
        <ShopSettingsBridge
          settings={
            settings && {
              locale: settings.locale,
              currency: settings.currency,
              timeZone: settings.timeZone,
              pricesIncludeTax: settings.pricesIncludeTax,
            }
          }
        />
        <a
          href="#main"
          className="sr-only rounded bg-blue-800 px-4 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter />
        <CartDrawer />
        <Suspense>
          <PageViews />
        </Suspense>
      </body>
    </html>
  );
}
