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

/** The shop as messages show it. */
export function shopInfoFrom(config: Config): () => Promise<ShopInfo> {
  const info: ShopInfo = {
    name: 'ShopStream Demo Store',
    address: ['1 Example Street', '10115 Berlin', 'Germany'],
    currency: 'EUR',
    locale: 'en-IE',
    timeZone: 'Europe/Berlin',
    storefrontUrl: config.STOREFRONT_URL,
  };
  return async () => info;
}

/** The mail module of one API process: the service other modules enqueue through, and the SMTP relay. */
export function createMail(db: Database, config: Config, log: FastifyBaseLogger) {
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
    shopInfoFrom(config),
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
