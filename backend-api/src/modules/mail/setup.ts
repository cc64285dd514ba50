import type { ShopSettings } from '@shopstream/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { createOrderLinks } from '../guest-orders/links';
import { createMailRelay } from './relay';
import { createMailRepository } from './repository';
import { createMailService } from './service';
import type { ShopInfo } from './templates';

/** Guest links in order messages work this long (the customer's own order page needs no link). */
export const ORDER_MAIL_LINK_TTL_SECONDS = 90 * 86_400;

/** The shop as messages show it, from the shop settings (name, address, currency, locale, time zone). */
export function shopInfoFrom(getShopSettings: () => Promise<ShopSettings>, storefrontUrl: string) {
  return async (): Promise<ShopInfo> => {
    const shop = await getShopSettings();
    const country =
      new Intl.DisplayNames(['en'], { type: 'region' }).of(shop.address.country) ?? shop.address.country;
    return {
      name: shop.name,
      // The footer starts with the shop's name; the legal name follows only when it differs.
      address: [
        ...(shop.address.name && shop.address.name !== shop.name ? [shop.address.name] : []),
        shop.address.street,
        `${shop.address.postcode} ${shop.address.city}`,
        country,
      ],
      currency: shop.currency,
      locale: shop.locale,
      timeZone: shop.timeZone,
      storefrontUrl,
    };
  };
}

/** The mail module of one API process: the service other modules enqueue through, and the SMTP relay. */
export function createMail(
  db: Database,
  config: Config,
  log: FastifyBaseLogger,
  getShopSettings: () => Promise<ShopSettings>,
) {
  const repo = createMailRepository(db);
  const orderLinks = createOrderLinks(config.JWT_SECRET);
  const storefront = config.STOREFRONT_URL.replace(/\/$/, '');
  const service = createMailService(repo, {
    storefrontUrl: storefront,
    adminUrl: config.ADMIN_URL.replace(/\/$/, ''),
    orderUrl: (order) =>
      order.userId
        ? `${storefront}/account/orders/${encodeURIComponent(order.number)}`
        : `${storefront}/orders/view?token=${orderLinks.token(order, ORDER_MAIL_LINK_TTL_SECONDS)}`,
  });
  const relay = createMailRelay(
    repo,
    shopInfoFrom(getShopSettings, storefront),
    {
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      batchSize: config.MAIL_BATCH_SIZE,
      pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
      maxBackoffMs: config.MAIL_MAX_BACKOFF_MS,
    },
    log,
  );
  return { service, relay, orderLinks, repo };
}
