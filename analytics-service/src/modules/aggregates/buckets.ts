import { EcommerceEvent } from '@shopstream/contracts';
import type { BucketIncrement, Counters, Granule, StoredEventDoc } from './documents';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const sizeOf: Record<Granule, number> = { m: MINUTE, h: HOUR, d: DAY };

export const bucketStart = (time: Date, g: Granule) =>
  new Date(Math.floor(time.getTime() / sizeOf[g]) * sizeOf[g]);

export const bucketId = (site: string, g: Granule, t: Date, dim: string, key: string) =>
  `${site}|${g}|${t.toISOString()}|${dim}|${key}`;

/** The country key of browser events whose address names no country (private, unknown, none). */
export const UNKNOWN_COUNTRY = '(unknown)';

export const visitorMarkKey = (event: StoredEventDoc, g: 'h' | 'd') =>
  `${event.site}|${g}|${bucketStart(event.occurredAt, g).toISOString()}|${event.visitorId}`;

interface OrderLine {
  product_id: string;
  name?: string;
  price?: number;
  quantity?: number;
}

/** What one event adds to the site totals: the same function on replay, so an apply is repeatable. */
function totalsOf(event: StoredEventDoc): Counters {
  const counters: Counters = { events: 1 };
  if (event.type === 'page') counters.pageviews = 1;
  // An app's screen views are reported apart: a pageview is a web page.
  if (event.type === 'screen') counters.screens = 1;
  const properties = event.properties;
  switch (event.name) {
    case EcommerceEvent.ProductViewed:
      counters.productViews = 1;
      break;
    case EcommerceEvent.ProductAdded:
      counters.productAdds = 1;
      break;
    case EcommerceEvent.CartViewed:
      counters.cartViews = 1;
      break;
    case EcommerceEvent.CheckoutStarted:
      counters.checkouts = 1;
      break;
    case EcommerceEvent.OrderCompleted:
      if (event.trusted) {
        counters.orders = 1;
        counters.revenue = Number(properties.total ?? 0);
      }
      break;
    // The ledger: one `Order Refunded` per refund (its own amount), one `Order Cancelled` per cancellation
    // (what was captured and not yet refunded), so net revenue = revenue − refunded − cancelled, each cent once.
    case EcommerceEvent.OrderRefunded:
      if (event.trusted) {
        counters.refunds = 1;
        counters.refunded = Number(properties.total ?? 0);
      }
      break;
    case EcommerceEvent.OrderCancelled:
      if (event.trusted) {
        counters.cancellations = 1;
        counters.cancelled = Number(properties.total ?? 0);
      }
      break;
  }
  return counters;
}

class IncrementSet {
  private readonly byId = new Map<string, BucketIncrement>();

  add(site: string, g: Granule, time: Date, dim: string, key: string, counters: Counters, name?: string) {
    const t = bucketStart(time, g);
    const id = bucketId(site, g, t, dim, key);
    let entry = this.byId.get(id);
    if (!entry) {
      entry = { id, site, g, t, dim, key, inc: {} };
      this.byId.set(id, entry);
    }
    if (name) entry.name = name;
    for (const [counter, value] of Object.entries(counters)) {
      if (value) entry.inc[counter] = (entry.inc[counter] ?? 0) + value;
    }
  }

  list() {
    return [...this.byId.values()].filter((entry) => Object.keys(entry.inc).length > 0);
  }
}

/**
 * Every bucket increment of a set of events: site totals per minute, hour and day; breakdowns per page,
 * referrer, UTM, country, device, browser, OS, hostname, screen class, language, region, product and `track` event name per hour and day. `markOwners` maps each visitor mark
 * to the one event that owns it, so a unique visitor counts once per hour and per day.
 */
export function incrementsOf(events: StoredEventDoc[], markOwners: Map<string, string>): BucketIncrement[] {
  const set = new IncrementSet();
  for (const event of events) {
    const totals = totalsOf(event);
    const at = event.occurredAt;
    set.add(event.site, 'm', at, 'total', '', totals);
    for (const g of ['h', 'd'] as const) {
      const visitors = markOwners.get(visitorMarkKey(event, g)) === event._id ? 1 : 0;
      set.add(event.site, g, at, 'total', '', { ...totals, visitors });
      const views = { pageviews: totals.pageviews ?? 0, events: 1 };
      if (event.type === 'page') {
        set.add(event.site, g, at, 'page', event.path ?? '/', views);
        set.add(event.site, g, at, 'referrer', event.referrerHost ?? '(direct)', views);
        if (event.utm.source) set.add(event.site, g, at, 'utm_source', event.utm.source, views);
        if (event.utm.campaign) set.add(event.site, g, at, 'utm_campaign', event.utm.campaign, views);
      }
      if (event.type === 'track') set.add(event.site, g, at, 'event', event.name, { events: 1 });
      if (!event.trusted) {
        set.add(event.site, g, at, 'country', event.country ?? UNKNOWN_COUNTRY, views);
        set.add(event.site, g, at, 'device', event.device, views);
        set.add(event.site, g, at, 'browser', event.browser, views);
        set.add(event.site, g, at, 'os', event.os, views);
        set.add(event.site, g, at, 'hostname', event.hostname ?? '(none)', views);
        set.add(event.site, g, at, 'screen', event.screen ?? 'Unknown', views);
        set.add(event.site, g, at, 'language', event.language ?? 'Unknown', views);
        set.add(event.site, g, at, 'region', event.region ?? UNKNOWN_COUNTRY, views);
      }
      const properties = event.properties;
      const productName = typeof properties.name === 'string' ? properties.name : undefined;
      if (event.name === EcommerceEvent.ProductViewed && typeof properties.product_id === 'string') {
        set.add(event.site, g, at, 'product', properties.product_id, { views: 1 }, productName);
      }
      if (event.name === EcommerceEvent.ProductAdded && typeof properties.product_id === 'string') {
        set.add(event.site, g, at, 'product', properties.product_id, { adds: 1 }, productName);
      }
      if (event.name === EcommerceEvent.OrderCompleted && event.trusted) {
        const lines = Array.isArray(properties.products) ? (properties.products as OrderLine[]) : [];
        for (const line of lines) {
          const quantity = line.quantity ?? 1;
          set.add(
            event.site,
            g,
            at,
            'product',
            line.product_id,
            { purchases: quantity, revenue: (line.price ?? 0) * quantity },
            line.name,
          );
        }
      }
    }
  }
  return set.list();
}
